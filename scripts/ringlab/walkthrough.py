"""walkthrough.py — `make walkthrough LAB=N BUGS=name`.

Runs the guided gdb session of one injected bug in batch mode against the
bug build and prints the transcript: gdb's output, each command echoed as
`+command` (gdb's trace-commands), then the serial console. This is what the
lab handout quotes, and handout_check.py proves the quotes still match.

The session is declared in the bug's [[bug]] entry of lab.toml:
    walkthrough = "walkthrough/<bug>.gdb"    (relative to the lab folder)
    walkthrough_cmdline = "..."              (optional kernel command line)
    walkthrough_icount = true                (optional)
    walkthrough_reverse = "walkthrough/<bug>-reverse.gdb"
                                             (optional: MODE=reverse)

MODE=reverse (--mode reverse) records one run of the bug build with the
same command line (record.py, as `make record`), then runs the reverse
session against its replay (as `make replay-gdb` and `make gdb`): the
handout's "go backwards" section, which starts at the harm and asks gdb
who caused it.
"""
import argparse
import os
import shutil
import sys

from . import check, cmake, gdb as gdb_mod, manifest, paths, record


def walkthrough_variant(lab, bug):
    """The bug build (in a student tree, where the bug is in the code: the plain one)."""
    return manifest.variant_name(str(lab["number"]),
                                 manifest.plain_bugs([bug["name"]], {bug["name"]: bug}))


def walkthrough_test(lab, bug):
    return {
        "name": f"walkthrough-{bug['name']}", "stage": str(lab["number"]),
        "bugs": [bug["name"]], "cmdline": bug.get("walkthrough_cmdline", ""),
        "variant": walkthrough_variant(lab, bug),
        "icount": bug.get("walkthrough_icount", False),
        "qemu": list(bug.get("walkthrough_qemu", [])),        # e.g. lab 5's -smp 2
    }


def run(build, lab, bug, timeout=90):
    """Returns (rc, text): gdb's transcript + the serial console."""
    script = os.path.join(lab["dir"], bug["walkthrough"])
    t = walkthrough_test(lab, bug)
    workdir = os.path.join(build, "test-run")
    os.makedirs(workdir, exist_ok=True)
    iso = check.test_iso(build, t, workdir)
    traced = os.path.join(workdir, f"walkthrough-{bug['name']}-{os.getpid()}.gdb")
    with open(traced, "w") as f:
        f.write("set trace-commands on\n" + open(script).read())
    try:
        rc, transcript, serial = gdb_mod.session(
            iso, paths.variant_elf(build, t["variant"]), traced, icount=t["icount"],
            extra=t["qemu"], timeout=timeout, serial_log=os.path.join(workdir, f"wt-{bug['name']}-{os.getpid()}.serial"))
    finally:
        os.unlink(traced)
        if iso.startswith(workdir):
            os.unlink(iso)
    return rc, transcript + "\n--- serial console ---\n" + serial


def run_reverse(build, lab, bug, timeout=240):
    """Record the bug's run, replay it under the reverse session. Returns
    (rc, text): the recording's console, gdb's transcript, the replay's
    console. (The timeout is below tests/reverse.toml's, so that a replay
    that hangs is reported here, and its QEMU stopped.)"""
    script = os.path.join(lab["dir"], bug["walkthrough_reverse"])
    variant = walkthrough_variant(lab, bug)
    workdir = os.path.join(build, "test-run")
    folder = os.path.join(workdir, f"record-{bug['name']}-{os.getpid()}")
    traced = os.path.join(workdir, f"walkthrough-{bug['name']}-reverse-{os.getpid()}.gdb")
    try:
        rc, seconds, console = record.record(build, variant, bug.get("walkthrough_cmdline", ""),
                                             folder, timeout=timeout, capture=True)
        head = f"--- recording ---\n{console}{record.describe(folder, seconds)}\n"
        if rc is None:
            return 1, head
        with open(traced, "w") as f:
            f.write("set trace-commands on\n" + open(script).read())
        rc, transcript, serial = gdb_mod.session(
            None, paths.variant_elf(build, variant), traced, timeout=timeout,
            serial_log=os.path.join(workdir, f"wt-{bug['name']}-reverse-{os.getpid()}.serial"),
            command=lambda serial_arg, stop: record.qemu_args(folder, "replay", serial_arg, stop))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if os.path.exists(traced):
            os.unlink(traced)
    return rc, head + "--- replay under gdb ---\n" + transcript + \
        "\n--- serial console (replay) ---\n" + serial


def find(lab_no, bug_name, mode=""):
    _, labs, bugs = manifest.load_tests(paths.ROOT)
    if bug_name not in bugs:
        sys.exit(f"walkthrough: unknown bug {bug_name!r} (`make bugs` lists them)")
    bug = bugs[bug_name]
    lab = labs[bug["lab"]]
    if lab_no and int(lab_no) != bug["lab"]:
        sys.exit(f"walkthrough: bug {bug_name} belongs to lab {bug['lab']}, not {lab_no}")
    key = "walkthrough_reverse" if mode == "reverse" else "walkthrough"
    if key not in bug:
        sys.exit(f"walkthrough: bug {bug_name} has no {key} in its lab.toml")
    return lab, bug


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--lab", default="")
    p.add_argument("--bug", required=True)
    p.add_argument("--build", default=os.path.join(paths.ROOT, "build"))
    p.add_argument("--no-build", action="store_true", help="use the ISO as it is")
    p.add_argument("--mode", choices=["", "reverse"], default="",
                   help="reverse: the session that runs backwards on a recording")
    a = p.parse_args()
    build = os.path.abspath(a.build)
    lab, bug = find(a.lab, a.bug, a.mode)
    variant = walkthrough_variant(lab, bug)
    if not a.no_build:
        cmake.ensure(build, [f"iso-{variant}"], who="walkthrough")
    rc, text = run_reverse(build, lab, bug) if a.mode == "reverse" else run(build, lab, bug)
    print(text)
    earlier = [b["name"] for b in lab["bugs"]][:[b["name"] for b in lab["bugs"]].index(bug["name"])]
    if (rc != 0 or "Remote connection closed" in text) and earlier and bug.get("in_tree"):
        print(f"walkthrough: the session ended early. In this tree {bug['name']} shows only "
              f"once {', '.join(earlier)} (listed before it by `make bugs`) is fixed: "
              "fix that first.", file=sys.stderr)
    return rc


if __name__ == "__main__":
    sys.exit(main())

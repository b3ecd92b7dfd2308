"""student.py — walk lab N's student tree through its handout (by hand, and inside ctest kit.labN).

    ringlab student --lab N [--build build] [--work DIR] [--state S ...] [--refresh]

The handout is the product, and the student tree is where it must hold.
This writes lab N's student tree (`make handout`) and puts it, in turn, in
each state the handout walks a student through (docs/handout-format.md):

    handed       as `make handout` wrote it: both of lab N's bugs in the code
    first-fixed  the first bug (lab.toml's order) fixed the reference way
    solved       both fixed

In each state, inside the tree and with the tree's own scripts, it runs

    python3 -m ringlab handout-check labs/NN-name --state S

(every `text run` block's command and every gdb session of that state,
typed as a student types it), and `make walkthrough LAB=N BUGS=<bug>` for
the bug a student debugs in that state (handed: the first, first-fixed:
the second), which must run to its end without losing QEMU. In state
handed it also checks every Markdown link of the tree. Prints one line per
step and `student lab N: X passed, Y failed` last.

--refresh: quoted lines whose numbers moved (an address, a CR3) are
rewritten from the real output into this tree's labs/NN/README.md; lines
whose words changed are listed as needing a person. Read the diff.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time

from .. import gdbtype, manifest, paths
from . import handout
from ..handout_check import LINK, STATES, clean_env
from ..guard import Deadline, stretched
from ..runtest import cpu_seconds


class Walk:
    def __init__(self):
        self.passed = self.failed = 0
        self.clock = time.monotonic()
        self.cpu = cpu_seconds()

    def report(self, ok, step, detail, output=""):
        now, cpu = time.monotonic(), cpu_seconds()
        print(f"{'ok  ' if ok else 'FAIL'} {step}: {detail} "
              f"[{now - self.clock:.1f}s, cpu {cpu - self.cpu:.1f}s]", flush=True)
        self.clock, self.cpu = now, cpu
        if not ok and output:
            lines = output.rstrip().splitlines()
            shown = lines if len(lines) <= 120 else lines[:40] + ["..."] + lines[-80:]
            print("     " + "\n     ".join(shown))
        self.passed += ok
        self.failed += not ok


def in_tree(root, args, timeout=900):
    """Run args in the tree at root, `python3 -m ringlab` being its own package."""
    r = subprocess.run(args, cwd=root, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, errors="replace",
                       timeout=stretched(timeout), env=paths.tool_env(root, clean_env()))
    return r.returncode, r.stdout


def markdown_links(root):
    """Links of the tree's Markdown files that lead nowhere."""
    bad = []
    for d, dirs, names in os.walk(root):
        dirs[:] = [x for x in dirs if x not in ("build", ".git")]
        for name in names:
            if not name.endswith(".md"):
                continue
            path = os.path.join(d, name)
            inside = False
            for k, line in enumerate(open(path), 1):
                if line.startswith("```"):
                    inside = not inside
                for target in [] if inside else LINK.findall(line):
                    if re.match(r"[a-z]+:|#", target):
                        continue
                    if not os.path.exists(os.path.join(d, target.split("#")[0])):
                        bad.append(f"{os.path.relpath(path, root)}:{k}: {target}")
    return bad


def launch_json(root, n):
    """Run the gdb commands .vscode/launch.json configures, beside
    `make qemu-gdb`, and stop at kmain. Returns (ok, transcript)."""
    import json
    conf = json.load(open(os.path.join(root, ".vscode", "launch.json")))["configurations"][0]
    texts = [c["text"] for c in conf["setupCommands"] + conf["customLaunchSetupCommands"]]
    texts = [t.replace("${workspaceFolder}", root) for t in texts]
    env = dict(clean_env(), RINGLAB_GDB_PORT=str(gdbtype.free_port()))
    q = subprocess.Popen(["make", "--no-print-directory", "qemu-gdb", f"LAB={n}"], cwd=root,
                         env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = Deadline(300)
        while not gdbtype.port_open(int(env["RINGLAB_GDB_PORT"])):
            if q.poll() is not None or deadline.left() <= 0:
                return False, "make qemu-gdb never waited for gdb"
            time.sleep(0.05)
        args = ["gdb", "-q", "-nx", "-batch"]
        for t in texts + ["break kmain", "continue"]:
            args += ["-ex", t]
        r = subprocess.run(args, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=stretched(120))
        return "Breakpoint 1, kmain" in r.stdout, r.stdout
    finally:
        gdbtype.kill_group(q)


def versions(src, n, bugs):
    first = [b["name"] for b in bugs]
    out = {"handed": handout.generate(src, n, None, None), "solved": handout.generate(src, n, None, set())}
    if len(first) > 1:
        out["first-fixed"] = handout.generate(src, n, None, set(first[1:]))
    return out


def walk_state(walk, root, n, lab, state, refresh=False):
    """The checks of one state, in the student tree at root (already in that
    state). walk.report(ok, step, detail, output) records each. Returns the
    handout lines a refresh changed ({line index: text})."""
    bugs = lab["bugs"]
    labdir = os.path.relpath(lab["dir"], paths.ROOT)
    debugged = {"handed": bugs[0]["name"] if bugs else None,
                "first-fixed": bugs[1]["name"] if len(bugs) > 1 else None}
    if state == "handed":
        bad = markdown_links(root)
        walk.report(not bad, "links", "every Markdown link of the tree leads somewhere"
                    if not bad else f"{len(bad)} lead nowhere", "\n".join(bad))
        ok, out = launch_json(root, n)
        walk.report(ok, "launch.json", "its gdb commands attach to `make qemu-gdb` and stop "
                    "at kmain" if ok else "its gdb commands do not reach kmain", out)
    readme = os.path.join(root, labdir, "README.md")
    before = open(readme).read()
    rc, out = in_tree(root, paths.tool_command("handout-check", labdir, "--state", state)
                      + (["--refresh"] if refresh else []))
    changed = changed_lines(before, open(readme).read()) if refresh else {}
    last = out.strip().splitlines()[-1] if out.strip() else "(no output)"
    problems = [l for l in out.splitlines() if re.match(r"\S+\.md:\d+: ", l)]
    walk.report(rc == 0, f"handout, state {state}", last,   # what differs, first
                "\n".join(problems + ["--- the checker's whole output ---", out]))
    bug = debugged.get(state)
    if bug and any(b["name"] == bug and "walkthrough" in b for b in bugs):
        rc, out = in_tree(root, ["make", "--no-print-directory", "walkthrough",
                                 f"LAB={n}", f"BUGS={bug}"])
        lost = gdbtype.LOST in out
        walk.report(rc == 0 and not lost, f"walkthrough {bug}, state {state}",
                    "runs to its end" if rc == 0 and not lost else
                    f"exit {rc}" + (", gdb lost QEMU" if lost else ""), out)
    return changed


def changed_lines(before, after):
    """{line index: new text} (a refresh changes lines, never their number)."""
    a, b = before.split("\n"), after.split("\n")
    return {k: y for k, (x, y) in enumerate(zip(a, b)) if x != y} if len(a) == len(b) else {}


def run(n, work, states, refresh=False):
    _, labs, _ = manifest.load_tests(paths.ROOT)
    if n not in labs:
        sys.exit(f"student: no lab {n}")
    lab = labs[n]
    bugs = lab["bugs"]
    walk, refreshed_lines = Walk(), {}
    shutil.rmtree(work, ignore_errors=True)
    src = handout.snapshot(paths.ROOT, os.path.join(work, "src"))
    root = os.path.join(work, "tree")
    plain = handout.generate(src, n, root)
    from .kit import Tree        # (kit.py imports this module)
    tree = Tree(root, plain)
    trees = versions(src, n, bugs)
    for state in states:
        if state not in trees:
            continue
        tree.switch(trees[state])
        refreshed_lines.update(walk_state(walk, root, n, lab, state, refresh))
    if refresh and refreshed_lines:
        source = os.path.join(lab["dir"], "README.md")
        lines = open(source).read().split("\n")
        for k, text in refreshed_lines.items():
            lines[k] = text
        open(source, "w").write("\n".join(lines))
        print(f"student: {len(refreshed_lines)} lines of {os.path.relpath(source, paths.ROOT)} "
              "refreshed from the student tree: read the diff")
    print(f"student lab {n}: {walk.passed} passed, {walk.failed} failed")
    return 1 if walk.failed else 0


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--lab", required=True, type=int)
    p.add_argument("--build", default=os.path.join(paths.ROOT, "build"))
    p.add_argument("--work", help="default: <build>/student/labN")
    p.add_argument("--state", action="append", choices=STATES,
                   help="only this state (repeatable; default: all three)")
    p.add_argument("--refresh", action="store_true",
                   help="write quoted values that moved back into this tree's handout "
                        "(the lab's README.md must have no instructor-only region)")
    a = p.parse_args()
    work = os.path.abspath(a.work or os.path.join(a.build, "student", f"lab{a.lab}"))
    try:
        return run(a.lab, work, a.state or list(STATES), a.refresh)
    except handout.HandoutError as e:
        print(f"FAIL handout: {e}")
        print(f"student lab {a.lab}: 0 passed, 1 failed")
        return 1


if __name__ == "__main__":
    sys.exit(main())

"""check.py — run one manifest test and judge it.

Used by runtest.py (ctest) and grade.py (make grade). A test passes only if
the run ended the way `status` says, every `expect` pattern appears (in
order), and no `forbid` pattern appears anywhere.
"""
import os
import re
import subprocess
import sys
import time

from . import iso as iso_mod
from . import paths, proof, qemu
from .guard import Deadline


class Verdict:
    def __init__(self, ok, reasons, result=None, seconds=0.0, log=""):
        self.ok = ok
        self.reasons = reasons          # one line each: what was wrong
        self.result = result
        self.seconds = seconds
        self.log = log                  # everything worth keeping

    @property
    def kind(self):
        """'pass', 'timeout' or 'wrong output' (for graders)."""
        if self.ok:
            return "pass"
        if self.result is not None and getattr(self.result, "status", "") == "timeout":
            return "timeout"
        return "wrong output"


def what_it_saw(text, n=3):
    """The lines worth showing a student next to a failure: a fault report
    if there is one, else the last few lines of output."""
    lines = [l for l in text.splitlines() if l.strip()]
    key = [l for l in lines if l.startswith(("FATAL", "user fault", "init: exec"))]
    return (key[:2] or lines[-n:]) if lines else ["(no output at all)"]


def match_expectations(test, text, status, exit_status=None):
    reasons = []
    want = test["status"]
    if want.startswith("exit:"):
        if status != "failure" or exit_status != int(want[5:]):
            reasons.append(f"expected exit status {want[5:]}, the run ended: {status}"
                           + (f" {exit_status}" if exit_status is not None else ""))
    elif status != want:
        reasons.append(f"expected the run to end with '{want}', it ended with '{status}'")
    pos = 0
    for pat in test["expect"]:
        m = re.compile(pat, re.M).search(text, pos)
        if not m:
            where = "after the previous match" if pos else "anywhere"
            anywhere = re.search(pat, text, re.M)
            reasons.append(f"missing expected output /{pat}/ {where}"
                           + (" (it appears earlier, out of order)" if anywhere and pos else ""))
        else:
            pos = m.end()
    for pat in test.get("expect_unordered", []):
        if not re.search(pat, text, re.M):
            reasons.append(f"missing expected output /{pat}/")
    for pat in test["forbid"]:
        m = re.search(pat, text, re.M)
        if m:
            line = text[text.rfind("\n", 0, m.start()) + 1:].split("\n", 1)[0]
            reasons.append(f"forbidden output /{pat}/ appeared: {line.strip()!r}")
    return reasons


def test_iso(build, test, workdir):
    iso = paths.variant_iso(build, test["variant"])
    if not os.path.exists(iso):
        raise FileNotFoundError(
            f"{iso} is missing: build it with `cmake --build {build} --target iso-{test['variant']}`"
            " (make test does this)")
    files = {}
    if test.get("initrd"):              # another initrd in the ISO's place
        files["/boot/initrd.tar"] = os.path.join(build, "userspace", f"initrd-{test['initrd']}.tar")
        if not os.path.exists(files["/boot/initrd.tar"]):
            raise FileNotFoundError(f"{files['/boot/initrd.tar']} is missing (make test builds it)")
    if not test["cmdline"] and not test.get("proof_key") and not files:
        return iso
    os.makedirs(workdir, exist_ok=True)
    # Unique per process: `make grade` inside ctest runs the graded tests
    # while ctest runs the same tests by name, side by side.
    out = os.path.join(workdir, f"{test['name']}-{os.getpid()}.iso")
    if test.get("proof_key"):
        return proof.iso_with_proof(iso, out, test["cmdline"], test["proof_key"],
                                    test.get("stage", "full"))
    return iso_mod.with_cmdline(iso, out, test["cmdline"], files)


def differs_in_another_run(iso, t, first):
    """`same_in_two_runs`: boots the test a second time; the lines that
    match the pattern must be the same, in the same order, in both runs."""
    pattern = re.compile(t["same_in_two_runs"])
    second = qemu.boot(iso, icount=t["icount"], extra=t["qemu"], timeout=t["timeout"],
                       stdin_data=t.get("stdin"))
    a = [l for l in first.splitlines() if pattern.search(l)]
    b = [l for l in second.output.splitlines() if pattern.search(l)]
    if not a:
        return [f"same_in_two_runs: no line matches {t['same_in_two_runs']!r}"]
    if a == b:
        return []
    for i, (x, y) in enumerate(zip(a + [""] * len(b), b + [""] * len(a))):
        if x != y:
            return [f"same_in_two_runs: line {i + 1} of the lines matching "
                    f"{t['same_in_two_runs']!r} differs: {x!r} in the first run, {y!r} in a second"]
    return []


def logged_calls(build, test):
    """{name: address} of the functions the test names in `qemu_log_calls`,
    from the variant's symbol table (kernel.sym, `nm -n` of kernel.elf)."""
    names = test.get("qemu_log_calls", [])
    found = {}
    if names:
        sym = os.path.join(paths.variant_dir(build, test["variant"]), "kernel.sym")
        with open(sym) as f:
            for line in f:
                fields = line.split()           # address, type, name
                if len(fields) == 3 and fields[2] in names:
                    found[fields[2]] = int(fields[0], 16)
    return found


def wants_qemu_log(test):
    return bool(test.get("expect_qemu_log") or test.get("forbid_qemu_log")
                or test.get("qemu_log_calls"))


def qemu_log_verdict(test, log_text, status, calls):
    """(reasons, summary): what expect_qemu_log / forbid_qemu_log say of
    QEMU's log. With `qemu_log_calls`, the log they read ends with one
    line per function (qemu.calls_in_log), and summary holds those lines."""
    summary = "".join(line + "\n" for line in qemu.calls_in_log(log_text, calls)) if calls else ""
    qt = {"status": status, "expect": test.get("expect_qemu_log", []),
          "forbid": test.get("forbid_qemu_log", [])}
    reasons = [r + " (in QEMU's -d log)"
               for r in match_expectations(qt, log_text + "\n" + summary, status)]
    if reasons:
        reasons += [f"QEMU's log: {line}" for line in summary.splitlines()]
    missing = [n for n in test.get("qemu_log_calls", []) if n not in calls]
    if missing:
        reasons.append(f"qemu_log_calls: the kernel has no function {', '.join(missing)}")
    return reasons, summary


def calls_section(calls, summary):
    """The summary's part of a test's log (build/test-logs/NAME.log)."""
    if not summary:
        return ""
    return f"\n--- QEMU -d log: the calls of {' '.join(calls)} ---\n{summary}"


def run_boot(build, test, cmdline_extra=""):
    t = dict(test)
    if cmdline_extra:
        t["cmdline"] = (cmdline_extra + " " + t["cmdline"]).strip()
    workdir = os.path.join(build, "test-run")
    os.makedirs(workdir, exist_ok=True)     # QEMU's -D log goes there too
    try:
        iso = test_iso(build, t, workdir)
    except proof.ProofError as e:
        return Verdict(False, [str(e)], None, 0.0, str(e))
    calls = logged_calls(build, t)
    res = qemu.boot(iso, icount=t["icount"], extra=t["qemu"], timeout=t["timeout"],
                    stdin_data=t.get("stdin"), want_qemu_log=wants_qemu_log(t),
                    log_dir=workdir, log_calls=calls.values())
    again = []
    if t.get("same_in_two_runs"):
        again = differs_in_another_run(iso, t, res.output)
    if iso.startswith(workdir):
        os.unlink(iso)
    reasons = match_expectations(t, res.output, res.status, res.exit_status) + again
    if reasons:
        reasons += [f"saw: {l}" for l in what_it_saw(res.output)]
    qlog_reasons, summary = [], ""
    if wants_qemu_log(t):
        # QEMU's own record of every exception (and of every call of the
        # functions it was asked to log): what the kernel cannot hide by
        # printing less (or more) on its console
        qlog_reasons, summary = qemu_log_verdict(t, res.qemu_log, res.status, calls)
    log = (f"$ {' '.join(qemu.command(iso, t['icount'], t['qemu']))}\n"
           f"# cmdline: {t['cmdline']!r}\n# ended: {res.describe()} after {res.seconds:.2f}s\n"
           f"--- serial console ---\n{res.output}")
    if res.qemu_log:
        log += "\n--- QEMU -d log (last 80 lines) ---\n" + \
               "\n".join(res.qemu_log.splitlines()[-80:])
    log += calls_section(calls, summary)
    return Verdict(not (reasons or qlog_reasons), reasons + qlog_reasons, res, res.seconds, log)


def run_command(build, test):
    # the command runs in the tree's top folder, `python3 -m ringlab ...`
    # with this tree's package
    env = paths.tool_env(base=dict(os.environ, RINGLAB_BUILD=build))
    command = [c.replace("${RINGLAB_BUILD}", build) for c in test["command"]]
    if command[0] == "python3":     # the Python running the tests (CMake found 3.11+)
        command[0] = sys.executable
    start, deadline = time.monotonic(), Deadline(test["timeout"])
    p = subprocess.Popen(command, cwd=paths.ROOT, env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    while True:             # (communicate keeps what it read when it times out)
        try:
            out, _ = p.communicate(timeout=max(0.1, min(deadline.left(), 5.0)))
            break
        except subprocess.TimeoutExpired:
            if deadline.left() <= 0:
                p.kill()
                out, _ = p.communicate()
                return Verdict(False, [f"timed out after {deadline.describe()}"], None,
                               time.monotonic() - start, out)
    rc = p.returncode
    status = "success" if rc == 0 else "failure"
    reasons = match_expectations(test, out, status, rc)
    return Verdict(not reasons, reasons, None, time.monotonic() - start,
                   f"$ {' '.join(command)}\n(exit {rc})\n{out}")


def run_gdb(build, test):
    """A gdb session in batch mode against the test's variant, stopped at
    reset. Expectations are matched against gdb's transcript followed by
    the serial console (after a '--- serial console ---' line)."""
    from . import gdb as gdb_mod
    workdir = os.path.join(build, "test-run")
    os.makedirs(workdir, exist_ok=True)     # QEMU's -D log goes there too
    iso = test_iso(build, test, workdir)
    script = os.path.join(paths.ROOT, test["gdb_script"])
    extra, qemu_log, calls = list(test["qemu"]), None, logged_calls(build, test)
    if wants_qemu_log(test):
        qemu_log = os.path.join(workdir, f"{test['name']}-{os.getpid()}.qemu.log")
        extra += qemu.log_args(qemu_log, calls.values())
    rc, transcript, serial = gdb_mod.session(
        iso, paths.variant_elf(build, test["variant"]), script, icount=test["icount"],
        extra=extra, timeout=test["timeout"],
        serial_log=os.path.join(workdir, f"{test['name']}-{os.getpid()}.serial"))
    if iso.startswith(workdir):
        os.unlink(iso)
    text = transcript + "\n--- serial console ---\n" + serial
    status = "success" if rc == 0 else "failure"
    reasons = match_expectations(test, text, status, rc)
    summary = ""
    if qemu_log:
        log_text = open(qemu_log, errors="replace").read() if os.path.exists(qemu_log) else ""
        if os.path.exists(qemu_log):
            os.unlink(qemu_log)
        more, summary = qemu_log_verdict(test, log_text, status, calls)
        reasons += more
    log = f"# gdb -batch -x {test['gdb_script']} (exit {rc})\n{text}" + calls_section(calls, summary)
    return Verdict(not reasons, reasons, None, 0.0, log)


def with_nonce(test):
    """Replace {nonce} in the command line and the patterns with a fresh
    random value: the value must travel from the command line through the
    code. A {proof:TEXT} in a pattern becomes the keyed digest of "TEXT
    <nonce>" under a fresh random key that only this run's copy of the ISO
    holds (proof.py): a kernel that merely prints the expected text knows
    the nonce, not the key."""
    text = repr((test["cmdline"], test["expect"], test.get("expect_unordered"), test.get("stdin")))
    if "{nonce}" not in text:
        if "{proof:" in text:
            raise ValueError(f"test {test['name']}: a {{proof:...}} needs a {{nonce}}")
        return test
    nonce = os.urandom(4).hex()
    t = dict(test)
    key = os.urandom(16) if "{proof:" in text else None
    if key:
        t["proof_key"] = key

    def fill(s):
        s = s.replace("{nonce}", nonce)
        return proof.fill(s, key, nonce) if key else s
    t["cmdline"] = fill(t["cmdline"])
    t["expect"] = [fill(p) for p in t["expect"]]
    t["expect_unordered"] = [fill(p) for p in t.get("expect_unordered", [])]
    if t.get("stdin"):
        t["stdin"] = fill(t["stdin"])
    return t


def run(build, test, cmdline_extra=""):
    test = with_nonce(test)
    if test.get("kind") == "command":
        return run_command(build, test)
    if test.get("kind") == "gdb":
        return run_gdb(build, test)
    return run_boot(build, test, cmdline_extra)

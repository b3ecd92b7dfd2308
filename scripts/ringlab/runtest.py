"""runtest.py — run one test from the manifests (what ctest calls).

    ringlab runtest --build build boot.banner

Prints PASS or FAIL with the reasons and the test's time and CPU time (this
process's and everything it waited for: QEMU, gdb, builds — what the test
costs whatever else the machine runs; ctest's LastTest.log keeps the line);
on failure the full log (QEMU command, serial console) is printed and kept in
build/test-logs/<name>.log.
"""
import argparse
import os
import resource
import sys

from . import check, manifest, paths


def cpu_seconds():
    """User + system time of this process and the finished processes it
    started (builds, QEMU, gdb): what a test or a step cost, whatever else
    the machine runs beside it."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", default=os.path.join(paths.ROOT, "build"))
    p.add_argument("name")
    a = p.parse_args()
    build = os.path.abspath(a.build)
    tests, _, _ = manifest.load_tests(paths.ROOT)
    test = next((t for t in tests if t["name"] == a.name), None)
    if test is None:
        sys.exit(f"runtest: no test named {a.name}")
    try:
        v = check.run(build, test)
    except FileNotFoundError as e:
        print(f"FAIL {a.name}: {e}")
        return 1
    logs = os.path.join(build, "test-logs")
    os.makedirs(logs, exist_ok=True)
    log_path = os.path.join(logs, a.name + ".log")
    with open(log_path, "w") as f:
        f.write(v.log)
    cost = f"{v.seconds:.2f}s, cpu {cpu_seconds():.2f}s"
    if v.ok:
        print(f"PASS {a.name} ({cost})")
        return 0
    print(f"FAIL {a.name} ({cost})")
    for r in v.reasons:
        print(f"  - {r}")
    print(f"  full log: {log_path}\n")
    print(v.log)
    return 1


if __name__ == "__main__":
    sys.exit(main())

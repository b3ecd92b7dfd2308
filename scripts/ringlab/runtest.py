"""runtest.py — run one test from the manifests (what ctest calls).

    ringlab runtest --build build boot.banner

Prints PASS or FAIL with the reasons; on failure the full log (QEMU command,
serial console) is printed and kept in build/test-logs/<name>.log.
"""
import argparse
import os
import sys

from . import check, manifest, paths


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
    if v.ok:
        print(f"PASS {a.name} ({v.seconds:.2f}s)")
        return 0
    print(f"FAIL {a.name} ({v.seconds:.2f}s)")
    for r in v.reasons:
        print(f"  - {r}")
    print(f"  full log: {log_path}\n")
    print(v.log)
    return 1


if __name__ == "__main__":
    sys.exit(main())

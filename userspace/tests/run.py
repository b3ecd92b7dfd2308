#!/usr/bin/env python3
"""run.py — run one user program on the host and check what it did.

    run.py [--stdin TEXT] [--status N] [--expect REGEX]... -- PROGRAM ARGS...

Our programs are static Linux x86-64 binaries, so Linux itself runs them:
a check of crt0 and libc before ringlab's own exec exists. Passes when the
exit status is N (default 0) and every REGEX matches stdout+stderr, in
order (multi-line mode).
"""
import argparse
import re
import subprocess
import sys


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--stdin", default="")
    p.add_argument("--status", type=int, default=0)
    p.add_argument("--expect", action="append", default=[])
    p.add_argument("cmd", nargs="+")
    a = p.parse_args()
    r = subprocess.run(a.cmd, input=a.stdin.encode(), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=30, env={"RINGLAB": "host"})
    out = r.stdout.decode(errors="replace")
    print(out, end="")
    ok = True
    if r.returncode != a.status:
        print(f"run.py: exit status {r.returncode}, expected {a.status}")
        ok = False
    pos = 0
    for rx in a.expect:
        m = re.compile(rx, re.M).search(out, pos)
        if not m:
            print(f"run.py: not found (in order): {rx!r}")
            ok = False
        else:
            pos = m.end()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

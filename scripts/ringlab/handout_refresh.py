#!/usr/bin/env python3
"""handout_refresh.py — bring a handout's quoted numbers up to date.

    handout_refresh.py labs/02-syscall-entry [--build build]

When the kernel changes, addresses in a handout's checked blocks move (a
kernel stack, a page-table frame). For each quoted line that no longer
matches, this finds the real line of the same shape — equal once every
number is masked — in the same place of the real output, and writes the
real one into README.md. Lines whose words changed are left alone and
reported: those need a person. Run handout_check.py afterwards; read the
diff before committing: the prose around a number may need updating too.
"""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from ringlab import handout_check, paths    # noqa: E402

NUMBER = re.compile(r"0x[0-9a-fA-F]+|\b[0-9a-f]{8,16}\b|\b\d+\b")


def shape(line):
    return NUMBER.sub("#", line.strip())


def refresh_block(quoted, real_text):
    """Returns (new lines, unresolved lines)."""
    real = [l.rstrip() for l in real_text.splitlines()]
    out, unresolved, pos = list(quoted), [], 0
    for k, q in enumerate(quoted):
        s = q.strip()
        if not s or s == "..." or s.startswith("(gdb) ") or "…" in s:
            if s.startswith("(gdb) "):
                want = "+" + s[6:].strip()
                pos = next((i + 1 for i in range(pos, len(real)) if real[i].strip() == want), pos)
            continue
        hit = next((i for i in range(pos, len(real)) if real[i].strip() == s), None)
        if hit is None:
            hit = next((i for i in range(pos, len(real)) if shape(real[i]) == shape(s)), None)
            if hit is None:
                unresolved.append(q)
                continue
            indent = q[:len(q) - len(q.lstrip())]
            out[k] = indent + real[hit].strip() if q.strip() != q else real[hit].rstrip()
        pos = hit + 1
    return out, unresolved


def main():
    p = argparse.ArgumentParser()
    p.add_argument("labdir")
    p.add_argument("--build", default=os.path.join(paths.ROOT, "build"))
    a = p.parse_args()
    build = os.path.abspath(a.build)
    lab, readme, bugs = handout_check.resolve(a.labdir)
    lines = open(readme).read().split("\n")
    cache = {}
    for kind, name, opts, quoted, line_no in handout_check.blocks(readme):
        real = handout_check.real_output(build, lab, bugs, kind, name, opts, cache)
        new, unresolved = refresh_block(quoted, real)
        lines[line_no - 1:line_no - 1 + len(quoted)] = new
        for u in unresolved:
            print(f"{os.path.relpath(readme, paths.ROOT)}: {kind}={name}: needs a person: {u!r}")
    open(readme, "w").write("\n".join(lines))


if __name__ == "__main__":
    main()

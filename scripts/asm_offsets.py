#!/usr/bin/env python3
"""Turn the "->NAME value" markers of gcc -S output into a nasm include.

usage: asm_offsets.py asm_offsets.s asm_offsets.inc
"""
import re
import sys


def main(src, dst):
    out = ["; asm_offsets.inc — GENERATED from kernel/arch/x86_64/asm_offsets.c.",
           "; Do not edit: change the C struct and rebuild.", ""]
    for line in open(src):
        m = re.search(r'->(\w+) \$?(-?\d+)', line)
        if m:
            value = int(m.group(2))
            if value < 0:                       # e.g. KERNEL_VMA: show it as
                value &= (1 << 64) - 1          # the 64-bit address it is
            text = hex(value) if value >= 16 else str(value)
            out.append(f"%define {m.group(1)} {text}")
    if len(out) == 3:
        sys.exit(f"asm_offsets.py: no ->NAME markers found in {src}")
    open(dst, "w").write("\n".join(out) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:])

#!/usr/bin/env python3
"""check_elf.py — the ELF facts the labs rely on, checked on every build.

    check_elf.py BIN_DIR

/bin/minimal: ET_EXEC, exactly one PT_LOAD (R-X), entry in 0x400000's page.
ET_EXEC C programs: entry at or above 0x400000. static-PIE programs (sh,
hello-pie): ET_DYN linked at 0, a PT_DYNAMIC, no PT_INTERP, and only
R_X86_64_RELATIVE relocations (all crt0 can apply). Every C program:
at least 3 PT_LOADs, none both writable and executable, offset and
address congruent modulo 4096, and no page holding both code and
writable data. Prints a `readelf -l`-like summary of each.
"""
import os
import struct
import sys

PT_LOAD, PT_DYNAMIC, PT_INTERP = 1, 2, 3
PF_X, PF_W = 1, 2
DT_RELA, DT_RELASZ = 7, 8
R_X86_64_RELATIVE = 8
ET_EXEC, ET_DYN = 2, 3

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def parse(path):
    data = open(path, "rb").read()
    assert data[:4] == b"\x7fELF" and data[4] == 2, f"{path}: not ELF64"
    e_type, _, _, entry, phoff = struct.unpack_from("<HHIQQ", data, 16)
    phentsize, phnum = struct.unpack_from("<HH", data, 54)
    phdrs = [struct.unpack_from("<IIQQQQQQ", data, phoff + i * phentsize)
             for i in range(phnum)]
    return data, e_type, entry, phdrs


def file_offset(phdrs, vaddr):
    for p_type, _, off, va, _, filesz, _, _ in phdrs:
        if p_type == PT_LOAD and va <= vaddr < va + filesz:
            return off + vaddr - va
    raise ValueError(f"address {vaddr:#x} not in the file")


def relocation_types(data, phdrs):
    dyn = [p for p in phdrs if p[0] == PT_DYNAMIC][0]
    tags = {}
    for off in range(dyn[2], dyn[2] + dyn[5], 16):
        tag, val = struct.unpack_from("<qQ", data, off)
        tags[tag] = val
    if DT_RELA not in tags:
        return set()
    start = file_offset(phdrs, tags[DT_RELA])
    return {struct.unpack_from("<QQq", data, start + i)[1] & 0xffffffff
            for i in range(0, tags.get(DT_RELASZ, 0), 24)}


def pages(p):
    return set(range(p[3] // 4096, (p[3] + p[6] + 4095) // 4096))


def check_c_program(name, e_type, entry, phdrs, data):
    loads = [p for p in phdrs if p[0] == PT_LOAD]
    check(len(loads) >= 3, f"{name}: {len(loads)} PT_LOADs, expected >= 3")
    for p in loads:
        check(not (p[1] & PF_W and p[1] & PF_X), f"{name}: a W+X segment")
        check(p[2] % 4096 == p[3] % 4096, f"{name}: offset/address not congruent")
    code = set().union(*[pages(p) for p in loads if p[1] & PF_X])
    written = set().union(*[pages(p) for p in loads if p[1] & PF_W])
    check(not code & written, f"{name}: code and writable data share a page")
    check(not [p for p in phdrs if p[0] == PT_INTERP], f"{name}: has PT_INTERP")
    if e_type == ET_EXEC:
        check(entry >= 0x400000, f"{name}: entry {entry:#x} below 0x400000")
    else:
        check(e_type == ET_DYN and loads[0][3] == 0, f"{name}: not a static-PIE at 0")
        check([p for p in phdrs if p[0] == PT_DYNAMIC], f"{name}: no PT_DYNAMIC")
        kinds = relocation_types(data, phdrs)
        check(kinds <= {R_X86_64_RELATIVE}, f"{name}: relocation types {kinds}")


def summary(name, e_type, entry, phdrs, size):
    kind = {ET_EXEC: "ET_EXEC", ET_DYN: "ET_DYN"}.get(e_type, str(e_type))
    loads = [p for p in phdrs if p[0] == PT_LOAD]
    segs = " ".join(f"{p[3]:#x}+{p[6]:#x}:" + "".join(
        c if p[1] & f else "-" for c, f in (("R", 4), ("W", 2), ("X", 1))) for p in loads)
    print(f"{name:15} {kind:7} {size:6} bytes  entry {entry:#8x}  "
          f"{len(loads)} PT_LOAD  {segs}")


def main():
    bindir = sys.argv[1]
    for name in sorted(os.listdir(bindir)):
        path = os.path.join(bindir, name)
        data, e_type, entry, phdrs = parse(path)
        summary(name, e_type, entry, phdrs, len(data))
        if name == "minimal":
            loads = [p for p in phdrs if p[0] == PT_LOAD]
            check(e_type == ET_EXEC, "minimal: not ET_EXEC")
            check(len(phdrs) == 1 and len(loads) == 1, "minimal: not one PT_LOAD")
            check(loads[0][1] == 5, "minimal: its segment is not R-X")
            check(0x400000 <= entry < 0x401000, f"minimal: entry {entry:#x}")
            check(len(data) < 1024, f"minimal: {len(data)} bytes")
        elif name == "sysret-edge":
            loads = [p for p in phdrs if p[0] == PT_LOAD]
            check(len(loads) == 1 and loads[0][3] + loads[0][6] == 0x800000000000,
                  "sysret-edge: its one segment must end at the top of the user half")
        elif not name.startswith("musl"):
            check_c_program(name, e_type, entry, phdrs, data)
    for n in ("sh", "hello-pie"):
        if os.path.exists(os.path.join(bindir, n)):
            check(parse(os.path.join(bindir, n))[1] == ET_DYN, f"{n}: not a static-PIE")
    for f in failures:
        print("FAIL", f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""mkbadelf.py — a corpus of defective ELF files, for exec to refuse.

    mkbadelf.py --out DIR        writes DIR/<name> for every case, and
                                 DIR/INDEX: one line per case,
                                 "<name> <expected> # <what is wrong>"
    mkbadelf.py --list           prints the index only

The initrd carries DIR as /bad/ (userspace/initrd.cmake); /bin/usertests
execs every file listed in /bad/INDEX in a child process and checks what
happened against <expected>:

    ENOEXEC, ENOMEM, ...   execve failed with that errno (the child goes on)
    exit:N                 execve succeeded and the program exited with N
                           (the controls: a valid file, to prove the
                           defects, not the harness, are what exec refuses)
    signal:N               the program ran and was killed by signal N (a
                           user fault), and the kernel survived reporting
                           it — the fault report symbolises RIP from the
                           file's own, possibly garbage, section headers

Every file is built from one small valid program (an ELF64 ET_EXEC with
one R-X PT_LOAD at 0x400000: `mov edi, 42; mov eax, 60; syscall`) with one
thing broken. The output is deterministic: same script, same bytes.
"""
import argparse
import os
import struct
import sys

EHDR = struct.Struct("<16sHHIQQQIHHHHHH")      # 64 bytes
PHDR = struct.Struct("<IIQQQQQQ")              # 56 bytes
SHDR = struct.Struct("<IIQQQQIIQQ")            # 64 bytes
SYM = struct.Struct("<IBBHQQ")                 # 24 bytes

PT_LOAD, PT_NOTE, PT_INTERP = 1, 4, 3
PF_X, PF_W, PF_R = 1, 2, 4
ET_EXEC, ET_DYN = 2, 3
BASE = 0x400000
USER_STACK_TOP = 0x7ffffffff000
USER_STACK_SIZE = 64 * 1024
GIB = 1 << 30

EXIT_42 = bytes.fromhex("bf2a000000" "b83c000000" "0f05")     # exit(42)
UD2 = bytes.fromhex("0f0b")                                     # #UD: SIGILL
IDENT = b"\x7fELF\x02\x01\x01" + bytes(9)


def ehdr(**kw):
    f = dict(ident=IDENT, type=ET_EXEC, machine=62, version=1, entry=0, phoff=64,
             shoff=0, flags=0, ehsize=64, phentsize=56, phnum=1, shentsize=0,
             shnum=0, shstrndx=0)
    f.update(kw)
    return EHDR.pack(f["ident"], f["type"], f["machine"], f["version"], f["entry"],
                     f["phoff"], f["shoff"], f["flags"], f["ehsize"], f["phentsize"],
                     f["phnum"], f["shentsize"], f["shnum"], f["shstrndx"])


def phdr(type=PT_LOAD, flags=PF_R | PF_X, offset=0, vaddr=BASE, filesz=0, memsz=0,
         align=0x1000):
    return PHDR.pack(type, flags, offset, vaddr, vaddr, filesz, memsz, align)


def program(eh=None, phdrs=None, code=EXIT_42, nph=1, base=BASE, etype=ET_EXEC):
    """The valid program, with `eh` fields and `phdrs` (a function of the
    code's offset and the file size, giving a list of packed headers)
    replaced. The code follows the program headers."""
    code_off = 64 + 56 * nph
    size = code_off + len(code)
    if phdrs is None:
        def phdrs(code_off, size):
            return [phdr(offset=0, vaddr=base, filesz=size, memsz=size)]
    fields = dict(entry=base + code_off, phnum=nph, type=etype)
    fields.update(eh or {})
    body = b"".join(phdrs(code_off, size))
    assert len(body) == 56 * nph, "phdrs must fill nph entries"
    return ehdr(**fields) + body + code


def good(**kw):
    return program(**kw)


def one_load(**seg):
    """A program whose only PT_LOAD has these fields changed."""
    def phdrs(code_off, size):
        f = dict(offset=0, vaddr=BASE, filesz=size, memsz=size)
        f.update(seg)
        return [phdr(**f)]
    return program(phdrs=phdrs)


def with_symbols(code=UD2, **damage):
    """A valid program that faults (ud2), with .symtab, .strtab and section
    headers appended — then damaged: `damage` names a field of one
    section header ("symtab.offset") or of the header ("e.shoff") to set."""
    code_off = 64 + 56
    strtab = b"\0_start\0"
    sym = SYM.pack(0, 0, 0, 0, 0, 0) + SYM.pack(1, 0x12, 0, 1, BASE + code_off, len(code))
    symtab_off = (code_off + len(code) + 7) & ~7
    strtab_off = symtab_off + len(sym)
    shoff = (strtab_off + len(strtab) + 7) & ~7
    size = shoff + 4 * 64
    text = dict(name=0, type=1, flags=0x6, addr=BASE + code_off, offset=code_off,
                size=len(code), link=0, info=0, addralign=1, entsize=0)
    symtab = dict(name=0, type=2, flags=0, addr=0, offset=symtab_off, size=len(sym),
                  link=3, info=1, addralign=8, entsize=24)
    strt = dict(name=0, type=3, flags=0, addr=0, offset=strtab_off, size=len(strtab),
                link=0, info=0, addralign=1, entsize=0)
    e = dict(shoff=shoff, shentsize=64, shnum=4, entry=BASE + code_off)
    secs = {"text": text, "symtab": symtab, "strtab": strt}
    symbols = sym
    for key, value in damage.items():
        where, field = key.split(".")
        if where == "e":
            e[field] = value
        elif where == "sym":            # the _start symbol
            f = dict(name=1, info=0x12, other=0, shndx=1, value=BASE + code_off,
                     size=len(code))
            f[field] = value
            symbols = sym[:24] + SYM.pack(f["name"], f["info"], f["other"], f["shndx"],
                                          f["value"], f["size"])
        else:
            secs[where][field] = value

    def shdr(s):
        return SHDR.pack(s["name"], s["type"], s["flags"], s["addr"], s["offset"],
                         s["size"], s["link"], s["info"], s["addralign"], s["entsize"])
    out = bytearray(ehdr(**e))
    out += phdr(offset=0, vaddr=BASE, filesz=size, memsz=size)
    out += code
    out += bytes(symtab_off - len(out)) + symbols + strtab
    out += bytes(shoff - len(out)) + bytes(64) + shdr(text) + shdr(symtab) + shdr(strt)
    return bytes(out)


def many_loads(n, memsz=0x1000, step=0x1000):
    """n PT_LOADs; the first holds the code."""
    def phdrs(code_off, size):
        out = [phdr(offset=0, vaddr=BASE, filesz=size, memsz=max(size, memsz))]
        for i in range(1, n):
            out.append(phdr(flags=PF_R | PF_W, offset=0, vaddr=BASE + 0x100000 + i * step,
                            filesz=0, memsz=memsz))
        return out
    return program(phdrs=phdrs, nph=n)


def two_loads(first, second):
    def phdrs(code_off, size):
        a = dict(offset=0, vaddr=BASE, filesz=size, memsz=size)
        a.update(first)
        b = dict(flags=PF_R | PF_W, offset=0, vaddr=BASE + 0x10000, filesz=0, memsz=0x1000)
        b.update(second)
        return [phdr(**a), phdr(**b)]
    return program(phdrs=phdrs, nph=2)


def cases():
    """(name, expected, what is wrong, bytes)"""
    g = good()
    code_off = 64 + 56
    c = []

    def add(name, expected, why, data):
        c.append((name, expected, why, data))

    # ---- controls: valid files that must run
    add("ok-minimal", "exit:42", "the valid program every other case breaks", g)
    add("ok-pie", "exit:42", "the same as static-PIE (ET_DYN at 0)",
        good(base=0, etype=ET_DYN))
    add("ok-shared-page", "exit:42", "an RW segment on the code's page (W^X merges to R-X)",
        two_loads({}, dict(vaddr=BASE + 0x80, offset=0x80, memsz=0x10)))
    add("ok-64-loads", "exit:42", "64 PT_LOADs, the most exec takes", many_loads(64))
    add("ok-top-page", "exit:42", "code in the last user page, above the stack",
        good(base=USER_STACK_TOP))
    add("fault-symbols", "signal:4", "ud2 with a sane symbol table",
        with_symbols())

    # ---- the file header
    add("empty", "ENOEXEC", "zero bytes", b"")
    add("trunc-4", "ENOEXEC", "only the magic", g[:4])
    add("trunc-63", "ENOEXEC", "one byte short of a header", g[:63])
    add("trunc-header-only", "ENOEXEC", "a header, no program headers", g[:64])
    add("trunc-phdr", "ENOEXEC", "the program header cut in half", g[:64 + 28])
    add("bad-magic", "ENOEXEC", "\\x7fELG", b"\x7fELG" + g[4:])
    add("text-file", "ENOEXEC", "a shell script", b"#!/bin/sh\necho hi\n" + bytes(64))
    add("class32", "ENOEXEC", "ELFCLASS32", g[:4] + b"\x01" + g[5:])
    add("class-none", "ENOEXEC", "ELFCLASSNONE", g[:4] + b"\x00" + g[5:])
    add("big-endian", "ENOEXEC", "ELFDATA2MSB", g[:5] + b"\x02" + g[6:])
    add("version-0", "ENOEXEC", "EI_VERSION 0", g[:6] + b"\x00" + g[7:])
    add("type-rel", "ENOEXEC", "ET_REL: an object file", good(eh=dict(type=1)))
    add("type-core", "ENOEXEC", "ET_CORE", good(eh=dict(type=4)))
    add("type-none", "ENOEXEC", "ET_NONE", good(eh=dict(type=0)))
    add("type-ffff", "ENOEXEC", "e_type 0xffff", good(eh=dict(type=0xffff)))
    add("machine-i386", "ENOEXEC", "EM_386", good(eh=dict(machine=3)))
    add("machine-aarch64", "ENOEXEC", "EM_AARCH64", good(eh=dict(machine=183)))
    add("phentsize-0", "ENOEXEC", "e_phentsize 0", good(eh=dict(phentsize=0)))
    add("phentsize-32", "ENOEXEC", "e_phentsize 32 (ELF32's)", good(eh=dict(phentsize=32)))
    add("phentsize-64", "ENOEXEC", "e_phentsize 64", good(eh=dict(phentsize=64)))
    add("phnum-0", "ENOEXEC", "no program headers", good(eh=dict(phnum=0)))
    add("phnum-65", "ENOEXEC", "65 program headers: more than exec takes",
        good(eh=dict(phnum=65)))
    add("phnum-xnum", "ENOEXEC", "e_phnum 0xffff (PN_XNUM)", good(eh=dict(phnum=0xffff)))
    add("phnum-past-eof", "ENOEXEC", "e_phnum 3: the file holds 1 and the code",
        good(eh=dict(phnum=3)))
    add("phoff-past-eof", "ENOEXEC", "e_phoff beyond the file", good(eh=dict(phoff=0x10000)))
    add("phoff-wraps", "ENOEXEC", "e_phoff + e_phnum * 56 wraps around 2^64",
        good(eh=dict(phoff=(1 << 64) - 8)))
    add("phoff-huge", "ENOEXEC", "e_phoff 2^63", good(eh=dict(phoff=1 << 63)))
    add("phoff-odd", "ENOEXEC", "e_phoff 65: misaligned program headers",
        good(eh=dict(phoff=65)))
    add("phoff-in-header", "ENOEXEC", "e_phoff 0: the program header is the ELF header",
        good(eh=dict(phoff=0)))

    # ---- segments
    add("no-load", "ENOEXEC", "only a PT_NOTE",
        program(phdrs=lambda o, s: [phdr(type=PT_NOTE, offset=0, filesz=s, memsz=s)]))
    add("interp", "ENOEXEC", "PT_INTERP: asks for a dynamic linker",
        program(nph=2, phdrs=lambda o, s: [
            phdr(offset=0, filesz=s, memsz=s),
            phdr(type=PT_INTERP, flags=PF_R, offset=o, vaddr=BASE + o, filesz=4, memsz=4,
                 align=1)]))
    add("filesz-gt-memsz", "ENOEXEC", "p_filesz > p_memsz",
        one_load(filesz=len(g), memsz=len(g) - 1))
    add("filesz-past-eof", "ENOEXEC", "the segment's bytes run past the end of the file",
        one_load(filesz=len(g) + 1, memsz=0x2000))
    add("offset-past-eof", "ENOEXEC", "p_offset beyond the file",
        one_load(offset=0x100000, vaddr=BASE + 0x100000, filesz=16, memsz=0x1000))
    add("offset-wraps", "ENOEXEC", "p_offset + p_filesz wraps around 2^64",
        one_load(offset=(1 << 64) - 0x1000, vaddr=BASE, filesz=0x2000, memsz=0x2000,
                 align=0))
    add("trunc-segment", "ENOEXEC", "the file cut in the middle of its code",
        g[:code_off + 4])
    add("memsz-huge", "ENOEXEC", "p_memsz 2^63", one_load(memsz=1 << 63))
    add("memsz-max", "ENOEXEC", "p_memsz 2^64 - 1", one_load(memsz=(1 << 64) - 1))
    add("memsz-1g-plus-1", "ENOEXEC", "p_memsz just over exec's 1 GiB limit",
        one_load(memsz=GIB + 1))
    add("memsz-1g", "ENOMEM", "p_memsz 1 GiB: allowed, but more than the RAM",
        one_load(memsz=GIB))
    add("memsz-64x1g", "ENOEXEC", "64 segments of 1 GiB: 64 GiB in all",
        many_loads(64, memsz=GIB, step=GIB))
    add("vaddr-kernel", "ENOEXEC", "a segment in the kernel half",
        one_load(vaddr=0xffffffff80000000))
    add("vaddr-direct-map", "ENOEXEC", "a segment over the direct map",
        one_load(vaddr=0xffff800000000000))
    add("vaddr-non-canonical", "ENOEXEC", "a segment at 0x0000800000000000 (the hole)",
        one_load(vaddr=0x0000800000000000))
    add("vaddr-into-hole", "ENOEXEC", "the last user page plus one: into the hole",
        one_load(vaddr=0x7ffffffff000, memsz=0x2000))
    add("vaddr-wraps", "ENOEXEC", "p_vaddr + p_memsz wraps around 2^64",
        one_load(vaddr=(1 << 64) - 0x1000, memsz=0x2000))
    add("vaddr-null", "ENOEXEC", "a segment at 0: the null page", one_load(vaddr=0))
    add("vaddr-null-page", "ENOEXEC", "a segment at 0x800, inside the null page",
        one_load(vaddr=0x800, align=0))
    add("vaddr-stack", "ENOEXEC", "a segment over the user stack",
        one_load(vaddr=USER_STACK_TOP - 0x8000))
    add("vaddr-stack-guard", "ENOEXEC", "a segment in the guard page below the stack",
        one_load(vaddr=USER_STACK_TOP - USER_STACK_SIZE - 0x1000))
    add("align-mismatch", "ENOEXEC", "p_vaddr and p_offset disagree modulo p_align",
        one_load(vaddr=BASE + 0x10))
    add("align-not-power", "ENOEXEC", "p_align 3", one_load(align=3))
    add("pie-vaddr-overflows", "ENOEXEC", "ET_DYN: p_vaddr + the load bias leaves the user half",
        program(etype=ET_DYN, base=0x7fff00000000))

    # ---- the entry point
    add("entry-0", "ENOEXEC", "e_entry 0", good(eh=dict(entry=0)))
    add("entry-kernel", "ENOEXEC", "e_entry in the kernel half",
        good(eh=dict(entry=0xffffffff80100000)))
    add("entry-non-canonical", "ENOEXEC", "e_entry 0x0000800000000000",
        good(eh=dict(entry=0x0000800000000000)))
    add("entry-unmapped", "ENOEXEC", "e_entry where nothing is mapped",
        good(eh=dict(entry=0x10000000)))
    add("entry-past-segment", "ENOEXEC", "e_entry one past the end of the code",
        good(eh=dict(entry=BASE + len(g))))
    add("entry-in-data", "ENOEXEC", "e_entry in a segment that is not executable",
        one_load(flags=PF_R | PF_W))
    add("entry-before-segment", "ENOEXEC", "e_entry just below the segment",
        good(eh=dict(entry=BASE - 1)))

    # ---- section headers and symbols: exec ignores them, the report of
    # a fault reads them (kernel/proc/elf.c elf_symbolize)
    add("syms-shoff-past-eof", "signal:4", "e_shoff beyond the file",
        with_symbols(**{"e.shoff": 0x100000}))
    add("syms-shoff-wraps", "signal:4", "e_shoff + e_shnum * 64 wraps around",
        with_symbols(**{"e.shoff": (1 << 64) - 64}))
    add("syms-shnum-huge", "signal:4", "e_shnum 0xffff", with_symbols(**{"e.shnum": 0xffff}))
    add("syms-shentsize-bad", "signal:4", "e_shentsize 40",
        with_symbols(**{"e.shentsize": 40}))
    add("syms-symtab-past-eof", "signal:4", ".symtab's bytes past the end of the file",
        with_symbols(**{"symtab.offset": 0x100000}))
    add("syms-symtab-huge", "signal:4", ".symtab's size 2^63",
        with_symbols(**{"symtab.size": 1 << 63}))
    add("syms-symtab-odd", "signal:4", ".symtab at an odd offset",
        with_symbols(**{"symtab.offset": 0x81}))
    add("syms-link-out-of-range", "signal:4", ".symtab's sh_link names no section",
        with_symbols(**{"symtab.link": 0xffffffff}))
    add("syms-strtab-past-eof", "signal:4", ".strtab past the end of the file",
        with_symbols(**{"strtab.offset": (1 << 64) - 4}))
    add("syms-name-past-strtab", "signal:4", "the symbol's name beyond .strtab",
        with_symbols(**{"sym.name": 0x7fffffff}))
    add("syms-name-unterminated", "signal:4", ".strtab without its final NUL",
        with_symbols(**{"strtab.size": 7}))
    add("syms-shndx-huge", "signal:4", "the symbol's section index 0xfff1 (SHN_ABS)",
        with_symbols(**{"sym.shndx": 0xfff1}))
    add("syms-text-huge", "signal:4", "the text section 2^64 - 1 bytes long",
        with_symbols(**{"text.size": (1 << 64) - 1, "text.addr": 0}))
    return c


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", help="the directory to write")
    p.add_argument("--list", action="store_true", help="print the index, write nothing")
    a = p.parse_args()
    all_cases = cases()
    names = [n for n, *_ in all_cases]
    assert len(names) == len(set(names)), "duplicate case names"
    index = "".join(f"{n} {e} # {w}\n" for n, e, w, _ in all_cases)
    if a.list or not a.out:
        sys.stdout.write(index)
        return
    os.makedirs(a.out, exist_ok=True)
    for name, _, _, data in all_cases:
        path = os.path.join(a.out, name)
        if not os.path.exists(path) or open(path, "rb").read() != data:
            with open(path, "wb") as f:
                f.write(data)
        os.chmod(path, 0o755)
    stale = set(os.listdir(a.out)) - set(names) - {"INDEX"}
    for name in stale:
        os.unlink(os.path.join(a.out, name))
    with open(os.path.join(a.out, "INDEX"), "w") as f:
        f.write(index)


if __name__ == "__main__":
    main()

# rl_paging.py — gdb helpers for lab 1 (paging). Sourced by ringlab.py,
# which defines register(), reg() and gdb in the same namespace.
#
#   rl-walk ADDR [CR3]   walk ADDR through the tables of CR3 (default: the
#                        CPU's), one line per level, and say where it stops
#   rl-maps [CR3]        every mapping under CR3 as ranges, like the
#                        kernel's own pt_print_range()
#
#   rl-qemu-log start    make QEMU log every exception (-d int,cpu_reset)
#   rl-qemu-log          print what it logged: the trail of a triple fault
#
# ADDR and CR3 are gdb expressions: `rl-walk $pc`, `rl-walk $pc vas->pml4_phys`.
# The tables are read from physical memory, so any CR3 can be walked, not
# only the one the CPU is using — and nothing here changes the guest.
import os
import tempfile

PT_P, PT_W, PT_U, PT_PS, PT_NX = 1 << 0, 1 << 1, 1 << 2, 1 << 7, 1 << 63
PT_ADDR = 0x000FFFFFFFFFF000
PTE_BITS = {0: "P", 1: "W", 2: "U", 3: "PWT", 4: "PCD", 5: "A", 6: "D", 7: "PS",
            8: "G", 63: "NX"}
LEVELS = {4: ("L4", "PDPT"), 3: ("L3", "PD"), 2: ("L2", "PT"), 1: ("L1", None)}
PAGE_NAMES = {1: "4 KiB page", 2: "2 MiB page", 3: "1 GiB page"}


def read_phys(addr, length):
    """Read `length` bytes of physical memory (QEMU's gdb stub)."""
    gdb.execute("maint packet Qqemu.PhyMemMode:1", to_string=True)
    try:
        return bytes(gdb.selected_inferior().read_memory(addr, length))
    finally:
        gdb.execute("maint packet Qqemu.PhyMemMode:0", to_string=True)


def read_table(phys):
    """The 512 entries of the table at `phys`."""
    data = read_phys(phys & PT_ADDR, 4096)
    return [int.from_bytes(data[i:i + 8], "little") for i in range(0, 4096, 8)]


def level_size(level):
    return 1 << (12 + 9 * (level - 1))


def index(va, level):
    return (va >> (12 + 9 * (level - 1))) & 0x1FF


def sign_extend(va):
    return va | ~((1 << 48) - 1) & ((1 << 64) - 1) if va >> 47 & 1 else va


def canonical(va):
    return sign_extend(va & ((1 << 48) - 1)) == va


def perms(flags):
    """'rwx user' style, like pt_print_range()."""
    return "r%s%s %s" % ("w" if flags & PT_W else "-", "-" if flags & PT_NX else "x",
                         "user" if flags & PT_U else "    ")


def combine(flags, entry):
    """Effective W/U/NX after one more level (SDM Vol. 3A §5.6)."""
    return (flags & entry & (PT_W | PT_U)) | ((flags | entry) & PT_NX)


def eval_int(expr):
    return int(gdb.parse_and_eval(expr)) & ((1 << 64) - 1)


def parse_args(arg, names):
    argv = gdb.string_to_argv(arg)
    if not argv or len(argv) > len(names):
        raise gdb.GdbError("usage: " + " ".join(names))
    return [eval_int(a) for a in argv]


def walk_lines(va, cr3):
    """The walk of `va` under `cr3`, as printable lines."""
    lines = [f"rl-walk {va:#018x} under CR3={cr3:#018x}"]
    if not canonical(va):
        lines.append(f"  not canonical: bits 63..48 ({va >> 48:#06x}) are not copies of "
                     f"bit 47 ({va >> 47 & 1})")
        lines.append("  stops before L4: the CPU raises #GP(0) without reading any table, "
                     "and CR2 is not written")
        return lines
    table, flags = cr3 & PT_ADDR, PT_W | PT_U
    for level in (4, 3, 2, 1):
        name, child = LEVELS[level]
        i = index(va, level)
        entry = read_table(table)[i]
        where = f"{name}[{i}]".ljust(8) + f"@ {table + 8 * i:#018x} = {entry:#018x}"
        if not entry & PT_P:
            lines.append(f"  {where}  not present")
            lines.append(f"  stops at {name}: {va:#x} is not mapped under this CR3; "
                         f"an access is a #PF with CR2={va:#x}")
            return lines
        flags = combine(flags, entry)
        bits = " ".join(n for b, n in sorted(PTE_BITS.items()) if entry >> b & 1)
        if level == 1 or (level <= 3 and entry & PT_PS):
            size = level_size(level)
            base = entry & PT_ADDR & ~(size - 1)
            lines.append(f"  {where}  [ {bits} ] -> {PAGE_NAMES[level]} at {base:#x}")
            lines.append(f"  = physical {base + (va & (size - 1)):#018x}  "
                         f"({perms(flags).strip()})")
            return lines
        lines.append(f"  {where}  [ {bits} ] -> {child} at {entry & PT_ADDR:#x}")
        table = entry & PT_ADDR
    return lines


def ranges(cr3):
    """Every mapping under cr3 as (va, pa, size, flags, page_size), merged
    like the kernel's pt_for_each_range()."""
    out = []

    def add(va, pa, size, flags):
        if out:
            v, p, s, f, ps = out[-1]
            if v + s == va and p + s == pa and f == flags and ps == size:
                out[-1] = (v, p, s + size, f, ps)
                return
        out.append((va, pa, size, flags, size))

    def visit(table, level, va, flags):
        for i, entry in enumerate(read_table(table)):
            if not entry & PT_P:
                continue
            here = va | i << (12 + 9 * (level - 1))
            f = combine(flags, entry)
            if level == 1 or entry & PT_PS:
                size = level_size(level)
                add(sign_extend(here), entry & PT_ADDR & ~(size - 1), size, f)
            else:
                visit(entry & PT_ADDR, level - 1, here, f)

    visit(cr3 & PT_ADDR, 4, 0, PT_W | PT_U)
    return out


def size_str(n):
    for shift, unit in ((30, "G"), (20, "M")):
        if n % (1 << shift) == 0:
            return f"{n >> shift}{unit}"
    return f"{n >> 10}K"


@register
class RlWalk(gdb.Command):
    """Walk an address through the page tables: rl-walk ADDR [CR3]"""
    name = "rl-walk"

    def __init__(self):
        super().__init__(self.name, gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        args = parse_args(arg, ["ADDR", "[CR3]"])
        cr3 = args[1] if len(args) > 1 else reg("cr3")
        print("\n".join(walk_lines(args[0], cr3)))


@register
class RlMaps(gdb.Command):
    """List the mappings of an address space as ranges: rl-maps [CR3]"""
    name = "rl-maps"

    def __init__(self):
        super().__init__(self.name, gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        cr3 = parse_args(arg, ["[CR3]"])[0] if arg.strip() else reg("cr3")
        print(f"rl-maps CR3={cr3:#018x}")
        for va, pa, size, flags, page in ranges(cr3):
            print(f"  {va:016x}-{va + size - 1:016x} {size_str(size):>6} {perms(flags)} "
                  f"{size_str(page)} -> {pa:016x}")


# QEMU's own log of every exception it raises (-d int,cpu_reset), switched
# on from gdb through the monitor. A triple fault leaves no kernel report,
# so this log is the only witness; after the CPU shut down (gdb then says
# "exited normally"), `rl-qemu-log` prints the lines that tell the story.
QEMU_LOG = {"path": None}
QEMU_LOG_KEEP = ("check_exception", ": v=", "CR0=", "Triple fault", "CPU Reset")


def remove_qemu_log(*_):
    if QEMU_LOG["path"] and os.path.exists(QEMU_LOG["path"]):
        os.unlink(QEMU_LOG["path"])


if hasattr(gdb.events, "gdb_exiting"):
    gdb.events.gdb_exiting.connect(remove_qemu_log)


@register
class RlQemuLog(gdb.Command):
    """QEMU's exception log: rl-qemu-log start, then rl-qemu-log to show it"""
    name = "rl-qemu-log"

    def __init__(self):
        super().__init__(self.name, gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        if arg.strip() == "start":
            fd, QEMU_LOG["path"] = tempfile.mkstemp(prefix="ringlab-qemu-", suffix=".log")
            os.close(fd)
            gdb.execute(f"monitor logfile {QEMU_LOG['path']}", to_string=True)
            gdb.execute("monitor log int,cpu_reset", to_string=True)
            print("QEMU now logs every exception and reset (as with -d int,cpu_reset)")
            return
        path = QEMU_LOG["path"]
        if not path:
            raise gdb.GdbError("rl-qemu-log start first")
        with open(path, errors="replace") as f:
            lines = [l.rstrip() for l in f if any(k in l for k in QEMU_LOG_KEEP)]
        print("\n".join(lines) if lines else "(QEMU has logged no exception yet)")

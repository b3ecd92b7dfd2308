# ringlab.py — gdb helpers for ringlab (loaded by `make gdb` and the
# walkthrough tests: `source scripts/gdb/ringlab.py`).
#
#   rl-cr                   decode CR0, CR3, CR4 and EFER
#   rl-help                 list the ringlab commands
#
# Memory is read through QEMU's gdb stub. Physical memory (page tables) is
# read by switching the stub to physical mode for the duration of one read
# (`maint packet Qqemu.PhyMemMode:1`), so a walk works whatever CR3 holds.
import gdb

RINGLAB_COMMANDS = []


def register(cls):
    RINGLAB_COMMANDS.append((cls.name, (cls.__doc__ or "").strip().splitlines()[0]))
    cls()
    return cls


def reg(name):
    """A register's value as a Python int (cr0, cr3, efer, rip, ...)."""
    return int(gdb.parse_and_eval(f"${name}")) & ((1 << 64) - 1)


def flags(value, table):
    """Names of the bits of `value` set, from {bit: name}."""
    return " ".join(name for bit, name in sorted(table.items()) if value >> bit & 1)


CR0_BITS = {0: "PE", 1: "MP", 2: "EM", 3: "TS", 4: "ET", 5: "NE", 16: "WP",
            18: "AM", 29: "NW", 30: "CD", 31: "PG"}
CR4_BITS = {0: "VME", 1: "PVI", 2: "TSD", 3: "DE", 4: "PSE", 5: "PAE", 6: "MCE",
            7: "PGE", 8: "PCE", 9: "OSFXSR", 10: "OSXMMEXCPT", 11: "UMIP", 12: "LA57",
            16: "FSGSBASE", 17: "PCIDE", 18: "OSXSAVE", 20: "SMEP", 21: "SMAP", 22: "PKE"}
EFER_BITS = {0: "SCE", 8: "LME", 10: "LMA", 11: "NXE"}


def read_phys_u64(addr):
    """Read 8 bytes of physical memory."""
    inferior = gdb.selected_inferior()
    gdb.execute("maint packet Qqemu.PhyMemMode:1", to_string=True)
    try:
        data = inferior.read_memory(addr, 8)
    finally:
        gdb.execute("maint packet Qqemu.PhyMemMode:0", to_string=True)
    return int.from_bytes(bytes(data), "little")


def read_virt_u64(addr):
    data = gdb.selected_inferior().read_memory(addr, 8)
    return int.from_bytes(bytes(data), "little")


@register
class RlCr(gdb.Command):
    """Decode CR0, CR3, CR4 and EFER: rl-cr"""
    name = "rl-cr"

    def __init__(self):
        super().__init__(self.name, gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        cr0, cr3, cr4, efer = reg("cr0"), reg("cr3"), reg("cr4"), reg("efer")
        print(f"CR0  = {cr0:#018x}  [ {flags(cr0, CR0_BITS)} ]")
        print(f"CR3  = {cr3:#018x}  [ PML4 at physical {cr3 & 0x000ffffffffff000:#x} ]")
        print(f"CR4  = {cr4:#018x}  [ {flags(cr4, CR4_BITS)} ]")
        print(f"EFER = {efer:#018x}  [ {flags(efer, EFER_BITS)} ]")
        mode = "long mode (64-bit)" if efer >> 10 & 1 and cr0 >> 31 & 1 else \
               "protected mode, paging off" if cr0 & 1 and not cr0 >> 31 & 1 else \
               "real mode" if not cr0 & 1 else "32-bit paging"
        print(f"mode: {mode}")


@register
class RlHelp(gdb.Command):
    """List the ringlab gdb commands: rl-help"""
    name = "rl-help"

    def __init__(self):
        super().__init__(self.name, gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        for name, doc in RINGLAB_COMMANDS:
            print(f"  {name:<12} {doc}")


# Load the helpers that later labs add (rl_*.py beside this file).
import glob as _glob, os as _os  # noqa: E401,E402
_here = _os.path.dirname(_os.path.abspath(__file__))
for _f in sorted(_glob.glob(_os.path.join(_here, "rl_*.py"))):
    gdb.execute(f"source {_f}")

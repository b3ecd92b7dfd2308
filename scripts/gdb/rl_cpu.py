# rl_cpu.py — gdb helpers for segments, per-CPU data and saved frames.
# Sourced by ringlab.py (which defines `register`, `reg`, `flags`).
#
#   rl-percpu          the per-CPU struct (GS base), incl. next_cr3 at GS:64
#   rl-frame [ADDR]    a saved struct trap_frame (default: $rsp)
#   rl-iret [ADDR]     the 5-quadword IRETQ frame at ADDR (default: $rsp),
#                      with what iretq will check
#   rl-gdt             the kernel's GDT, decoded
#   rl-tss             the TSS: RSP0 and the IST stacks
#   rl-cpus            one line per CPU (QEMU's gdb threads): CR3, the
#                      kernel's GS base, TSS.RSP0, IF, the current process
import re

import gdb

KERNEL_HALF = 0xffff800000000000
RFLAGS_BITS = {0: "CF", 2: "PF", 4: "AF", 6: "ZF", 7: "SF", 8: "TF", 9: "IF", 10: "DF",
               11: "OF", 14: "NT", 16: "RF", 18: "AC", 21: "ID"}
SELECTORS = {0x08: "kernel code", 0x10: "kernel data", 0x18: "user data",
             0x20: "user code", 0x28: "TSS"}


def u64(value):
    return int(value) & ((1 << 64) - 1)


def selector(sel):
    sel = u64(sel) & 0xffff
    name = SELECTORS.get(sel & ~7, "?")
    return f"{sel:#06x} (index {sel >> 3}, RPL {sel & 3}: {name})"


def percpu_address():
    """The kernel's per-CPU struct: the active GS base in the kernel, the
    swapped-out KERNEL_GS_BASE while user code runs."""
    gs, kgs = reg("gs_base"), reg("k_gs_base")
    if gs >= KERNEL_HALF:
        return gs, "GS base (active: the kernel's GS is loaded)"
    if kgs >= KERNEL_HALF:
        return kgs, "KERNEL_GS_BASE (swapped out: the user's GS is loaded)"
    return None, f"neither GS base ({gs:#x}) nor KERNEL_GS_BASE ({kgs:#x}) is a kernel address"


@register
class RlPercpu(gdb.Command):
    """Show the per-CPU data (GS base): rl-percpu"""
    name = "rl-percpu"

    def __init__(self):
        super().__init__(self.name, gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        addr, where = percpu_address()
        print(f"per-CPU data: {where}")
        if addr is None:
            return
        p = gdb.parse_and_eval(f"*(struct percpu *){addr}")
        print(f"struct percpu at {addr:#x}:")
        for f in p.type.fields():
            off = f.bitpos // 8
            print(f"  GS:{off:<3d} {f.name:<15} = {u64(p[f.name]):#x}")


def readable_fields(value):
    """{field: int, or None where memory cannot be read}."""
    out = {}
    for f in value.type.fields():
        try:
            out[f.name] = u64(value[f.name])
        except gdb.MemoryError:
            out[f.name] = None
    return out


def frame_at(arg, type_name):
    addr = u64(gdb.parse_and_eval(arg)) if arg.strip() else reg("rsp")
    return addr, gdb.parse_and_eval(f"*(struct {type_name} *){addr}")


@register
class RlFrame(gdb.Command):
    """Decode a saved struct trap_frame: rl-frame [ADDR] (default $rsp)"""
    name = "rl-frame"

    def __init__(self):
        super().__init__(self.name, gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        addr, tf = frame_at(arg, "trap_frame")
        tf = readable_fields(tf)
        vec = tf["vector"]
        kind = "syscall" if vec == 0x100 else f"vector {vec}"
        print(f"struct trap_frame at {addr:#x} ({kind}, error {tf['error']:#x}):")
        for row in (("rax", "rbx", "rcx"), ("rdx", "rsi", "rdi"), ("rbp", "r8", "r9"),
                    ("r10", "r11", "r12"), ("r13", "r14", "r15")):
            print("  " + "  ".join(f"{r.upper():<3}={tf[r]:016x}" for r in row))
        if None in (tf["rip"], tf["cs"], tf["rflags"], tf["rsp"], tf["ss"]):
            print("  (the frame runs past the end of mapped memory: it is misplaced)")
            return
        print_iret(tf["rip"], tf["cs"], tf["rflags"], tf["rsp"], tf["ss"])


def print_iret(rip, cs, rflags, rsp, ss):
    print(f"  RIP    = {rip:#018x}")
    print(f"  CS     = {selector(cs)}")
    print(f"  RFLAGS = {rflags:#018x}  [ {flags(rflags, RFLAGS_BITS)} ]")
    print(f"  RSP    = {rsp:#018x}")
    print(f"  SS     = {selector(ss)}")
    print_iret_checks(rip, cs, rflags, rsp, ss)


def print_iret_checks(rip, cs, rflags, rsp, ss):
    """The checks IRETQ makes, in the order QEMU makes them."""
    problems = []
    if (cs & 0xffff) & ~7 not in SELECTORS or cs > 0xffff:
        problems.append(f"CS {cs:#x} is no code selector of our GDT: "
                        f"iretq raises #GP with error code {cs & 0xfffc:#x}")
    elif (cs & 3) != (ss & 3) and (cs & 3) == 3:
        problems.append(f"SS's RPL ({ss & 3}) differs from CS's ({cs & 3}): "
                        f"iretq raises #GP with error code {ss & ~3 & 0xffff:#x}")
    if not (rip < 0x0000800000000000 or rip >= KERNEL_HALF):
        problems.append("RIP is not canonical: #GP")
    if rflags & (1 << 14):
        problems.append("NT is set: iretq would attempt a task return (#GP in long mode)")
    for p in problems[:1]:              # the first check that fails decides
        print(f"  !! {p}")
    if not problems:
        ring = cs & 3
        print(f"  -> iretq returns to ring {ring}" + (" (user mode)" if ring == 3 else ""))


@register
class RlIret(gdb.Command):
    """Decode the IRETQ frame (rip, cs, rflags, rsp, ss): rl-iret [ADDR] (default $rsp)"""
    name = "rl-iret"

    def __init__(self):
        super().__init__(self.name, gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        addr = u64(gdb.parse_and_eval(arg)) if arg.strip() else reg("rsp")
        q = []
        for i in range(5):
            try:
                q.append(read_virt_u64(addr + 8 * i))
            except gdb.MemoryError:
                break
        print(f"IRETQ frame at {addr:#x}:")
        if len(q) < 5:
            names = ("RIP", "CS", "RFLAGS", "RSP", "SS")
            for name, v in zip(names, q):
                print(f"  {name:<6} = {v:#018x}")
            print(f"  {names[len(q)]} and on: unreadable (past the end of mapped memory)")
            if len(q) >= 2:
                print_iret_checks(q[0], q[1], q[2] if len(q) > 2 else 0, 0, q[1] & 3)
            return
        print_iret(*q)


def describe_descriptor(lo, hi):
    present = lo >> 47 & 1
    dpl = lo >> 45 & 3
    system = not (lo >> 44 & 1)
    if not present:
        return "not present"
    if system:
        typ = lo >> 40 & 0xf
        base = (lo >> 16 & 0xffffff) | (lo >> 56 & 0xff) << 24 | (hi & 0xffffffff) << 32
        kind = {9: "64-bit TSS (available)", 11: "64-bit TSS (busy)"}.get(typ, f"system type {typ}")
        return f"{kind}, base {base:#x}, limit {(lo & 0xffff):#x}"
    if lo >> 43 & 1:
        mode = "64-bit" if lo >> 53 & 1 else "32-bit"
        return f"code, {mode}, DPL {dpl}"
    return f"data, writable, DPL {dpl}"


@register
class RlGdt(gdb.Command):
    """Decode the kernel's GDT: rl-gdt"""
    name = "rl-gdt"

    def __init__(self):
        super().__init__(self.name, gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        gdt = gdb.parse_and_eval("gdt")
        n = gdt.type.sizeof // 8
        i = 0
        while i < n:
            lo = u64(gdt[i])
            hi = u64(gdt[i + 1]) if i + 1 < n else 0
            text = "null" if i == 0 else describe_descriptor(lo, hi)
            print(f"  {i * 8:#06x}  {lo:016x}  {text}")
            i += 2 if (i and not (lo >> 44 & 1) and lo >> 47 & 1) else 1


@register
class RlTss(gdb.Command):
    """Show the TSS stacks (RSP0, IST1..): rl-tss"""
    name = "rl-tss"

    def __init__(self):
        super().__init__(self.name, gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        tss = gdb.parse_and_eval("tss")
        print(f"  RSP0 = {u64(tss['rsp'][0]):#018x}  (the stack for interrupts from ring 3)")
        for i in range(7):
            v = u64(tss["ist"][i])
            if v:
                print(f"  IST{i + 1} = {v:#018x}")


# ---------------------------------------------------------------- rl-cpus
#
# QEMU's gdb stub shows each virtual CPU as a thread (thread N = CPU#N-1,
# QEMU's order); gdb reads registers and memory through the selected one.
# So rl-cpus visits every thread, reads what that CPU holds, and puts the
# selection back as it found it.

def struct_has(type_name, field):
    try:
        return any(f.name == field for f in gdb.lookup_type(type_name).fields())
    except gdb.error:               # no such struct in this stage (lab 1)
        return False


def cpu_rsp0(pc):
    """TSS.RSP0 of this CPU: its own TSS (lab 5: percpu->tss), else the one
    global TSS of a kernel with one CPU."""
    if struct_has("struct percpu", "tss"):
        if u64(pc["tss"]) == 0:
            return "RSP0 (no TSS yet)"
        tss = pc["tss"].dereference()
    else:
        tss = gdb.parse_and_eval("tss")
    return f"RSP0 {u64(tss['rsp'][0]):#x}"


def running_process(pc):
    p = pc["current"]
    if u64(p) == 0:
        return "no process (its scheduler loop)"
    return f"pid {int(p['pid'])} ({p['name'].string()})"


def cpu_mode():
    cr0 = reg("cr0")
    return "real mode" if not cr0 & 1 else "paging off" if not cr0 >> 31 & 1 else "long mode"


def cpu_line(thread):
    """What the selected CPU holds: (its number from its per-CPU data, or
    None; the fields of its line)."""
    cr3, cs, rflags = reg("cr3"), reg("cs"), reg("eflags")
    # QEMU's own words for the thread, "CPU#1 [halted ]": running or halted
    state = re.search(r"\[(\w+)", getattr(thread, "details", None) or "")
    head = [f"CR3 {cr3:#010x}"]
    tail = [f"IF {'on ' if rflags >> 9 & 1 else 'off'}", f"ring {cs & 3}",
            state.group(1) if state else "?"]
    if not struct_has("struct percpu", "self"):
        return None, head + ["no per-CPU data in this kernel"] + tail
    addr = percpu_address()[0]
    if addr is None:
        return None, head + [f"no per-CPU data yet ({cpu_mode()}; GS base {reg('gs_base'):#x}, "
                             f"KERNEL_GS_BASE {reg('k_gs_base'):#x})"] + tail
    where = "(GS_BASE)" if addr == reg("gs_base") else "(KERNEL_GS_BASE)"
    try:
        pc = gdb.parse_and_eval(f"*(struct percpu *){addr}")
        cpu = int(pc["cpu"]) if struct_has("struct percpu", "cpu") else None
        return cpu, head + [f"GS {addr:#x} {where:<16}", cpu_rsp0(pc)] + tail + \
            [running_process(pc)]
    except gdb.MemoryError:
        return None, head + [f"GS {addr:#x} {where}: unreadable from this CPU"] + tail


@register
class RlCpus(gdb.Command):
    """Each CPU: CR3, GS base, TSS.RSP0, IF, current process: rl-cpus"""
    name = "rl-cpus"

    def __init__(self):
        super().__init__(self.name, gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        selected = gdb.selected_thread()
        if selected is None:
            print("rl-cpus: no CPUs: gdb is not connected to QEMU (make gdb)")
            return
        try:
            frame = gdb.selected_frame()
        except gdb.error:
            frame = None
        threads = sorted(gdb.selected_inferior().threads(), key=lambda t: t.num)
        try:
            for t in threads:
                t.switch()
                cpu, fields = cpu_line(t)
                mark = "*" if t == selected else " "
                name = f"CPU {cpu}" if cpu is not None else f"CPU#{t.num - 1}"
                print(f"{mark} {name} (thread {t.num}): " + "  ".join(fields))
        finally:
            selected.switch()
            if frame is not None and frame.is_valid():
                frame.select()

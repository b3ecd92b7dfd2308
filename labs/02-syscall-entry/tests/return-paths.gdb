# return-paths.gdb — the graded test lab2.return-paths: every way into and
# out of ring 3 that stage 2 has, driven one instruction at a time, the way
# labs 3 and 4 will use them.
#
# Booted with `init=/bin/nullsys 3` (three getpid calls, then write and
# exit), it follows:
#   1. the first entry to ring 3: return_to_user -> iretq
#   2. a getpid that returns by SYSRET (the fast way)
#   3. a getpid that returns by IRETQ: when syscall_dispatch returns, RAX is
#      set to 1 ("not with SYSRET"), as C may answer for any syscall
#   4. a getpid whose address space is replaced inside the syscall, as
#      lab 4's exec will do: at syscall_dispatch, gdb sets the process's
#      vas->pml4_phys and CR3 to a stand-in new space (the kernel's PML4:
#      no user instruction runs on it), and puts both back once the path
#      has reached ring 3, so the run goes on
# from the first instruction of the path to the first instruction back in
# ring 3, and checks at every step:
#   - no instruction writes CR3 (lab 2's syscall path has no reason to; from
#     lab 3 on, only the deferred next_cr3 switch may, and it is not here)
#   - CR3 on arrival in ring 3 is the process's own PML4 (in path 4, its
#     new one: a way back that puts back a CR3 saved at the entry returns
#     to the old tables, which exec has freed)
#   - where the saved registers are popped (in interrupt_exit, the way back
#     interrupts share from lab 3 on) and at every iretq, the frame's
#     CS and SS are the user selectors 0x23 and 0x1b. Before paths 1 and 3
#     the frame's CS and SS are set to the kernel's (0x8, 0x10): a return
#     path must set them itself, never trust a frame.
#   - interrupts stay off on the way back: IF = 0 at every instruction from
#     the start of the return (return_to_user; for a syscall, the
#     instruction syscall_dispatch returns to) to the last one in ring 0.
#     After swapgs the GS base is the user's: an interrupt taken there
#     would run its handler with it.
#   - the program gets its flags back: on arrival in ring 3, RFLAGS equals
#     the RFLAGS the program had at its `syscall` (R11 at syscall_entry,
#     where gdb sets a few arithmetic flags first: see MARKED) on the bits
#     of USER_FLAGS; for the first entry, the RFLAGS exec put in the frame,
#     and IF must be 1 (a program starts with interrupts on).
python
import re
import gdb

MAX_STEPS = 20000
TF_CS, TF_RFLAGS, TF_SS = 18 * 8, 19 * 8, 21 * 8   # struct trap_frame, from r15 at 0
USER_CS, USER_SS = 0x23, 0x1b

# RFLAGS bits (Intel SDM Vol. 1, 3.4.3)
CF, PF, AF, ZF, SF = 0x1, 0x4, 0x10, 0x40, 0x80
IF, DF, OF = 0x200, 0x400, 0x800
IOPL, NT, AC, ID = 0x3000, 0x4000, 0x40000, 0x200000
# The bits a program can read (pushfq) and that both ways back restore,
# SYSRET from R11 and IRETQ from the frame. Not compared: bit 1 (always 1),
# TF (a debugger's), RF (SYSRET clears it, IRETQ takes it from the frame),
# and VM, VIF, VIP (not used in 64-bit mode).
USER_FLAGS = CF | PF | AF | ZF | SF | IF | DF | OF | IOPL | NT | AC | ID
# At each syscall gdb adds these to the program's flags (R11, where SYSCALL
# saved them), so that a way back that makes flags up (0x202, say) does not
# match them by chance. nullsys's next instruction after `syscall` is `dec`,
# which sets all five anew: the run itself does not change.
MARKED = PF | AF | ZF | SF | OF

def reg(name):
    return int(gdb.parse_and_eval("$" + name)) & 0xffffffffffffffff

def q(addr):
    return int(gdb.parse_and_eval(f"*(unsigned long *){addr:#x}")) & 0xffffffffffffffff

def setq(addr, value):
    gdb.execute(f"set *(unsigned long *){addr:#x} = {value:#x}", to_string=True)

def sym(name):
    return int(gdb.parse_and_eval(f"(unsigned long)&{name}"))

def insn(pc):
    return gdb.selected_frame().architecture().disassemble(pc)[0]["asm"]

def show_insn(pc):
    """The instruction at pc as x/i shows it: address <symbol+offset>: text."""
    return " ".join(gdb.execute(f"x/i {pc:#x}", to_string=True).replace("=>", "").split())

def process_cr3():
    return int(gdb.parse_and_eval("cpu0.current->vas->pml4_phys"))

def set_space(pml4, cr3):
    """Give the process another address space, as exec does."""
    gdb.execute(f"set var cpu0.current->vas->pml4_phys = {pml4:#x}", to_string=True)
    # ($cr3 is a flags type in gdb: it takes an unsigned long, not a bare number)
    gdb.execute(f"set $cr3 = (unsigned long){cr3:#x}", to_string=True)

problems = []

def problem(text):
    problems.append(text)
    print("return-paths: FAIL " + text, flush=True)

def check_frame(where, frame):
    cs, ss = q(frame + TF_CS), q(frame + TF_SS)
    if (cs, ss) != (USER_CS, USER_SS):
        problem(f"{where}: the frame holds CS={cs:#x} SS={ss:#x}, not {USER_CS:#x} {USER_SS:#x}")

class Path:
    """One way back to ring 3, and what was seen on it."""

    def __init__(self, name, user_flags, first_entry=False, force_iretq=False,
                 replace_space=False):
        self.name = name
        self.user_flags = user_flags        # the RFLAGS ring 3 must get back
        self.first_entry = first_entry      # then IF must be 1 in ring 3
        self.force_iretq = force_iretq
        self.replace_space = replace_space
        self.returning = first_entry        # on the way back: IF must be 0
        self.ret_from_dispatch = None       # where syscall_dispatch returns
        self.old_space = None               # (pml4_phys, CR3) while replaced
        self.steps = self.cr3_writes = self.if_on = 0
        self.way = "?"

def at_dispatch(path):
    """syscall_dispatch's first instruction: note where it returns to;
    play exec if asked to."""
    path.ret_from_dispatch = q(reg("rsp"))
    if path.replace_space:
        path.old_space = (process_cr3(), reg("cr3"))
        # the kernel's PML4 stands in for exec's new tables: it maps the
        # kernel half like every PML4, and no user instruction runs on it
        new = int(gdb.parse_and_eval("cpu0.kernel_cr3"))
        set_space(new, new)

def at_return(path):
    """syscall_dispatch has returned: the way back starts here."""
    path.returning = True
    if path.force_iretq:
        gdb.execute("set $rax = 1", to_string=True)
        tf = reg("rsp")
        setq(tf + TF_CS, 0x8)
        setq(tf + TF_SS, 0x10)

def check_step(path, pc, text):
    """The checks on one instruction in ring 0, before it runs."""
    if re.match(r"mov\s+cr3\s*,", text):
        path.cr3_writes += 1
        problem(f"{path.name}: writes CR3 at {pc:#x}: {text}")
    if path.returning and reg("eflags") & IF:
        path.if_on += 1
        if path.if_on == 1:             # name the first one only
            problem(f"{path.name}: interrupts on (IF=1) on the way back, first at {show_insn(pc)}")
    if re.match(r"pop\s+r15$", text):
        check_frame(f"{path.name}: where the registers are popped", reg("rsp"))
    if text.startswith("iretq"):
        path.way = "iretq"
        check_frame(f"{path.name}: at iretq", reg("rsp") - 17 * 8)
    elif "sysret" in text:
        path.way = "sysret"

def follow(path):
    """Step from here (ring 0) to the first instruction in ring 3."""
    dispatch, fatal = sym("syscall_dispatch"), sym("fatal_trap")
    while path.steps < MAX_STEPS:
        pc = reg("pc")
        if reg("cs") & 3 == 3:
            arrive(path)
            return True
        if pc == fatal:
            problem(f"{path.name}: a fault in ring 0 on the way (fatal_trap)")
            return False
        if pc == dispatch and path.ret_from_dispatch is None:
            at_dispatch(path)
        if pc == path.ret_from_dispatch and not path.returning:
            at_return(path)
        check_step(path, pc, insn(pc))
        gdb.execute("stepi", to_string=True)
        path.steps += 1
    problem(f"{path.name}: still in ring 0 after {MAX_STEPS} instructions")
    return False

def arrive(path):
    """The first instruction in ring 3, before it runs: CR3 and RFLAGS."""
    cr3, want = reg("cr3"), process_cr3()
    if cr3 != want:
        problem(f"{path.name}: back in ring 3 with CR3={cr3:#x}, the process's is {want:#x}")
    print(f"return-paths: {path.name}: ring 3 by {path.way} after {path.steps} instructions, "
          f"{path.cr3_writes} CR3 writes, CR3={'the process' if cr3 == want else hex(cr3)}")
    flags = reg("eflags")
    ok = flags & USER_FLAGS == path.user_flags & USER_FLAGS
    if not ok:
        problem(f"{path.name}: back in ring 3 with RFLAGS={flags:#x}, the user's were "
                f"{path.user_flags:#x} (bits compared: {USER_FLAGS:#x})")
    if path.first_entry and not flags & IF:
        ok = False
        problem(f"{path.name}: the program starts with interrupts off (RFLAGS={flags:#x})")
    print(f"return-paths: {path.name}: {path.if_on} instructions with IF=1 on the way back, "
          f"RFLAGS={'the user flags' if ok else hex(flags)}")
    if path.old_space:
        set_space(*path.old_space)      # the real space back: the run goes on

def next_syscall():
    """Run to the next syscall_entry; mark the user's RFLAGS (SYSCALL saved
    them in R11) and return them."""
    gdb.execute("continue", to_string=True)
    flags = reg("r11") | MARKED
    gdb.execute(f"set $r11 = {flags:#x}", to_string=True)
    return flags

def run():
    gdb.execute("break return_to_user", to_string=True)
    gdb.execute("continue", to_string=True)
    tf = reg("rdi")
    first = Path("first entry", q(tf + TF_RFLAGS), first_entry=True)
    setq(tf + TF_CS, 0x8)
    setq(tf + TF_SS, 0x10)
    if not follow(first):
        return
    gdb.execute("delete", to_string=True)
    gdb.execute("break syscall_entry", to_string=True)
    if not follow(Path("syscall 1", next_syscall())):
        return
    if not follow(Path("syscall 2, IRETQ forced", next_syscall(), force_iretq=True)):
        return
    follow(Path("syscall 3, its space replaced (as exec will)", next_syscall(),
                replace_space=True))

try:
    run()
except gdb.error as e:                  # QEMU gone: the kernel powered off
    problem(f"gdb lost the kernel: {e}")
print(f"return-paths: {len(problems)} problems")
try:
    gdb.execute("kill", to_string=True)
except gdb.error:
    pass
end

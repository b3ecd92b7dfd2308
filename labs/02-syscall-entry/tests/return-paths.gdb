# return-paths.gdb — the graded test lab2.return-paths: every way into and
# out of ring 3 that stage 2 has, driven one instruction at a time, the way
# lab 3 will use them.
#
# Booted with `init=/bin/nullsys 3` (a loop of getpid calls), it follows:
#   1. the first entry to ring 3: return_to_user -> iretq
#   2. a getpid that returns by SYSRET (the fast way)
#   3. a getpid that returns by IRETQ: when syscall_dispatch returns, RAX is
#      set to 1 ("not with SYSRET"), as C may answer for any syscall
# from the first instruction of the path to the first instruction back in
# ring 3, and checks at every step:
#   - no instruction writes CR3 (lab 2's syscall path has no reason to; from
#     lab 3 on, only the deferred next_cr3 switch may, and it is not here)
#   - CR3 on arrival in ring 3 is the process's own PML4
#   - where the saved registers are popped (in interrupt_exit, the way back
#     interrupts share from lab 3 on) and at every iretq, the frame's
#     CS and SS are the user selectors 0x23 and 0x1b. Before paths 1 and 3
#     the frame's CS and SS are set to the kernel's (0x8, 0x10): a return
#     path must set them itself, never trust a frame.
python
import re
import gdb

MAX_STEPS = 20000
TF_CS, TF_SS = 18 * 8, 21 * 8           # struct trap_frame, from r15 at 0
USER_CS, USER_SS = 0x23, 0x1b

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

def process_cr3():
    return int(gdb.parse_and_eval("cpu0.current->vas->pml4_phys"))

problems = []

def problem(text):
    problems.append(text)
    print("return-paths: FAIL " + text, flush=True)

def check_frame(where, frame):
    cs, ss = q(frame + TF_CS), q(frame + TF_SS)
    if (cs, ss) != (USER_CS, USER_SS):
        problem(f"{where}: the frame holds CS={cs:#x} SS={ss:#x}, not {USER_CS:#x} {USER_SS:#x}")

def follow(name, force_iretq=False):
    """Step from here (ring 0) to the first instruction in ring 3."""
    dispatch, fatal = sym("syscall_dispatch"), sym("fatal_trap")
    ret_from_dispatch = None
    cr3_writes = steps = 0
    way = "?"
    while steps < MAX_STEPS:
        pc = reg("pc")
        if reg("cs") & 3 == 3:
            break
        if pc == fatal:
            problem(f"{name}: a fault in ring 0 on the way (fatal_trap)")
            return False
        text = insn(pc)
        if re.match(r"mov\s+cr3\s*,", text):
            cr3_writes += 1
            problem(f"{name}: writes CR3 at {pc:#x}: {text}")
        if pc == dispatch and ret_from_dispatch is None:
            ret_from_dispatch = q(reg("rsp"))
        if force_iretq and pc == ret_from_dispatch:
            gdb.execute("set $rax = 1", to_string=True)
            tf = reg("rsp")
            setq(tf + TF_CS, 0x8)
            setq(tf + TF_SS, 0x10)
            force_iretq = False
        if re.match(r"pop\s+r15$", text):
            check_frame(f"{name}: where the registers are popped", reg("rsp"))
        if text.startswith("iretq"):
            way = "iretq"
            check_frame(f"{name}: at iretq", reg("rsp") - 17 * 8)
        elif "sysret" in text:
            way = "sysret"
        gdb.execute("stepi", to_string=True)
        steps += 1
    else:
        problem(f"{name}: still in ring 0 after {MAX_STEPS} instructions")
        return False
    cr3, want = reg("cr3"), process_cr3()
    if cr3 != want:
        problem(f"{name}: back in ring 3 with CR3={cr3:#x}, the process's is {want:#x}")
    print(f"return-paths: {name}: ring 3 by {way} after {steps} instructions, "
          f"{cr3_writes} CR3 writes, CR3={'the process' if cr3 == want else hex(cr3)}")
    return True

def run():
    gdb.execute("break return_to_user", to_string=True)
    gdb.execute("continue", to_string=True)
    tf = reg("rdi")
    setq(tf + TF_CS, 0x8)
    setq(tf + TF_SS, 0x10)
    if not follow("first entry"):
        return
    gdb.execute("delete", to_string=True)
    gdb.execute("break syscall_entry", to_string=True)
    gdb.execute("continue", to_string=True)
    if not follow("syscall 1"):
        return
    gdb.execute("continue", to_string=True)
    follow("syscall 2, IRETQ forced", force_iretq=True)

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

# syscall-cr3-switch.gdb — bug 2's guided session in labs/02-syscall-entry/README.md,
# the same commands in the same order (a test compares them). It runs once
# bug 1 (syscall-iret-ss) is fixed — before that no program reaches a
# syscall: `make walkthrough LAB=2 BUGS=syscall-cr3-switch`, with the README's
# CMDLINE (lab.toml's walkthrough_cmdline).
#
# 1. Stop at the first instruction of the syscall entry: /bin/minimal's
#    write(). Which page tables, and whose GS?
break syscall_entry
continue
print/x $rcx
print/x $cr3
set $user_cr3 = $cr3
rl-percpu
# 2. swapgs: now GS points at the kernel's per-CPU data.
stepi
x/i $pc
rl-percpu
# 3. In C: the saved frame, and the CR3 the handler runs on.
break syscall_dispatch
continue
rl-frame tf
print/x $cr3
print/x ((struct percpu *)$gs_base)->user_cr3_saved
# 4. The handler cannot read the user's buffer: write() returns -EFAULT.
finish
print (long)((struct trap_frame *)$rsp)->rax
# 5. The way out: the CR3 that SYSRET returns to ring 3 with.
break syscall_sysret
continue
print/x $cr3
print/x $rcx
rl-walk $rcx
rl-walk $rcx $user_cr3
# 6. One instruction later, in ring 3, the CPU fetches $rcx through CR3.
#    (delete first: a later syscall would stop at syscall_entry)
delete
break user_fault
stepi
continue
print/x tf->rip
print/x tf->error
print/x $cr2
print/x $cr3

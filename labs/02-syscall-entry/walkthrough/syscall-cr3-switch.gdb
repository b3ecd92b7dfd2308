# syscall-cr3-switch.gdb — the guided session of labs/02-syscall-entry/README.md.
# Run it with `make walkthrough LAB=2 BUGS=syscall-cr3-switch`.
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
delete
break user_fault
stepi
continue
print/x tf->rip
print/x tf->error
print/x $cr2
print/x $cr3

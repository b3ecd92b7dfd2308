# timer-cr3-race.gdb — the guided session of labs/03-timer-iretq/README.md.
# Run it with `make walkthrough LAB=3 BUGS=timer-cr3-race` (under -icount
# every run is the same run) in a tree where timer-iret-frame is fixed: as
# handed out, that bug ends the run at the first tick. The handout's session
# is `make qemu-gdb LAB=3 CMDLINE=trace` and `make gdb LAB=3`, with exactly
# these commands. No command here calls a kernel function: gdb would run it
# on the guest, with the timer ticking.
#
# 1. Watch the per-CPU slot the scheduler leaves the next CR3 in.
watch cpu0.next_cr3
continue
print cpu0.current->pid
print/x cpu0.next_cr3
continue
print/x $cr3
# 2. The first timer tick: where does it land?
delete
break timer_interrupt
continue
bt
rl-frame tf
x/3i tf->rip - 4
print cpu0.current->pid
# 3. pid 1 loses the CPU inside its own return path. Later, a process exits:
delete
break process_exit
continue
print p->name
# 4. pid 1's return path finally goes on, and reaches its iretq:
delete
break interrupt_iretq_to_ring3 if cpu0.current->pid == 1
continue
print/x $cr3
print/x cpu0.current->vas->pml4_phys
print/x cpu0.next_cr3
rl-iret $rsp
set $user_rip = *(unsigned long *)$rsp
rl-walk $user_rip
# 5. One instruction later, in ring 3:
delete
break user_fault
stepi
continue
print/x tf->rip
print/x tf->error
print/x $cr3

# return-paths.gdb — graded test lab3.return-paths (labs/03-timer-iretq/lab.toml).
#
# Both ways back to ring 3 from a syscall read next_cr3: the slow one
# (syscall_return_slow, then interrupt_exit and iretq) and the fast one
# (syscall_return_fast and sysret). Stage 3 never schedules inside a
# syscall, so its own runs always find the slot empty there; lab 4 does
# (sched_yield, wait4, execve), and then the syscall comes back with the CPU
# on another process's tables and its own PML4 waiting in the slot. gdb puts
# each path in exactly that state, then looks at the CPU where it enters
# ring 3: CR3 must be the process's own, the slot empty, interrupts off.
# (Every stop of gdb leaves a timer tick pending: an `sti` anywhere on the
# way takes it in ring 0, which QEMU's interrupt log shows.)
#
# The other returns to ring 3 by iretq (first entries, the returns from
# ticks) are checked too, but not from here: a breakpoint on every one
# would leave a tick pending at every one, a correct kernel takes it right
# after iretq, and the programs would never run an instruction. Instead
# QEMU logs the CPU's registers at every call of trace_iretq_to_ring3
# (lab.toml: qemu_log_calls), which interrupt_exit makes, with `trace` on
# the command line, between reading next_cr3 and iretq: the test requires
# IF clear in every one of them.
#
# 1. The slow path: /bin/sysret-edge's syscall returns to a non-canonical
#    address, which SYSRET must not do. (A first entry to ring 3 passes
#    the same label, return_to_user falling into it: not that one.)
break syscall_return_slow if ((struct trap_frame *)$rsp)->rip == 0x800000000000
continue
set $own = cpu0.current->vas->pml4_phys
set cpu0.next_cr3 = $own
set $cr3 = cpu0.kernel_cr3
delete
break interrupt_iretq_to_ring3
continue
printf "slow path (iretq): pid %d, own CR3 %d, next_cr3 0x%lx, IF %d\n", cpu0.current->pid, $cr3 == $own, cpu0.next_cr3, ($eflags >> 9) & 1
delete
# 2. The fast path: the next syscall (/bin/enosys's).
break syscall_return_fast
continue
set $own = cpu0.current->vas->pml4_phys
set cpu0.next_cr3 = $own
set $cr3 = cpu0.kernel_cr3
delete
break syscall_sysret
continue
printf "fast path (sysret): pid %d, own CR3 %d, next_cr3 0x%lx, IF %d\n", cpu0.current->pid, $cr3 == $own, cpu0.next_cr3, ($eflags >> 9) & 1
delete
# 3. The run goes on to its end.
break poweroff
continue
printf "power off\n"

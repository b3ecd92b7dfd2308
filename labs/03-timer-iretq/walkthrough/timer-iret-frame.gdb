# timer-iret-frame.gdb — the guided session of labs/03-timer-iretq/README.md.
# Run it with `make walkthrough LAB=3 BUGS=timer-iret-frame`, in the tree as
# handed out (the other bug needs `trace`, which this session does not use).
# The handout's session is `make qemu-gdb LAB=3` and `make gdb LAB=3`, with
# exactly these commands.
#
# 1. The first timer interrupt, at the first instruction of its stub: what
#    did the CPU push?
break irq_stub_0
continue
x/5gx $rsp
rl-iret $rsp
# 2. In C: the frame as trap_dispatch sees it.
break trap_dispatch
continue
print tf->vector
rl-frame tf
# 3. The tick makes pid 2 run; when pid 1 runs again, it takes the way
#    back from this interrupt, to its iretq.
delete
break interrupt_iretq_to_ring3 if cpu0.current->pid == 1
continue
x/i $pc
rl-iret $rsp
# 4. Execute it. The #GP ends in fatal_trap, whose report powers QEMU off:
#    stop there first, or gdb loses QEMU ("Remote connection closed").
delete
break fatal_trap
stepi
continue
print/x tf->error
print/a tf->rip

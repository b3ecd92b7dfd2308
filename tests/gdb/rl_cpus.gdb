# rl_cpus.gdb — rl-cpus on stage 5 with two CPUs (tests/smp.toml,
# smp.lab5.gdb-rl-cpus). At reset neither CPU has per-CPU data. Then CPU 1
# stops at the iretq that returns to a process, after the exit's swapgs: in
# ring 0, its kernel GS base already in KERNEL_GS_BASE; one instruction on,
# in ring 3 with interrupts on. Its TSS.RSP0 is the top of the kernel stack
# that the iret frame sits on: $rsp + 40 at the iretq. rl-cpus leaves gdb's
# thread and frame as they were.
rl-cpus
break interrupt_iretq_to_ring3 thread 2
continue
rl-cpus
print/x $rsp + 40
stepi
rl-cpus
thread 1
frame 1
rl-cpus
thread
frame

# syscall-iret-ss.gdb — bug 1's guided session in labs/02-syscall-entry/README.md,
# the same commands in the same order (a test compares them). It runs in the
# tree as handed out (both bugs in; this one shows first):
# `make walkthrough LAB=2 BUGS=syscall-iret-ss`, with the README's CMDLINE
# (lab.toml's walkthrough_cmdline).
#
# 1. The first entry to ring 3: exec has built a frame for /bin/minimal.
break return_to_user
continue
rl-frame $rdi
# 2. The IRETQ frame as the CPU will read it, one instruction before iretq.
break interrupt_iretq_to_ring3
continue
x/i $pc
rl-iret $rsp
rl-percpu
# 3. The descriptor behind selector 0x18, and the rule iretq applies.
rl-gdt
# 4. Execute iretq: the CPU refuses, in ring 0, and reports the selector.
#    The kernel then reports a FATAL and powers off: stop at fatal_trap
#    first, or gdb loses QEMU.
delete
break fatal_trap
stepi
continue
print/x tf->vector
print/x tf->error
print/a tf->rip
print/x tf->cs

# smp-ap-tss.gdb — the guided session of labs/05-smp/README.md. Run it with
# `make walkthrough LAB=5 BUGS=smp-ap-tss` (the tree as handed out; two
# CPUs under -icount, as the handout's `make qemu-gdb CPUS=2
# CMDLINE='init=/bin/minimal'`). The same commands, in the same order, as
# the handout's gdb=smp-ap-tss session. QEMU shows each CPU as a gdb
# thread: thread 1 is CPU 0, thread 2 is CPU 1.
#
# 1. The boot CPU loads its GDT: the TSS descriptor before its `ltr`.
break gdt_load
continue
info threads
rl-gdt table
print &tss
# 2. CPU 1 loads its copy: the same descriptor, busy, the boot CPU's TSS.
continue
info threads
rl-gdt table
up
print &t->tss
thread 1
rl-gdt
thread 2
# 3. The `ltr`: stop in fatal_trap, before it reports and powers off.
delete
break fatal_trap
continue
print/x tf->error
info symbol tf->rip

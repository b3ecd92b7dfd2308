# smp-lazy-tlb.gdb — the guided session of labs/05-smp/README.md. Run it
# with `make walkthrough LAB=5 BUGS=smp-lazy-tlb` once bug 1 is fixed (two
# CPUs under -icount, as the handout's `make qemu-gdb CPUS=2
# CMDLINE='init=/bin/lazytlb'`). The same commands, in the same order, as
# the handout's gdb=smp-lazy-tlb session. Thread 1 is CPU 0, thread 2 CPU 1.
#
# 1. pid 2 shrinks its heap on CPU 0: whom does the shootdown reach?
break tlb_shootdown_user
continue
info threads
print cpu0.current->pid
print/x va
print/x vas->pml4_phys
print/x vas->cpus
# 2. And what does CPU 1 hold?
thread 2
print/x $cr3
thread 1
# 3. The next write of the set: pid 2 comes back to CPU 1.
delete
watch -l vas->cpus
continue
bt 2
up
print p->pid
print/x $cr3

# paging-sign-extend.gdb — the guided session of labs/01-paging/README.md.
# Run it with `make walkthrough LAB=1 BUGS=paging-sign-extend`.
#
# 1. Stop where the walk turns the indices of the first kernel-half entry
#    (L4[256], the direct map) back into an address, and see the result.
break va_from_indices if idx[4] == 256
continue
print level
print *idx@5
finish
print/x $
# 2. Ask the page tables about that address, and about its canonical form.
rl-walk $
rl-walk 0xffff800000000000
# 3. Let the walk go on to the read that faults; stop in the fault report.
delete
break fatal_trap
continue
print/a tf->rip
x/i tf->rip
print/x tf->rax
print tf->vector
print tf->error
print/x $cr2
# 4. Let the report print; stop before the kernel powers QEMU off.
break poweroff
continue

# paging-sign-extend.gdb — the guided session of labs/01-paging/README.md:
# the same commands, in the same order, as the README's
# gdb=paging-sign-extend blocks (its CMDLINE is lab.toml's
# walkthrough_cmdline: none). Run it with
# `make walkthrough LAB=1 BUGS=paging-sign-extend` once paging-kernel-half
# is fixed (before that, the boot triple-faults before the walk).
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
# 3. Let the walk go on to the read that faults; stop in the fault report,
#    before the kernel powers QEMU off.
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

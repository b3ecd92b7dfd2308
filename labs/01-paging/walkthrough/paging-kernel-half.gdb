# paging-kernel-half.gdb — the guided session of labs/01-paging/README.md,
# steps 1-6: the same commands, in the same order, as the README's
# gdb=paging-kernel-half blocks (its CMDLINE is lab.toml's
# walkthrough_cmdline: none). Run it with
# `make walkthrough LAB=1 BUGS=paging-kernel-half`; it works in the tree as
# handed out, where this bug shows first.
#
# 1. Stop where the self-test switches into the new address space.
break vas_switch
continue
x/3i $pc
stepi
# 2. Just before `mov cr3, rax`: rax holds the new PML4, cr3 the kernel's.
info registers rax cr3
# 3. The next instruction's address under both PML4s.
rl-walk $pc
rl-walk $pc $rax
# 4. What each PML4 maps.
rl-maps
rl-maps $rax
# 5. Execute the mov cr3 with QEMU's exception log on, then the next fetch:
#    the triple fault ends QEMU (gdb: "exited normally"; no fatal_trap can
#    catch it), and the log tells what happened.
rl-qemu-log start
stepi
info registers cr3
rl-walk $pc
stepi
rl-qemu-log
# 6. The second exception's CR2 is an address in the kernel: which one?
print &idt[14]

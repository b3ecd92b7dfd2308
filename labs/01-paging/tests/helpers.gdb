# helpers.gdb — the test lab1.gdb.helpers: rl-walk and rl-maps on the fixed
# stage-1 kernel, stopped in the self-test after it switched back to the
# kernel's tables, with its address space still alive.
break check_kernel_half
continue
rl-walk 0x402000 vas->pml4_phys
rl-walk 0xffffffffc0000000
rl-walk 0
rl-walk 0xffff800000000000
rl-walk 0xffff800000200000
rl-walk 0x0000800000000000
rl-maps vas->pml4_phys

# rl_gdt.gdb — rl-gdt ADDR on stage 5 with two CPUs (tests/smp.toml,
# smp.lab5.gdb-rl-gdt). gdt_load stops first on CPU 0 (its GDT, `gdt`,
# before its ltr), then on CPU 1 with the AP's own copy (`tables`): that
# copy's TSS descriptor is CPU 1's own TSS, available; the boot CPU's, by
# then, is busy and another TSS. ADDR may be a pointer (`table`, in
# gdt_load) or an array (`t->gdt`, in cpu_tables_init). Lab 5's handout
# decodes the same two tables with the bug in.
break gdt_load
continue
rl-gdt table
continue
up
print &t->tss
rl-gdt t->gdt
rl-gdt

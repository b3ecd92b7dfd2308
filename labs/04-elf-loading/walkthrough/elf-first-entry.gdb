# elf-first-entry.gdb — the guided session of labs/04-elf-loading/README.md.
# Run it with `make walkthrough LAB=4 BUGS=elf-first-entry`.
#
# 1. The loader has read /bin/sh: what did it compute?
break process_become
continue
print lp->image_size
print/x lp->load_bias
print/x lp->entry
print/x ((struct elf64_ehdr *)lp->image)->e_type
print/x ((struct elf64_ehdr *)lp->image)->e_entry
# 2. The user program's own symbols, placed where they were loaded.
add-symbol-file build/userspace/bin/sh -o 0x555555554000
info symbol 0x5555555550c0
# 3. The frame of the first entry to ring 3.
delete
break return_to_user
continue
rl-frame $rdi
# 4. iretq, and what ring 3 makes of that RIP.
delete
break user_fault
continue
print/x tf->rip
print tf->vector
print/x tf->cs

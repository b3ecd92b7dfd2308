# elf-first-entry.gdb — the guided session of labs/04-elf-loading/README.md.
# Run it with `make walkthrough LAB=4 BUGS=elf-first-entry` (the tree as
# handed out; the kernel command line is `strace`, as in the handout's
# `make qemu-gdb LAB=4 CMDLINE='strace'`). The same commands, in the same
# order, as the handout's gdb=elf-first-entry session.
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
print ((struct trap_frame *)$rdi)->rsp % 16
# 4. iretq, and what ring 3 makes of that RIP.
delete
break user_fault
continue
print/x tf->rip
print tf->vector
print/x tf->cs

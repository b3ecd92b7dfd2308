# elf-exec-cr3-race.gdb — the guided session of labs/04-elf-loading/README.md.
# Run it with `make walkthrough LAB=4 BUGS=elf-exec-cr3-race` once bug 1 is
# fixed (under -icount: every run is the same run). The same commands, in
# the same order, as the handout's gdb=elf-exec-cr3-race session. No command
# calls a kernel function.
#
# 1. The shell's child calls execve("/bin/echo", ...). Stop where the new
#    program is being loaded.
break program_load if cpu0.current != 0
continue
print cpu0.current->pid
print path
print/x cpu0.current->vas->pml4_phys
print/x vas->pml4_phys
print/x cpu0.next_cr3
print/x $eflags
# 2. Follow the slot while the load goes on.
delete
watch cpu0.next_cr3
continue
print cpu0.current->pid
continue
continue
print cpu0.current->pid
print/x cpu0.current->vas->pml4_phys
# 3. The exec finishes; stop at the sysret that ends it.
delete
break syscall_sysret if cpu0.current->pid == 3
continue
print/x $cr3
print/x cpu0.current->vas->pml4_phys
print/x $rcx
rl-walk $rcx
# 4. Ring 3.
delete
break user_fault
continue
print/x tf->rip
print/x tf->error
print/x $cr3

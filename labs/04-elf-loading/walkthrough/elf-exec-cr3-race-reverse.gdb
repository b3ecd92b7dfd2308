# elf-exec-cr3-race-reverse.gdb — the "go backwards" session of
# labs/04-elf-loading/README.md. Run it with
# `make walkthrough LAB=4 BUGS=elf-exec-cr3-race MODE=reverse` (it records
# the run first). The handout's session is `make record LAB=4 CMDLINE=…`,
# then `make replay-gdb LAB=4` and `make gdb LAB=4`, with exactly these
# commands. It starts at the harm and reads the slot's history backwards.
#
# 1. Forwards to the harm: /bin/echo's first instruction faults.
break user_fault
continue
print cpu0.current->pid
print/x $cr3
print/x cpu0.current->vas->pml4_phys
# 2. Backwards through the last writes of the slot.
delete
watch cpu0.next_cr3
reverse-continue
reverse-continue
bt 2
print/x cpu0.next_cr3
# 3. Back to the start of this execve, then forwards again, watching.
delete
break process_exec
reverse-continue
print cpu0.current->pid
delete
watch cpu0.next_cr3
continue
bt 2
print/x cpu0.next_cr3

# timer-cr3-race-reverse.gdb — the "go backwards" session of
# labs/03-timer-iretq/README.md. Run it with
# `make walkthrough LAB=3 BUGS=timer-cr3-race MODE=reverse` (it records the
# run first). The handout's session is `make record LAB=3 CMDLINE=trace`,
# then `make replay-gdb LAB=3` and `make gdb LAB=3`, with exactly these
# commands. It starts at the harm and asks who caused it.
#
# 1. Forwards to the harm: pid 1's first instruction faults.
break user_fault
continue
print/x $cr3
print/x cpu0.current->vas->pml4_phys
# 2. Who last wrote the slot? Backwards until it changes.
delete
watch cpu0.next_cr3
reverse-continue
bt 2
print/x cpu0.next_cr3
reverse-continue
bt 2
# 3. Who loaded the CR3 that pid 1 faulted under?
delete
break vas_switch
reverse-continue
bt 3
print/x vas->pml4_phys
up
print p->name

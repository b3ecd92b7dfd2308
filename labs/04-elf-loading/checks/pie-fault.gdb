# pie-fault.gdb — the graded test lab4.pie-fault (labs/04-elf-loading/lab.toml).
#
# The kernel must know where it put a static-PIE program: its fault report
# names the function RIP is in from the program's own symbols, placed at
# the process's load bias (kernel/proc/user_fault.c). No program of the
# initrd faults when it runs as a static-PIE, so gdb makes one: booted with
# `init=/bin/hello-pie`, it stops at the iretq of pid 1's first entry to
# ring 3 (CR3 is already the process's), writes a ud2 (0f 0b) at the RIP
# of the frame, where the kernel starts the program, and lets it run. The
# program's first instruction then raises #UD, and the console must show
#   user fault: pid 1 (/bin/hello-pie) #UD vec=6 ... RIP=0x555555555100 _start+0x0
# A kernel that starts the program at the right place but has lost its
# load bias (the process's load_bias 0) symbolizes RIP as if the program
# were at its link address, and reports "RIP=0x555555555100 ?".
# Nothing in the initrd changes: only this run's copy of the program in
# memory.
break interrupt_iretq_to_ring3 if cpu0.current != 0 && cpu0.current->pid == 1
continue
delete
set $entry = *(unsigned long *)$rsp
printf "pie-fault: pid %d (%s) enters ring 3 at 0x%lx\n", cpu0.current->pid, cpu0.current->name, $entry
set {unsigned char}$entry = 0x0f
set {unsigned char}($entry + 1) = 0x0b
printf "pie-fault: ud2 written there: %02x %02x\n", *(unsigned char *)$entry, *(unsigned char *)($entry + 1)
# The run goes on to its end: the #UD kills pid 1, init, and the kernel
# powers off.
break poweroff
continue
printf "power off\n"

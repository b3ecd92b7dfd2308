# break_kmain.gdb — the foundation's gdb test: a breakpoint set while the
# CPU is still in real mode stops in 64-bit kmain, with source lines, and
# the ringlab helpers are loaded.
break kmain
continue
info source
bt 1
list kmain,+3
rl-cr
rl-help

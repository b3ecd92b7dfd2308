# bench.sh — the full kernel's figures of `make bench` (scripts/ringlab/
# staff/bench.py runs `init=/bin/sh /etc/bench.sh` under -icount): the
# programs one after another under the shell, so the process table holds
# the shell too. A script, not typed input: characters arriving on the
# console would interrupt the loops being measured.
/bin/nullsys 1000
/bin/bench yield 1000
/bin/bench tick 100
/bin/bench forkexec 20
/bin/bench mmapfault 100
/bin/bench pipe 1000
exit 0

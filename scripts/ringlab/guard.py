"""guard.py — timeouts that hold on a busy machine.

A test's timeout is a guard against a run that never ends, not a
measurement: a run that ends is judged by what it printed, however long it
took. On a machine with a core to spare the guard is the number the test
gives (seconds). On a shared one (a course's grading server, a CI runner,
`make test-loaded`) each process gets a share of a core, and every run
takes longer in wall time by about the number of runnable processes per
core; a fixed guard then fails runs that would have ended. So each guard is
stretched by that factor, the 1-minute load average over the CPU count
(never below 1), taken at the start of the wait and again while it lasts:

    d = Deadline(30)          # 30 s on a quiet machine
    while d.left() > 0: ...   # 30 s x the highest factor seen so far

    stretched(30)             # for a call that takes a fixed timeout
                              # (subprocess.run): the factor at its start

A process that had the guard's seconds of CPU time (in one thread: QEMU's
virtual CPU) has had all a quiet machine would have given it: Deadline.left
takes that time too, and the guard ends there, however busy the machine.

What this does not stretch: anything under -icount measures instructions,
not seconds, and is the same on any machine; only the guard moves.
"""
import os
import time


def factor():
    """Runnable processes per core (the 1-minute load average), at least 1."""
    try:
        load = os.getloadavg()[0]
    except OSError:
        return 1.0
    return max(1.0, load / (os.cpu_count() or 1))


def stretched(seconds):
    return seconds * factor()


class Deadline:
    def __init__(self, seconds):
        self.seconds, self.start, self.most = seconds, time.monotonic(), factor()

    def elapsed(self):
        return time.monotonic() - self.start

    def left(self, cpu=0.0):
        """Seconds left: the guard grows if the machine got busier; none
        once `cpu` (the watched process's CPU seconds) reaches the guard."""
        self.most = max(self.most, factor())
        if cpu >= self.seconds:
            return 0.0
        return self.seconds * self.most - self.elapsed()

    def describe(self):
        """How the guard ended, for a timeout report."""
        return (f"{self.elapsed():.0f} s (the guard: {self.seconds} s"
                + (f" x {self.most:.1f}, the machine's load per core" if self.most > 1 else "")
                + ")")

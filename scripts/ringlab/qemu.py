"""qemu.py — boot a ringlab ISO under QEMU and say how the run ended.

The kernel ends every run through the isa-debug-exit device (port 0xf4):
QEMU then exits with (value << 1) | 1 — always odd. kernel/drivers/poweroff.h
defines the values; here they are decoded:

    QEMU exit status     meaning
    33                   success (the kernel's own success code)
    35                   FATAL: the kernel reported a fault it could not handle
    129 + 2*s            failure: init (or a ktest) ended with status s
    0                    no power-off at all: a triple fault or reset under
                         -no-reboot — never success
    anything else        QEMU itself failed (bad option, missing file ...)
"""
import os
import select
import subprocess
import time

from .guard import Deadline

QEMU = "qemu-system-x86_64"
CPU = "qemu64,+smep,+smap,+umip"
BASE_ARGS = [
    "-m", "128M",
    "-no-reboot",                       # a triple fault ends the run
    "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
    # no network card (the kernel has no driver): the firmware then has no
    # network boot ROM to start
    "-net", "none",
]


# The ISO is a CD on a virtio SCSI controller, not `-cdrom`'s IDE one. The
# firmware and GRUB read everything through the BIOS disk services: from
# IDE, SeaBIOS moves each 2 KiB sector through the data port 16 bits at a
# time, half a million port reads, each one slow under TCG; a controller
# that copies by DMA saves a third of a boot's CPU time (docs/performance.md,
# "Boot cost"). Of those, virtio SCSI rather than AHCI: SeaBIOS waits for a
# link on each of AHCI's five empty ports until a timeout, reading the
# port's status register in a loop, and under -icount a timeout is counted
# in instructions: 84,000 register reads per boot, each a call into QEMU's
# device model, about 0.2 s of CPU, a quarter of every -icount boot. The kernel
# never looks at the disk, and the machine (PC, i440FX) is the same; the
# firmware keeps three pages of RAM for the controller's queues (RAM ends
# at 0x7fdd000, not 0x7fe0000).
def cdrom_args(iso):
    return ["-device", "virtio-scsi-pci,id=scsi0",
            "-drive", "if=none,id=cd0,media=cdrom,readonly=on,file=" + iso.replace(",", ",,"),
            "-device", "scsi-cd,drive=cd0,bus=scsi0.0,bootindex=0"]


# Deterministic time: virtual time advances by 2^shift ns per instruction,
# never sleeps, and the guest clock does not read the host's. With shift=0 an
# rdtsc delta counts instructions exactly (what benchmarks want); a larger
# shift is just as deterministic and boots faster, because the firmware's and
# GRUB's timed waits then take fewer instructions.
#
# Under -icount the CPU also does not offer the TSC in CPUID (",-tsc"). GRUB
# then skips measuring the TSC's frequency against the PIT: a busy-wait of
# 55 ms of virtual time (PIT channel 2 counting 0xffff), which -icount turns
# into 55 million instructions, mostly port reads, each one slow under TCG —
# three quarters of an -icount boot (measured: 3.9 s with the TSC in CPUID,
# 0.9 s without; 0.5 s without -icount). `rdtsc` still works: QEMU's TCG
# does not consult CPUID for it, and the kernel never asks CPUID about it.
RTC = ["-rtc", "base=2026-01-01T00:00:00,clock=vm"]


def icount_args(shift=0):
    return ["-icount", f"shift={int(shift)},align=off,sleep=off"] + RTC


def cpu_args(icount):
    return ["-cpu", CPU + (",-tsc" if icount is not False and icount is not None else "")]

EXIT_SUCCESS = 33
EXIT_FATAL = 35


class Result:
    def __init__(self, status, qemu_rc, output, seconds, exit_status=None, qemu_log=""):
        self.status = status            # success fatal failure triple-fault timeout qemu-error
        self.qemu_rc = qemu_rc
        self.output = output            # the serial console, '\r' removed
        self.seconds = seconds
        self.exit_status = exit_status  # for "failure": the kernel's status
        self.qemu_log = qemu_log        # -d output, if asked for

    def describe(self):
        if self.status == "failure":
            return f"failure (status {self.exit_status})"
        if self.status == "triple-fault":
            return "no power-off: triple fault or reset (QEMU exit 0)"
        if self.status == "qemu-error":
            return f"QEMU failed (exit {self.qemu_rc})"
        return self.status


def decode(rc):
    """(status, exit_status) for a QEMU exit code."""
    if rc == EXIT_SUCCESS:
        return "success", 0
    if rc == EXIT_FATAL:
        return "fatal", None
    if rc >= 129 and rc % 2 == 1:
        return "failure", (rc - 129) // 2
    if rc == 0:
        return "triple-fault", None
    return "qemu-error", None


def command(iso, icount=False, extra=(), qemu_log=None, display="none", serial="stdio"):
    args = [QEMU] + cdrom_args(iso) + ["-serial", serial, "-display", display] + BASE_ARGS
    if display == "none":
        # Nobody sees the screen: no VGA card. The firmware then runs no VGA
        # BIOS, and the kernel's writes to the text screen (vga.c: every
        # character, and a copy of the screen at every scroll) go nowhere
        # instead of through QEMU's emulation of the card, one call per access.
        args += ["-vga", "none"]
    args += cpu_args(icount)
    if icount is not False and icount is not None:
        # icount: True means shift=0; an integer is the shift itself
        args += icount_args(0 if icount is True else icount)
    if qemu_log:
        args += ["-d", "int,cpu_reset", "-D", qemu_log]
    return args + list(extra)


def busiest_thread_seconds(pid):
    """CPU seconds of the process's busiest thread (a virtual CPU's):
    /proc/PID/task/*/stat, fields 14 and 15 (utime, stime) in clock ticks."""
    most = 0
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            most = max(most, int(fields[11]) + int(fields[12]))
    except (OSError, IndexError, ValueError):       # it has just ended
        pass
    return most / os.sysconf("SC_CLK_TCK")


def boot(iso, icount=False, extra=(), timeout=30, stdin_data=None, want_qemu_log=False,
         log_dir=None):
    """Boot `iso` headless, collect the serial console, return a Result.
    `timeout` is a guard (guard.py: longer on a busy machine)."""
    qemu_log = None
    if want_qemu_log:
        qemu_log = os.path.join(log_dir or "/tmp", f"qemu-{os.getpid()}-{time.time_ns()}.log")
    args = command(iso, icount, extra, qemu_log)
    start, deadline = time.monotonic(), Deadline(timeout)
    p = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    if stdin_data:
        p.stdin.write(stdin_data.encode())
        p.stdin.flush()
    chunks, timed_out, cpu, cpu_read = [], False, 0.0, 0.0
    while True:
        if time.monotonic() - cpu_read >= 0.5:      # (not at every chunk of output)
            cpu, cpu_read = busiest_thread_seconds(p.pid), time.monotonic()
        left = deadline.left(cpu)
        if left <= 0:
            timed_out = True
            p.kill()
            break
        r, _, _ = select.select([p.stdout], [], [], min(left, 1.0))
        if r:
            data = os.read(p.stdout.fileno(), 65536)
            if not data:
                break
            chunks.append(data)
    rc = p.wait()
    try:
        p.stdin.close()
    except BrokenPipeError:
        pass
    seconds = time.monotonic() - start
    output = b"".join(chunks).decode("utf-8", "replace").replace("\r", "")
    log_text = ""
    if qemu_log and os.path.exists(qemu_log):
        log_text = open(qemu_log, errors="replace").read()
        os.unlink(qemu_log)
    if timed_out:
        return Result("timeout", None, output, seconds, qemu_log=log_text)
    status, exit_status = decode(rc)
    return Result(status, rc, output, seconds, exit_status, log_text)

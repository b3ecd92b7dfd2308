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
import re
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


# QEMU's -d log (-D file): every interrupt and exception with the CPU's
# registers ("int"), and every CPU reset. A test may also name kernel
# functions (`qemu_log_calls`): QEMU then writes the registers at every call
# of each, without stopping the run, as it enters the block of code that
# starts at the function's first byte ("cpu", only for blocks that start in
# one of the -dfilter ranges; "nochain", so that QEMU passes through its
# loop, where it logs, before every block, not only before the first of a
# chain). A gdb breakpoint there would stop the run at every call, and
# under -icount every stop leaves a timer tick pending: the programs would
# never run. The log does not change what the guest does.
def log_args(path, addresses=()):
    items = "int,cpu_reset"
    args = ["-D", path]
    if addresses:
        items += ",cpu,nochain"
        args += ["-dfilter", ",".join(f"{a:#x}+1" for a in addresses)]
    return ["-d", items] + args


def command(iso, icount=False, extra=(), qemu_log=None, display="none", serial="stdio",
            log_calls=()):
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
        args += log_args(qemu_log, log_calls)
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
         log_dir=None, log_calls=()):
    """Boot `iso` headless, collect the serial console, return a Result.
    `timeout` is a guard (guard.py: longer on a busy machine). log_calls:
    addresses whose every call the -d log records (log_args)."""
    qemu_log = None
    if want_qemu_log:
        qemu_log = os.path.join(log_dir or "/tmp", f"qemu-{os.getpid()}-{time.time_ns()}.log")
    args = command(iso, icount, extra, qemu_log, log_calls=log_calls)
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


# What the -d log says of the calls of `log_calls`. Each entry of the log is
# a register dump, the same for an interrupt and for a call, except that an
# interrupt's follows a line of its own:
#
#        0: v=20 e=0000 i=0 cpl=3 IP=0023:0000000000401090 ...  (interrupts only)
#   RAX=0000000000000002 RBX=ffffffff801456c0 RCX=... RDX=...
#   ...
#   RIP=ffffffff80110e4f RFL=00000087 [--S--PC] CPL=0 II=0 ...
#   ...
#   CR0=80010013 CR2=0000000000000000 CR3=0000000000258000 CR4=00300e20
#
# The CR0 line ends each dump read here. (The firmware's dumps, in real or
# protected mode, say EIP= instead of RIP= and are skipped.)
RFLAGS_IF = 1 << 9          # RFLAGS bit 9: interrupts on
TIMER_VECTOR = 0x20         # IRQ 0, where the kernel puts the PIC's vectors


def calls_in_log(log_text, calls):
    """One line per function of calls ({name: address}):

        NAME: N calls (K after a tick from ring 3), interrupts on in M

    N: the calls QEMU logged (now and then one twice: a block that QEMU
    stops at its first instruction, to run its timers, is logged again
    when it is entered again). K: the calls that come, in their address
    space (CR3), right after a timer tick taken in ring 3 (returns from a
    tick). M: the calls made with interrupts on; the line then also names
    the first of them."""
    name_at = {address: name for name, address in calls.items()}
    seen = {name: {"calls": 0, "after_tick": 0, "on": 0, "first_on": ""} for name in calls}
    # CR3 -> the vector of the last interrupt from ring 3 in that address
    # space, until the next logged call there
    last_from_ring3 = {}
    vector = cpl = rip = rflags = None          # of the dump being read
    for line in log_text.splitlines():
        m = re.match(r"\s*\d+: v=([0-9a-f]+) e=[0-9a-f]+ i=\d cpl=(\d)", line)
        if m:
            vector, cpl = int(m.group(1), 16), int(m.group(2))
            continue
        m = re.match(r"RIP=([0-9a-f]+) RFL=([0-9a-f]+)", line)
        if m:
            rip, rflags = int(m.group(1), 16), int(m.group(2), 16)
            continue
        m = re.match(r"CR0=\S+ CR2=\S+ CR3=([0-9a-f]+)", line)
        if not m:
            continue
        cr3 = int(m.group(1), 16)               # the dump ends here
        if rip is not None and vector is not None:          # an interrupt
            if cpl == 3:
                last_from_ring3[cr3] = vector
        elif rip in name_at:                                # a call
            s = seen[name_at[rip]]
            s["calls"] += 1
            if last_from_ring3.pop(cr3, None) == TIMER_VECTOR:
                s["after_tick"] += 1
            if rflags & RFLAGS_IF:
                s["on"] += 1
                if not s["first_on"]:
                    s["first_on"] = f", the first: call {s['calls']} (CR3={cr3:#x})"
        vector = cpl = rip = rflags = None
    return [f"{name}: {s['calls']} calls ({s['after_tick']} after a tick from ring 3), "
            f"interrupts on in {s['on']}{s['first_on']}" for name, s in seen.items()]

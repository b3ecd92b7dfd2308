"""record.py — `make record` and `make replay-gdb`: QEMU records one run,
then replays it, instruction for instruction, as often as you like — with
gdb attached, and gdb can run it backwards (docs/debugging.md, "Reverse
debugging").

    ringlab record --build build --variant lab3 --cmdline trace   (make record)
    ringlab record --build build --variant lab3 --replay          (make replay-gdb)

A recording is a folder, build/record/<variant>/:

    cd.iso           the variant's ISO with the run's kernel command line
    cd.qcow2         a writable overlay of cd.iso: QEMU 7.2 records a disk
                     only through its `blkreplay` driver, which needs an image
                     that is writable and can hold snapshots (the guest only
                     reads it; a plain read-only ISO is refused)
    snapshots.qcow2  a disk the guest never sees; with cd.qcow2 it keeps the
                     snapshot `init`, the machine before its first instruction
    replay.bin       the log: every input from outside the CPU (interrupts,
                     port and clock reads, the disk's data), each stamped with
                     the instruction count at which it arrived
    cmdline          the command line it was recorded with

gdb's reverse commands work by going back: QEMU loads `init` and replays
forward to the instruction before the one wanted (see docs/debugging.md).
"""
import argparse
import os
import shutil
import subprocess
import sys
import time

from . import iso as iso_mod, paths, qemu
from .guard import stretched
from .run import gdb_port, write_connect_script


def folder_of(build, variant):
    return os.path.join(build, "record", variant)


def qemu_args(folder, mode, serial, extra=()):
    """The QEMU command that records (mode "record") or replays ("replay")
    the run kept in `folder`. Both must describe the same machine."""
    # The machine of every other run (qemu.command: the CD on virtio-scsi, no VGA,
    # and BASE_ARGS' -net none, which also keeps a network card's unrecorded
    # input out), with the CD behind blkreplay so its reads are recorded.
    return ([qemu.QEMU, "-serial", serial, "-display", "none", "-vga", "none"] + qemu.BASE_ARGS
            + qemu.cpu_args(True) + [
                "-drive", f"file={os.path.join(folder, 'cd.qcow2')},if=none,id=cd-image",
                "-drive", "driver=blkreplay,if=none,image=cd-image,id=cd-replay",
                "-device", "virtio-scsi-pci,id=scsi0",
                "-device", "scsi-cd,drive=cd-replay,bus=scsi0.0,bootindex=0",
                "-drive", f"file={os.path.join(folder, 'snapshots.qcow2')},if=none,id=rr",
                # No "kvmvapic" (a TPR patcher for 32-bit Windows guests that
                # the pc machine adds even under TCG): resetting it runs a job
                # on the vCPU thread and waits for it, and when gdb's
                # reverse-continue loads the snapshot from a timer callback the
                # vCPU thread waits for a lock that callback holds — QEMU 7.2
                # then hangs for good (docs/debugging.md has the backtrace).
                "-global", "apic-common.vapic=off",
                # shift=0 as every lab-3/4 run; not align=off,sleep=off as
                # qemu.icount_args: with sleep=off QEMU 7.2 records nothing
                # (the guest never gets past the firmware).
                "-icount", f"shift=0,rr={mode},rrfile={os.path.join(folder, 'replay.bin')},"
                           "rrsnapshot=init",
            ] + qemu.RTC + list(extra))


def prepare(build, variant, cmdline, folder):
    """A fresh recording folder: the ISO with `cmdline`, the two images."""
    iso = paths.variant_iso(build, variant)
    if not os.path.exists(iso):
        sys.exit(f"record: {iso} is missing (build it: make iso with the same LAB= and BUGS=)")
    if shutil.which("qemu-img") is None:
        sys.exit("record: qemu-img is missing (Debian's qemu-utils; scripts/deps.sh installs it)")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    cd = os.path.join(folder, "cd.iso")
    iso_mod.with_cmdline(iso, cd, cmdline)
    for image in (["-F", "raw", "-b", os.path.abspath(cd), os.path.join(folder, "cd.qcow2")],
                  [os.path.join(folder, "snapshots.qcow2"), "64M"]):
        subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2"] + image, check=True)
    with open(os.path.join(folder, "cmdline"), "w") as f:
        f.write(cmdline + "\n")


def record(build, variant, cmdline, folder, serial="stdio", timeout=None, capture=False):
    """Boot `variant` once under recording. Returns (QEMU's exit status,
    seconds, the console if captured)."""
    prepare(build, variant, cmdline, folder)
    args = qemu_args(folder, "record", serial)
    start = time.monotonic()
    try:
        r = subprocess.run(args, stdin=subprocess.DEVNULL if capture else None,
                           stdout=subprocess.PIPE if capture else None,
                           stderr=subprocess.STDOUT if capture else None,
                           timeout=timeout and stretched(timeout))
        rc, out = r.returncode, (r.stdout or b"").decode("utf-8", "replace").replace("\r", "")
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace").replace("\r", "")
        rc, out = None, out + f"\n(record: still running after {timeout} s: stopped)\n"
    return rc, time.monotonic() - start, out


def describe(folder, seconds):
    size = os.path.getsize(os.path.join(folder, "replay.bin"))
    return (f"ringlab: recorded in {seconds:.1f} s: {os.path.relpath(folder)} "
            f"(replay.bin {size / 1e6:.1f} MB)")


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--build", default=os.path.join(paths.ROOT, "build"))
    p.add_argument("--variant", required=True)
    p.add_argument("--cmdline", default="")
    p.add_argument("--replay", action="store_true",
                   help="replay the recording with QEMU waiting for gdb (make replay-gdb)")
    a = p.parse_args()
    build = os.path.abspath(a.build)
    folder = folder_of(build, a.variant)
    serial = "mon:stdio" if sys.stdin.isatty() else "stdio"
    if not a.replay:
        rc, seconds, _ = record(build, a.variant, a.cmdline, folder, serial)
        print(describe(folder, seconds))
        print("ringlab: `make replay-gdb` (with the same LAB= and BUGS=) replays it for gdb")
        return 0 if qemu.decode(rc)[0] != "qemu-error" else 1
    if not os.path.exists(os.path.join(folder, "replay.bin")):
        sys.exit(f"replay-gdb: no recording in {os.path.relpath(folder)}: "
                 "run `make record` (with the same LAB= and BUGS=) first")
    elf = paths.variant_elf(build, a.variant)
    if os.path.getmtime(elf) > os.path.getmtime(os.path.join(folder, "replay.bin")):
        print("replay-gdb: the kernel was rebuilt after this recording; gdb's symbols "
              "would not match the recorded kernel: `make record` again", file=sys.stderr)
        return 1
    port = gdb_port()
    write_connect_script(paths.variant_iso(build, a.variant), port)
    cmdline = open(os.path.join(folder, "cmdline")).read().strip()
    print(f"ringlab: replaying {os.path.relpath(folder)} (CMDLINE={cmdline!r}); QEMU is "
          f"stopped, waiting for gdb on port {port}: run `make gdb` in another terminal",
          flush=True)
    try:
        rc = subprocess.call(qemu_args(folder, "replay", serial,
                                       ["-S", "-gdb", f"tcp::{port}"]))
    except KeyboardInterrupt:
        rc = 130
    return 0 if qemu.decode(rc)[0] != "qemu-error" else 1


if __name__ == "__main__":
    sys.exit(main())

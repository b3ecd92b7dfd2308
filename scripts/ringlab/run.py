"""run.py — `make run`, `make qemu`, `make qemu-nox`, `make qemu-gdb`.

Boots one variant's ISO with the serial console on this terminal (or on
stdin/stdout when they are not a terminal) and returns when the kernel powers
off: status 0 when it succeeded, 1 after a failure or a FATAL, 2 when QEMU
never got a power-off (triple fault).
"""
import argparse
import os
import subprocess
import sys
import tempfile

from . import iso as iso_mod, qemu


def gdb_port():
    """A per-user port, so that several students on one machine don't clash
    (RINGLAB_GDB_PORT overrides it: tests that run sessions side by side)."""
    return int(os.environ.get("RINGLAB_GDB_PORT") or 26000 + os.getuid() % 5000)


def write_connect_script(iso, port):
    """build/gdb-connect.gdb: `target remote` to this QEMU, for debuggers
    that cannot compute the per-user port themselves (.vscode/launch.json)."""
    build = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(iso))))
    with open(os.path.join(build, "gdb-connect.gdb"), "w") as f:
        f.write(f"# written by `make qemu-gdb`: connect to the QEMU it started\n"
                f"target remote 127.0.0.1:{port}\n")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--iso", required=True)
    p.add_argument("--cmdline", default="")
    p.add_argument("--mode", choices=["run", "qemu", "nox", "gdb"], default="run")
    p.add_argument("--icount", default="",
                   help="an -icount shift (0: one instruction per ns); empty: none")
    p.add_argument("--qemu-args", default="")
    p.add_argument("--initrd", default="",
                   help="another initrd in the ISO's place (make run USERLAND=busybox)")
    a = p.parse_args()

    iso = a.iso
    tmp = None
    if a.cmdline or a.initrd:
        tmp = tempfile.NamedTemporaryFile(suffix=".iso", delete=False)
        tmp.close()
        iso = iso_mod.with_cmdline(a.iso, tmp.name, a.cmdline,
                                   {"/boot/initrd.tar": a.initrd} if a.initrd else None)
    display = "gtk" if a.mode == "qemu" else "none"
    serial = "mon:stdio" if sys.stdin.isatty() else "stdio"
    extra = a.qemu_args.split()
    if a.mode == "gdb":
        port = gdb_port()
        extra += ["-S", "-gdb", f"tcp::{port}"]
        write_connect_script(a.iso, port)
        print(f"ringlab: QEMU is stopped, waiting for gdb on port {port}: "
              f"run `make gdb` in another terminal", flush=True)
    icount = int(a.icount) if a.icount.strip() else False
    args = qemu.command(iso, icount, extra, display=display, serial=serial)
    if a.mode == "qemu" and not os.environ.get("DISPLAY"):
        print("ringlab: no $DISPLAY for a VGA window; use `make qemu-nox`", file=sys.stderr)
        return 2
    try:
        rc = subprocess.call(args)
    except KeyboardInterrupt:
        rc = 130
    finally:
        if tmp:
            os.unlink(tmp.name)
    status, exit_status = qemu.decode(rc)
    if status == "success":
        return 0
    if status == "triple-fault":
        print("ringlab: QEMU stopped without the kernel powering off "
              "(a triple fault or reset; QEMU_ARGS='-d int,cpu_reset -D qemu.log' logs why)",
              file=sys.stderr)
        return 2
    if status == "qemu-error":
        print(f"ringlab: QEMU exited with status {rc}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())

"""gdb.py — `make gdb` (attach to `make qemu-gdb`) and batch gdb sessions.

    ringlab gdb --elf build/variants/full/kernel.elf   interactive, attaches
                                                  to this user's port
Library use (walkthroughs, gdb tests):
    session(iso, elf, script, ...) boots QEMU stopped, runs `gdb -batch -x
    script` against it, and returns gdb's transcript and the serial console.
"""
import argparse
import os
import socket
import subprocess
import sys
import time

from . import paths, qemu
from .guard import Deadline, stretched
from .run import gdb_port

GDBINIT = os.path.join(paths.ROOT, "scripts", "gdb", "gdbinit")
HELPERS = os.path.join(paths.ROOT, "scripts", "gdb", "ringlab.py")


def gdb_prelude(elf, port):
    return ["gdb", "-q", "-nx", "-x", GDBINIT, "-ex", f"file {elf}",
            "-ex", f"source {HELPERS}", "-ex", f"target remote 127.0.0.1:{port}"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port):
    """True when something (a waiting QEMU) accepts connections on port."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def wait_for_port(port, proc, timeout=10):
    deadline = Deadline(timeout)
    while deadline.left() > 0 and proc.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.02)
    return False


def session(iso, elf, script, icount=False, extra=(), timeout=60, serial_log=None,
            command=None):
    """Run a gdb script against a fresh, stopped QEMU. Returns
    (gdb_rc, transcript, serial_text). command(serial, stop_args), if given,
    is the QEMU command instead of booting `iso` (a replay: record.py)."""
    port = free_port()
    serial_log = serial_log or f"/tmp/ringlab-gdb-serial-{os.getpid()}.log"
    stop = list(extra) + ["-S", "-gdb", f"tcp:127.0.0.1:{port}"]
    if command:
        args = command(f"file:{serial_log}", stop)
    else:
        args = qemu.command(iso, icount, stop, serial=f"file:{serial_log}")
    q = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    try:
        if not wait_for_port(port, q):
            out = q.stdout.read().decode() if q.poll() is not None else ""
            return 1, f"QEMU did not open its gdb port {port}\n{out}", ""
        cmd = gdb_prelude(elf, port) + ["-batch", "-x", script]
        try:
            g = subprocess.run(cmd, cwd=paths.ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True,
                               timeout=stretched(timeout))
            rc, transcript = g.returncode, g.stdout
        except subprocess.TimeoutExpired as e:
            rc = 1
            transcript = (e.stdout.decode() if isinstance(e.stdout, bytes) else e.stdout or "")
            transcript += f"\n(gdb timed out after {timeout}s)\n"
    finally:
        q.kill()
        q.wait()
    serial = ""
    if os.path.exists(serial_log):
        serial = open(serial_log, errors="replace").read().replace("\r", "")
        os.unlink(serial_log)
    return rc, transcript, serial


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--elf", required=True)
    a = p.parse_args()
    port = gdb_port()
    if not os.path.exists(a.elf):
        sys.exit(f"ringlab: {a.elf} is not built: run `make qemu-gdb` (with the same LAB=, "
                 "BUGS=) first")
    if not port_open(port):
        sys.exit(f"ringlab: no QEMU is waiting on port {port}: run `make qemu-gdb` "
                 "(with the same LAB=, CMDLINE=) in another terminal first")
    os.execvp("gdb", gdb_prelude(a.elf, port))


if __name__ == "__main__":
    main()

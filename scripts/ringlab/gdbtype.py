"""gdbtype.py — type a gdb session the way a student does, and record it.

    ringlab gdbtype --qemu "make qemu-gdb LAB=2 CMDLINE='…'" --gdb "make gdb LAB=2" \\
               CMD [CMD ...]

Terminal 1 runs the QEMU command (in the background here; what it prints —
the serial console — is kept). Terminal 2 runs the gdb command on a
pseudo-terminal, so gdb is interactive exactly as in a student's terminal
(its questions, its paging, its readline); at each `(gdb) ` prompt the next
command is typed. Prints the terminal's text, then the serial console
after a line `--- serial console ---`.

Both commands get RINGLAB_GDB_PORT (a free port), so that sessions running
side by side (tests) do not meet on the per-user port. The terminal is
200 columns wide and TERM=dumb: gdb neither wraps a long line nor draws
with escape sequences.
"""
import argparse
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
import fcntl

from . import paths
from .guard import Deadline
from .gdb import free_port, port_open      # noqa: F401 (student.py uses both)

PROMPT = "(gdb) "
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Z0-9]|\x1b[=>]")
LOST = "Remote connection closed"


class Terminal:
    """A program on a pseudo-terminal: type into it, read what it shows."""

    def __init__(self, command, cwd, env):
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
        self.proc = subprocess.Popen(["bash", "-c", command], cwd=cwd, env=env,
                                     stdin=slave, stdout=slave, stderr=slave,
                                     start_new_session=True)
        os.close(slave)
        self.text, self.mark = "", 0

    def read_until_prompt(self, timeout):
        """Read until the screen ends with gdb's prompt; False on timeout
        or when the program has ended."""
        deadline = Deadline(timeout)
        while not clean(self.text[self.mark:]).endswith(PROMPT):
            left = deadline.left()
            if left <= 0:
                return False
            r, _, _ = select.select([self.master], [], [], min(left, 0.5))
            if r:
                try:
                    data = os.read(self.master, 65536)
                except OSError:         # the program has ended (EIO)
                    return False
                if not data:
                    return False
                self.text += data.decode("utf-8", "replace")
            elif self.proc.poll() is not None:
                return False
        return True

    def type(self, line):
        self.mark = len(self.text)      # the next prompt comes after this
        os.write(self.master, (line + "\n").encode())

    def close(self):
        kill_group(self.proc)
        os.close(self.master)


def kill_group(proc):
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.wait()


def clean(text):
    """What a terminal shows: no escape sequences, no carriage returns, and
    backspaces applied."""
    text = ANSI.sub("", text).replace("\r\n", "\n")
    lines = []
    for line in text.split("\n"):
        line = line.split("\r")[-1]
        while "\b" in line:
            line = re.sub(r"[^\b]\b", "", line, count=1).lstrip("\b")
        lines.append(line)
    return "\n".join(lines)


def session(qemu_cmd, gdb_cmd, commands, cwd=None, start_timeout=300, cmd_timeout=120):
    """Run one typed session. Returns (ok, transcript, serial, problem)."""
    cwd = cwd or paths.ROOT
    env = dict(os.environ, RINGLAB_GDB_PORT=str(free_port()), TERM="dumb")
    for k in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS"):
        env.pop(k, None)
    port = int(env["RINGLAB_GDB_PORT"])
    serial = tempfile.NamedTemporaryFile(prefix="ringlab-serial-", suffix=".log", delete=False)
    qemu = subprocess.Popen(["bash", "-c", qemu_cmd], cwd=cwd, env=env,
                            stdin=subprocess.DEVNULL, stdout=serial, stderr=subprocess.STDOUT,
                            start_new_session=True)
    term, problem = None, None
    try:
        deadline = Deadline(start_timeout)         # make qemu-gdb may build first
        while not port_open(port):
            if qemu.poll() is not None or deadline.left() <= 0:
                problem = f"`{qemu_cmd}` never waited for gdb on port {port}"
                break
            time.sleep(0.05)
        if not problem:
            term = Terminal(gdb_cmd, cwd, env)
            if not term.read_until_prompt(start_timeout):
                problem = f"`{gdb_cmd}` never showed a `{PROMPT.strip()}` prompt"
            for c in commands if not problem else []:
                term.type(c)
                if not term.read_until_prompt(cmd_timeout):
                    problem = f"no prompt after `{c}` within {cmd_timeout} s"
                    break
            if term and term.proc.poll() is None and not problem:
                term.type("quit")
    finally:
        if term:
            term.close()
        kill_group(qemu)
        serial.close()
    text = clean(term.text if term else "")
    serial_text = open(serial.name, errors="replace").read().replace("\r", "")
    os.unlink(serial.name)
    return problem is None, text, serial_text, problem


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--qemu", required=True, help="terminal 1: e.g. make qemu-gdb LAB=2")
    p.add_argument("--gdb", default="make gdb", help="terminal 2")
    p.add_argument("--cwd", default=paths.ROOT)
    p.add_argument("commands", nargs="*")
    a = p.parse_args()
    ok, text, serial, problem = session(a.qemu, a.gdb, a.commands, a.cwd)
    print(text)
    print("--- serial console ---")
    print(serial)
    if problem:
        print(f"gdbtype: {problem}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

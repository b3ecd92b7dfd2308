"""grub_image.py — a bootable CD from a directory, GRUB's files made once.

    make_iso(out, tree, cache)   writes the ISO `out`: GRUB's boot files and
                                 the files of `tree` (boot/grub/grub.cfg,
                                 the kernel, its modules)
    floor_iso(out, work, cache)  the same for the floor: floor_kernel.asm,
                                 a kernel that only powers QEMU off
    ringlab grub-image --self-test   (ctest build.grub-image) the copy is
                                 made once, still used once moved, made
                                 again when GRUB changes, each ISO holds
                                 GRUB's files and ours, and GRUB boots the
                                 floor from it without an error

grub-mkrescue makes such a CD in two steps. First it lays GRUB out in a
temporary directory: it links GRUB's core image for an El Torito boot
(eltorito.img, with a small config inside that finds this CD by a UUID made
from the time), and copies GRUB's modules, a font and the translations (all
of them, unless told otherwise: 9 MB in 300 files). Then it runs xorriso on
that directory and ours. The first step is the same for every ISO, and it
was most of the cost: 0.1 CPU s on a quiet machine, 0.3 s of system time
when the suite runs beside it, for each of about seventy ISOs a `make test`
builds (docs/performance.md).

Only the modules a boot of ours loads go on the CD (MODULES), with no font,
translation or theme. That is not only smaller: GRUB finds a module by
reading its directory on the CD entry by entry, through its byte-at-a-time
memmove, each time it loads one. With all 280 modules there, those reads
were two fifths of what the guest runs until GRUB starts a kernel: 63
million instructions, 37 million with only ours (a boot of the floor:
0.26 -> 0.20 CPU s; 0.385 -> 0.305 under -icount).

So the first step runs once per build directory (`cache`), through
grub-mkrescue itself: it is given a stand-in for xorriso (--xorriso) that
keeps a copy of the directory and the arguments it was called with. Every
ISO after that is xorriso with the same arguments (the same modification
date too, so the UUID inside eltorito.img still names the CD) on the kept
directory and this ISO's tree: what grub-mkrescue would have written, with
the files' times of the first run. A change of GRUB (its package upgraded:
another grub-mkrescue, or other module files) makes a new copy.
"""
import argparse
import fcntl
import glob
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

from . import qemu
from .guard import stretched

GRUB_LIB = "/usr/lib/grub/i386-pc"

# The stand-in for xorriso ({keep}: where to keep things). grub-mkrescue
# first asks xorriso what it can do (-as mkisofs -help): that goes to
# xorriso. Then it makes the CD: the argument after -r is GRUB's temporary
# directory, kept with the arguments; no CD is written.
CAPTURE = """#!/bin/sh
keep='{keep}'
prev=
for a; do
    if [ "$prev" = -r ]; then
        printf '%s\\n' "$@" > "$keep/xorriso-args"
        cp -a "$a" "$keep/grub"
        exit 0
    fi
    prev=$a
done
exec xorriso "$@"
"""

# The modules on the CD; grub-mkrescue adds what they need (moddep.lst):
#   normal       reads grub.cfg, runs the menu and its commands (set, menuentry)
#   multiboot2   `multiboot2` and `module2`; `boot`
#   configfile   `source` (make demo-iso's menu reads its command line so)
#   serial       GRUB's console on the serial line, for whoever wants it there
#                (`serial; terminal_output serial` in a grub.cfg)
# and every partition map GRUB knows (partmap.lst): it loads each of them
# whenever it opens the CD to look for partitions, and prints "file not
# found" for each one missing, every time (which costs more than they do).
# No font (ours is the text console and the serial line), no translations
# (our grub.cfg does not set `lang`), no theme.
MODULES = ("normal", "multiboot2", "configfile", "serial")


def modules():
    with open(os.path.join(GRUB_LIB, "partmap.lst")) as f:
        return list(MODULES) + f.read().split()

# Stand-ins in the kept arguments: what differs between ISOs, and the kept
# directory itself (a build directory may be moved or copied: the kit's
# trusted grading starts from a copy).
OUT, TREE, GRUB = "@OUT@", "@TREE@", "@GRUB@"
# The kept copy's own format: a copy made by an older grub_image.py (other
# stand-ins) is made again, as after a change of GRUB.
FORMAT = "3"


def grub_version():
    """What GRUB is installed: the names, sizes and times of grub-mkrescue
    and of its modules (and the copy's FORMAT). Another value means another
    copy. (Files' times, not `grub-mkrescue --version`: this runs for every
    ISO, and a program started is a hundred times the cost of a stat.)"""
    h = hashlib.sha256(f"format {FORMAT}\n".encode())
    mkrescue = shutil.which("grub-mkrescue") or "grub-mkrescue"
    for f in [mkrescue] + sorted(glob.glob(os.path.join(GRUB_LIB, "*"))):
        st = os.stat(f)
        h.update(f"{f} {st.st_size} {st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def capture(cache, version):
    """Run grub-mkrescue once with the stand-in; keep its directory and
    arguments in `cache` (made whole in a temporary directory first, then
    renamed: a build that stops half-way leaves nothing half-made)."""
    parent = os.path.dirname(os.path.abspath(cache))
    work = tempfile.mkdtemp(prefix=".grub-image-", dir=parent)
    try:
        keep, empty = os.path.join(work, "keep"), os.path.join(work, "empty")
        os.makedirs(keep)
        os.makedirs(empty)
        stand_in = os.path.join(work, "xorriso")
        with open(stand_in, "w") as f:
            f.write(CAPTURE.replace("{keep}", keep))
        os.chmod(stand_in, 0o755)
        out = os.path.join(work, "unused.iso")
        r = subprocess.run(["grub-mkrescue", f"--xorriso={stand_in}",
                            "--install-modules=" + " ".join(modules()),
                            "--fonts=", "--locales=", "--themes=", "-o", out, empty],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        args_file = os.path.join(keep, "xorriso-args")
        if r.returncode != 0 or not os.path.isdir(os.path.join(keep, "grub")):
            raise RuntimeError(f"grub-mkrescue failed:\n{r.stdout}")
        args = open(args_file).read().splitlines()
        grub_dir = args[args.index("-r") + 1]
        template = [OUT if a == out else TREE if a == empty
                    else GRUB if a == grub_dir else a for a in args]
        if OUT not in template or GRUB not in template or template[-1] != TREE:
            raise RuntimeError("grub-mkrescue called xorriso in a way grub_image.py "
                               f"does not know:\n{' '.join(args)}")
        with open(args_file, "w") as f:
            f.write("\n".join(template) + "\n")
        with open(os.path.join(keep, "version"), "w") as f:
            f.write(version + "\n")
        if os.path.isdir(cache):
            shutil.rmtree(cache)
        os.rename(keep, cache)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def xorriso_args(cache):
    """xorriso's arguments with OUT, TREE and GRUB in them, the copy made first
    if there is none (or GRUB changed). Parallel ISO builds share one copy:
    the first makes it, the others wait on the lock. The lock is not held
    while xorriso reads the copy: held (shared) that long, it made a build's
    ISOs one at a time (each xorriso waits for its writer thread in 0.1 s
    sleeps), 6.4-10.4 s for them all instead of 1.7-2.3 s. So GRUB must not
    be upgraded in the middle of a build: the copy would be replaced under
    the ISOs being written then."""
    os.makedirs(os.path.dirname(os.path.abspath(cache)), exist_ok=True)
    with open(cache + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        version = grub_version()
        try:
            kept = open(os.path.join(cache, "version")).read().strip()
        except OSError:
            kept = None
        if kept != version:
            capture(cache, version)
        return open(os.path.join(cache, "xorriso-args")).read().splitlines()


def make_iso(out, tree, cache):
    """The ISO `out`: GRUB's files (kept in `cache`) and `tree`'s."""
    grub = os.path.join(os.path.abspath(cache), "grub")
    args = [out if a == OUT else tree if a == TREE else grub if a == GRUB else a
            for a in xorriso_args(cache)]
    if os.path.exists(out):
        os.unlink(out)
    r = xorriso(args)
    if r.returncode != 0:
        raise RuntimeError(f"xorriso failed:\n{r.stdout}")


def xorriso(args):
    """Runs xorriso with `args`, its output and errors together in .stdout.
    Debian's xorriso 1.5.4 was seen once (a CI run of `make test`, some
    hundreds of xorriso runs) to die of SIGSEGV while shutting down, after
    "Writing ... completed successfully": a run that died of a signal is
    run once more. An error of ours (a bad argument, a missing file) is not
    a crash, and comes back at once."""
    for attempt in (1, 2):
        r = subprocess.run(["xorriso"] + args, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        if r.returncode == 0 or "UNIX-SIGNAL:" not in r.stdout:
            break
    return r


def floor_iso(out, work, cache, show_screen=False):
    """The floor's ISO `out` (its files under `work`): floor_kernel.asm
    booted by a grub.cfg like ours (grub/grub.cfg.in: no menu timeout, one
    multiboot2 entry); with `show_screen`, the floor that copies the text
    screen to the serial line first, booted without a menu entry (GRUB
    clears the screen before it runs one)."""
    tree = os.path.join(work, "iso")
    os.makedirs(os.path.join(tree, "boot", "grub"), exist_ok=True)
    obj, elf = os.path.join(work, "floor.o"), os.path.join(tree, "boot", "kernel.elf")
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "floor_kernel.asm")
    with open(os.path.join(tree, "boot", "grub", "grub.cfg"), "w") as f:
        f.write("multiboot2 /boot/kernel.elf\nboot\n" if show_screen else
                "set timeout=0\nset default=0\n\nmenuentry \"floor\" {\n"
                "    multiboot2 /boot/kernel.elf\n    boot\n}\n")
    for cmd in (["nasm", "-f", "elf32"] + (["-DSHOW_SCREEN"] if show_screen else [])
                + ["-o", obj, source],
                ["ld", "-m", "elf_i386", "-Ttext", "0x100000", "-e", "_start", "-o", elf, obj]):
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)}:\n{r.stdout}")
    make_iso(out, tree, cache)
    return out


# ------------------------------------------------------------------ self-test

def iso_files(iso):
    """The paths of the files on the CD (xorriso -find)."""
    r = subprocess.run(["xorriso", "-indev", iso, "-find", "/", "-type", "f"],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return {line.strip().strip("'") for line in r.stdout.splitlines() if line.startswith("'/")}


def floor_boots(work, cache):
    """Boot the floor that shows GRUB's screen (a VGA card, so that GRUB's
    console has one): GRUB loads it from the CD, has printed no error (a
    module it wants and does not find is one: it looks for every partition
    map each time it opens the CD), and the floor powers QEMU off."""
    iso = floor_iso(os.path.join(work, "floor.iso"), os.path.join(work, "floor"), cache,
                    show_screen=True)
    try:
        # (the last -vga counts: a VGA card after qemu.command's "-vga none")
        r = subprocess.run(qemu.command(iso, display="none") + ["-vga", "std"],
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, errors="replace",
                           timeout=stretched(30))
    except subprocess.TimeoutExpired:
        return ["the floor did not power off within 30 s (stretched by the load)"]
    said = r.stdout
    problems = [f"GRUB said: {line.strip()}" for line in said.splitlines()
                if "error" in line.lower()]
    if "Welcome to GRUB!" not in said:
        problems.append("the floor's copy of GRUB's screen does not have GRUB's greeting")
    if qemu.decode(r.returncode)[0] != "success":
        problems.append(f"QEMU exited {r.returncode}, not the floor's power-off")
    return problems


def self_test():
    problems = []
    with tempfile.TemporaryDirectory() as work:
        tree, cache = os.path.join(work, "tree"), os.path.join(work, "grub-image")
        os.makedirs(os.path.join(tree, "boot", "grub"))
        with open(os.path.join(tree, "boot", "grub", "grub.cfg"), "w") as f:
            f.write("set timeout=0\n")
        first, second = os.path.join(work, "first.iso"), os.path.join(work, "second.iso")
        make_iso(first, tree, cache)
        made = os.stat(os.path.join(cache, "xorriso-args")).st_ino
        make_iso(second, tree, cache)
        if os.stat(os.path.join(cache, "xorriso-args")).st_ino != made:
            problems.append("the second ISO made GRUB's copy again")
        files = iso_files(second)
        for f in ("/boot/grub/grub.cfg", "/boot/grub/i386-pc/eltorito.img",
                  "/boot/grub/i386-pc/normal.mod", "/boot/grub/i386-pc/multiboot2.mod"):
            if f not in files:
                problems.append(f"{f} is not on the CD")
        for d in ("fonts", "locale", "themes"):
            if any(f.startswith(f"/boot/grub/{d}/") for f in files):
                problems.append(f"/boot/grub/{d} is on the CD")
        mods = [f for f in files if f.endswith(".mod")]
        if len(mods) > 60:
            problems.append(f"{len(mods)} GRUB modules on the CD: not only those it loads")
        problems += floor_boots(work, cache)
        moved = os.path.join(work, "moved")         # a build directory moved
        os.rename(cache, moved)
        cache = moved
        try:
            make_iso(second, tree, cache)
        except RuntimeError as e:
            problems.append(f"a moved copy makes no ISO: {e}")
        if os.stat(os.path.join(cache, "xorriso-args")).st_ino != made:
            problems.append("a moved copy was made again")
        with open(os.path.join(cache, "version"), "w") as f:
            f.write("another GRUB\n")              # as if the package changed
        make_iso(second, tree, cache)
        if os.stat(os.path.join(cache, "xorriso-args")).st_ino == made:
            problems.append("a change of GRUB did not make the copy again")
    for p in problems:
        print(f"FAIL {p}")
    print(f"grub-image self-test: {len(problems)} problems")
    return 1 if problems else 0


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--self-test", action="store_true", required=True)
    p.parse_args()
    sys.exit(self_test())

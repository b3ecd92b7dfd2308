"""iso.py — building a variant's GRUB ISO, and giving it a command line.

    ringlab iso build --variant V --dir D --kernel K --symbols S [--initrd I]
                      --grub G
        writes D/iso/ (the tree) and D/ringlab.iso (GRUB's files as
        grub-mkrescue lays them out, made once in G: grub_image.py)
    ringlab iso cmdline ISO OUT 'ktest=gp'
        writes a copy of ISO whose kernel command line is 'ktest=gp'

grub.cfg sets the command line in one line (`set ringlab_cmdline=...`).
Making an ISO takes a tenth of a second or more (xorriso writes all of
GRUB's modules into it), so each variant's ISO is built once and every
test boots a copy of it with only that line changed. The copy is edited in
place (Image below): grub.cfg's bytes in its sectors and its size in its
directory record. xorriso could rewrite it too (and does, when the new
grub.cfg no longer fits its sectors), but it waits for its writer thread
in 0.1 s sleeps and syncs the copy to disk: 0.2-1.3 s of wall time per
boot on a busy machine, against milliseconds here.
"""
import argparse
import os
import re
import shutil
import struct
import subprocess
import sys

from . import grub_image

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def grub_quote(text):
    """Quote text for a GRUB script single-quoted string."""
    return "'" + text.replace("'", "'\\''") + "'"


def cmdline_cfg(cmdline):
    return f"set ringlab_cmdline={grub_quote(cmdline)}\n"


CMDLINE_LINE = re.compile(r"^set ringlab_cmdline=.*$", re.M)


def grub_cfg_with_cmdline(iso, out, cmdline):
    """Writes to `out` the ISO's /boot/grub/grub.cfg with its command-line
    line set to `cmdline`."""
    r = grub_image.xorriso(["-osirrox", "on", "-indev", iso,
                            "-extract", "/boot/grub/grub.cfg", out])
    if r.returncode != 0 or not os.path.exists(out):
        raise RuntimeError(f"xorriso could not read grub.cfg from {iso}:\n{r.stdout}")
    os.chmod(out, 0o644)                # (extracted read-only, as on the CD)
    with open(out, "rb") as f:
        cfg = set_cmdline(iso, f.read(), cmdline)
    with open(out, "wb") as f:
        f.write(cfg)


def set_cmdline(iso, cfg, cmdline):
    """grub.cfg's bytes `cfg` with its one command-line line set to `cmdline`."""
    text, count = CMDLINE_LINE.subn(lambda _: cmdline_cfg(cmdline).rstrip("\n"),
                                    cfg.decode("utf-8", "surrogateescape"))
    if count != 1:
        raise RuntimeError(f"{iso}: its grub.cfg has {count} command-line lines, not one "
                           "(an ISO from before grub.cfg held the command line? rebuild it)")
    return text.encode("utf-8", "surrogateescape")


def build(args):
    tree = os.path.join(args.dir, "iso")
    shutil.rmtree(tree, ignore_errors=True)
    os.makedirs(os.path.join(tree, "boot", "grub"))
    # The ISO gets the kernel without its symbol table and debug info (gdb
    # reads the full ELF in the build tree; fault reports read the symbols
    # module). GRUB reads every byte of the file from the CD at every boot,
    # and loads the sections that are not part of the image too (for the
    # multiboot2 ELF-sections tag, which the kernel does not read). And the
    # debug info holds the checkout's absolute paths: GRUB places the
    # modules after what it loaded, so every physical address from the
    # symbol module on would depend on where the source tree lives, and no
    # handout could quote them.
    r = subprocess.run(["objcopy", "--strip-all", args.kernel,
                        os.path.join(tree, "boot", "kernel.elf")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        sys.exit(f"iso.py: objcopy --strip-all failed:\n{r.stdout}")
    shutil.copy(args.symbols, os.path.join(tree, "boot", "kernel.sym"))
    initrd_line = ""
    if args.initrd:
        shutil.copy(args.initrd, os.path.join(tree, "boot", "initrd.tar"))
        initrd_line = "module2 /boot/initrd.tar initrd"
    cfg = open(os.path.join(ROOT, "grub", "grub.cfg.in")).read()
    cfg = cfg.replace("@VARIANT@", args.variant).replace("@INITRD_LINE@", initrd_line)
    open(os.path.join(tree, "boot", "grub", "grub.cfg"), "w").write(cfg)
    try:
        grub_image.make_iso(os.path.join(args.dir, "ringlab.iso"), tree, args.grub)
    except RuntimeError as e:
        sys.exit(f"iso.py: {e}")


SECTOR = 2048


class Image:
    """An ISO 9660 image in memory, as grub_image.py writes it (xorriso,
    Rock Ridge, no Joliet tree): each file is one extent of whole sectors,
    named by one directory record, whose bytes 2-9 hold the extent's first
    sector and bytes 10-17 the file's size (both little- and big-endian)."""

    def __init__(self, path):
        self.data = bytearray(open(path, "rb").read())

    def records(self, extent, size):
        """(offset, name, extent, size) of each record of a directory.
        A record never crosses a sector: a zero length byte means the
        rest of the sector is padding."""
        at, end = extent * SECTOR, extent * SECTOR + size
        while at < end:
            length = self.data[at]
            if length == 0:
                at = (at // SECTOR + 1) * SECTOR
                continue
            first, = struct.unpack_from("<I", self.data, at + 2)
            size_, = struct.unpack_from("<I", self.data, at + 10)
            name = bytes(self.data[at + 33:at + 33 + self.data[at + 32]])
            yield at, name.split(b";")[0].rstrip(b".").decode("latin-1").lower(), first, size_
            at += length

    def find(self, path):
        """The directory record's offset of `path` (/boot/grub/grub.cfg),
        or None (not a CD that this knows how to read)."""
        pvd = 16 * SECTOR
        if self.data[pvd:pvd + 6] != b"\x01CD001":
            return None
        root = pvd + 156                    # the root directory's record
        record = root
        for part in path.strip("/").lower().split("/"):
            first, = struct.unpack_from("<I", self.data, record + 2)
            size, = struct.unpack_from("<I", self.data, record + 10)
            record = next((at for at, name, _, _ in self.records(first, size) if name == part),
                          None)
            if record is None:
                return None
        return record

    def read(self, record):
        first, = struct.unpack_from("<I", self.data, record + 2)
        size, = struct.unpack_from("<I", self.data, record + 10)
        return bytes(self.data[first * SECTOR:first * SECTOR + size])

    def write(self, record, content):
        """Put `content` in the file's place; False if it needs more
        sectors than the file has (the next extent may start there)."""
        first, = struct.unpack_from("<I", self.data, record + 2)
        size, = struct.unpack_from("<I", self.data, record + 10)
        room = -(-size // SECTOR) * SECTOR
        if len(content) > room:
            return False
        start = first * SECTOR
        self.data[start:start + room] = content + bytes(room - len(content))
        struct.pack_into("<I", self.data, record + 10, len(content))
        struct.pack_into(">I", self.data, record + 14, len(content))
        return True

    def save(self, path):
        if os.path.exists(path):
            os.unlink(path)
        with open(path, "wb") as f:
            f.write(self.data)


def edited_copy(iso, out, edits):
    """Copy `iso` to `out` with files changed in place: `edits` maps a path
    in the ISO to a function from the file's bytes to its new bytes. False
    (and no `out`) if a file is not found or its new bytes do not fit in its
    sectors: then xorriso must lay the CD out again."""
    image = Image(iso)
    for path, change in edits.items():
        record = image.find(path)
        if record is None or not image.write(record, change(image.read(record))):
            return False
    image.save(out)
    return True


def with_cmdline(iso, out, cmdline, files=None):
    """Copy `iso` to `out` with the command line `cmdline` in its grub.cfg,
    and each file of `files` ({path in the ISO: host path}) put in."""
    if not files and edited_copy(iso, out, {"/boot/grub/grub.cfg":
                                            lambda cfg: set_cmdline(iso, cfg, cmdline)}):
        return out
    cfg = out + ".grub.cfg"
    try:
        grub_cfg_with_cmdline(iso, cfg, cmdline)
        if os.path.exists(out):
            os.unlink(out)
        maps = []
        for inside, host in (files or {}).items():
            maps += ["-map", host, inside]
        r = grub_image.xorriso(["-indev", iso, "-outdev", out,
                                "-boot_image", "any", "replay",
                                "-map", cfg, "/boot/grub/grub.cfg"] + maps + ["-end"])
    finally:
        if os.path.exists(cfg):
            os.unlink(cfg)
    if r.returncode != 0:
        raise RuntimeError(f"xorriso could not set the command line:\n{r.stdout}")
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--variant", required=True)
    b.add_argument("--dir", required=True)
    b.add_argument("--kernel", required=True)
    b.add_argument("--symbols", required=True)
    b.add_argument("--initrd", default="")
    b.add_argument("--grub", required=True, help="where GRUB's files are kept (grub_image.py)")
    c = sub.add_parser("cmdline")
    c.add_argument("iso")
    c.add_argument("out")
    c.add_argument("cmdline")
    args = p.parse_args()
    if args.cmd == "build":
        build(args)
    else:
        with_cmdline(args.iso, args.out, args.cmdline)


if __name__ == "__main__":
    main()

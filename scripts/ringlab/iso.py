"""iso.py — building a variant's GRUB ISO, and giving it a command line.

    ringlab iso build --variant V --dir D --kernel K --symbols S [--initrd I]
        writes D/iso/ (the tree) and D/ringlab.iso (grub-mkrescue)
    ringlab iso cmdline ISO OUT 'ktest=gp'
        writes a copy of ISO whose kernel command line is 'ktest=gp'

grub.cfg sets the command line in one line (`set ringlab_cmdline=...`).
Putting a copy of grub.cfg with that line changed into a copy of the ISO
with xorriso takes milliseconds; grub-mkrescue takes much longer, so each
variant's ISO is built once and every test reuses it.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

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
    r = subprocess.run(["xorriso", "-osirrox", "on", "-indev", iso,
                        "-extract", "/boot/grub/grub.cfg", out],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0 or not os.path.exists(out):
        raise RuntimeError(f"xorriso could not read grub.cfg from {iso}:\n{r.stdout}")
    os.chmod(out, 0o644)                # (extracted read-only, as on the CD)
    with open(out) as f:
        cfg, count = CMDLINE_LINE.subn(lambda _: cmdline_cfg(cmdline).rstrip("\n"), f.read())
    if count != 1:
        raise RuntimeError(f"{iso}: its grub.cfg has {count} command-line lines, not one "
                           "(an ISO from before grub.cfg held the command line? rebuild it)")
    with open(out, "w") as f:
        f.write(cfg)


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
    out = os.path.join(args.dir, "ringlab.iso")
    r = subprocess.run(["grub-mkrescue", "-o", out, tree],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        sys.exit(f"iso.py: grub-mkrescue failed:\n{r.stdout}")


def with_cmdline(iso, out, cmdline, files=None):
    """Copy `iso` to `out` with the command line `cmdline` in its grub.cfg,
    and each file of `files` ({path in the ISO: host path}) put in."""
    cfg = out + ".grub.cfg"
    try:
        grub_cfg_with_cmdline(iso, cfg, cmdline)
        if os.path.exists(out):
            os.unlink(out)
        maps = []
        for inside, host in (files or {}).items():
            maps += ["-map", host, inside]
        r = subprocess.run(
            ["xorriso", "-indev", iso, "-outdev", out,
             "-boot_image", "any", "replay",
             "-map", cfg, "/boot/grub/grub.cfg"] + maps + ["-end"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
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

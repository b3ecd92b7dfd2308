"""iso.py — building a variant's GRUB ISO, and giving it a command line.

    ringlab iso build --variant V --dir D --kernel K --symbols S [--initrd I]
        writes D/iso/ (the tree) and D/ringlab.iso (grub-mkrescue)
    ringlab iso cmdline ISO OUT 'ktest=gp'
        writes a copy of ISO whose kernel command line is 'ktest=gp'

grub.cfg sources /boot/grub/cmdline.cfg, a one-line file. Rewriting only
that file with xorriso takes milliseconds; grub-mkrescue takes much longer,
so each variant's ISO is built once and every test reuses it.
"""
import argparse
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def grub_quote(text):
    """Quote text for a GRUB script single-quoted string."""
    return "'" + text.replace("'", "'\\''") + "'"


def cmdline_cfg(cmdline):
    return f"set ringlab_cmdline={grub_quote(cmdline)}\n"


def build(args):
    tree = os.path.join(args.dir, "iso")
    shutil.rmtree(tree, ignore_errors=True)
    os.makedirs(os.path.join(tree, "boot", "grub"))
    # The ISO gets the kernel without its debug info (gdb reads the full ELF
    # in the build tree). The debug info holds the checkout's absolute paths,
    # and GRUB places the modules after a buffer the size of the ELF file:
    # with it, every physical address from the symbol module on would depend
    # on where the source tree lives, and no handout could quote them.
    r = subprocess.run(["objcopy", "--strip-debug", args.kernel,
                        os.path.join(tree, "boot", "kernel.elf")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        sys.exit(f"iso.py: objcopy --strip-debug failed:\n{r.stdout}")
    shutil.copy(args.symbols, os.path.join(tree, "boot", "kernel.sym"))
    initrd_line = ""
    if args.initrd:
        shutil.copy(args.initrd, os.path.join(tree, "boot", "initrd.tar"))
        initrd_line = "module2 /boot/initrd.tar initrd"
    cfg = open(os.path.join(ROOT, "grub", "grub.cfg.in")).read()
    cfg = cfg.replace("@VARIANT@", args.variant).replace("@INITRD_LINE@", initrd_line)
    open(os.path.join(tree, "boot", "grub", "grub.cfg"), "w").write(cfg)
    open(os.path.join(tree, "boot", "grub", "cmdline.cfg"), "w").write(cmdline_cfg(""))
    out = os.path.join(args.dir, "ringlab.iso")
    r = subprocess.run(["grub-mkrescue", "-o", out, tree],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        sys.exit(f"iso.py: grub-mkrescue failed:\n{r.stdout}")


def with_cmdline(iso, out, cmdline, files=None):
    """Copy `iso` to `out` with a different /boot/grub/cmdline.cfg, and
    each file of `files` ({path in the ISO: host path}) put in."""
    cfg = out + ".cmdline.cfg"
    open(cfg, "w").write(cmdline_cfg(cmdline))
    if os.path.exists(out):
        os.unlink(out)
    maps = []
    for inside, host in (files or {}).items():
        maps += ["-map", host, inside]
    r = subprocess.run(
        ["xorriso", "-indev", iso, "-outdev", out,
         "-boot_image", "any", "replay",
         "-map", cfg, "/boot/grub/cmdline.cfg"] + maps + ["-end"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
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

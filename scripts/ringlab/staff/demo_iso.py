"""demo_iso.py — `make demo-iso`: one ISO with every stage and every bug.

    ringlab demo-iso [--build build] [--out build/demo/ringlab-demo.iso] [--no-build]
    ringlab demo-iso --boot ISO CMDLINE [--entry ID] [--cpus N]
                                            boot an entry (default: the default
                                            one) headless, on N CPUs (tests)

The GRUB menu lists each stage fixed (1, 2, ... and full), then each bug in
its own lab's stage, one entry per variant. An entry loads that variant's
kernel and symbol table (build/variants/<variant>/) and, from stage 2 on,
the initrd (stage 1 runs no user code). The default entry is the full
kernel, fixed; the menu waits 30 seconds. /boot/grub/cmdline.cfg holds the
kernel command line for every entry (and may override the timeout).

For a live demo, boot it without isa-debug-exit, so that the screen stays
up after a FATAL report (the kernel halts instead of QEMU exiting), and
with four CPUs, as `make run LAB=5` does (CPUS=4): stage 5 and the full
kernel start the others, stages 1-4 leave them asleep. Lab 5's bugs need a
second CPU: with one, smp-ap-tss never runs its `ltr` on an application
processor, and smp-lazy-tlb has no idle CPU to forget.

    qemu-system-x86_64 -cdrom build/demo/ringlab-demo.iso -m 128M \\
        -cpu qemu64,+smep,+smap,+umip -smp 4

The FATAL line is white on red across the screen (fault.c).
"""
import argparse
import os
import shutil
import subprocess
import sys

from .. import cmake, grub_image, iso as iso_mod, manifest, paths, qemu

DEFAULT = "full"
TIMEOUT = 30
CPUS = 4            # the live demo's -smp (the docstring's command)


def menu(root):
    """[(variant, title, needs initrd)]: every stage fixed, then every bug
    in its own lab's stage."""
    _, labs, bugs = manifest.load_tests(root)
    out = []
    for s in manifest.tree_stages(root):
        if s == "full":
            title = "full kernel"
        else:
            title = f"stage {s}" + (f" ({labs[int(s)]['name']})" if int(s) in labs else "")
        out.append((manifest.variant_name(s, []), f"{title}, fixed", manifest.stage_level(s) >= 2))
    for name, b in sorted(bugs.items(), key=lambda kv: (kv[1]["lab"], kv[0])):
        if b.get("option") or b.get("in_tree"):
            continue
        stage = str(b["lab"])
        out.append((manifest.variant_name(stage, [name]),
                    f"stage {stage} with bug {name} ({b['class']})", b["lab"] >= 2))
    return out


def grub_cfg(entries):
    lines = ["# grub.cfg — ringlab's demo: every stage, fixed and with each bug.",
             "# Written by scripts/ringlab/staff/demo_iso.py (make demo-iso).",
             f"set timeout={TIMEOUT}",
             f"set default={[v for v, _, _ in entries].index(DEFAULT)}",
             'set ringlab_cmdline=""',
             "source /boot/grub/cmdline.cfg", ""]
    for variant, title, initrd in entries:
        lines += [f'menuentry "{title}" --id {variant} {{',
                  f"    multiboot2 /boot/{variant}/kernel.elf $ringlab_cmdline",
                  f"    module2 /boot/{variant}/kernel.sym symbols"]
        if initrd:
            lines.append("    module2 /boot/initrd.tar initrd")
        lines += ["    boot", "}", ""]
    return "\n".join(lines)


def build(build_dir, out, no_build=False):
    entries = menu(paths.ROOT)
    targets = [f"iso-{v}" for v, _, _ in entries]
    if not no_build:
        cmake.ensure(build_dir, targets, who="demo-iso")
    tree = os.path.join(os.path.dirname(out), "iso")
    shutil.rmtree(tree, ignore_errors=True)
    os.makedirs(os.path.join(tree, "boot", "grub"))
    for variant, _, _ in entries:
        src = os.path.join(paths.variant_dir(build_dir, variant), "iso", "boot")
        dst = os.path.join(tree, "boot", variant)
        os.makedirs(dst)
        for f in ("kernel.elf", "kernel.sym"):       # the ISO's copies: no debug info
            shutil.copy(os.path.join(src, f), dst)
    initrd = os.path.join(build_dir, "userspace", "initrd.tar")
    if any(i for _, _, i in entries):
        shutil.copy(initrd, os.path.join(tree, "boot", "initrd.tar"))
    with open(os.path.join(tree, "boot", "grub", "grub.cfg"), "w") as f:
        f.write(grub_cfg(entries))
    with open(os.path.join(tree, "boot", "grub", "cmdline.cfg"), "w") as f:
        f.write(iso_mod.cmdline_cfg(""))
    try:
        grub_image.make_iso(out, tree, paths.grub_image_dir(build_dir))
    except RuntimeError as e:
        sys.exit(f"demo-iso: {e}")
    print(f"demo-iso: {out}: {len(entries)} menu entries, default '{DEFAULT}'")
    for variant, title, _ in entries:
        print(f"  {variant:<36} {title}")
    print(f"demo-iso: run it with {qemu.QEMU} -cdrom {os.path.relpath(out)} -m 128M "
          f"-cpu {qemu.CPU} -smp {CPUS}")
    return 0


def boot_entry(iso, cmdline, entry=None, cpus=1, timeout=30):
    """Boot one entry of the ISO (default: its default one) at once
    (timeout 0) with `cmdline`, on `cpus` CPUs; print the serial console
    and how the run ended."""
    work = iso + f".{os.getpid()}.iso"
    cfg = work + ".cfg"
    with open(cfg, "w") as f:         # (grub.cfg reads this after its own settings)
        f.write("set timeout=0\n" + (f"set default={entry}\n" if entry else "")
                + iso_mod.cmdline_cfg(cmdline))
    r = subprocess.run(["xorriso", "-indev", iso, "-outdev", work, "-boot_image", "any", "replay",
                        "-map", cfg, "/boot/grub/cmdline.cfg", "-end"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    os.unlink(cfg)
    if r.returncode != 0:
        sys.exit(f"demo-iso: xorriso failed:\n{r.stdout}")
    try:
        res = qemu.boot(work, extra=["-smp", str(cpus)] if cpus > 1 else [], timeout=timeout)
    finally:
        os.unlink(work)
    print(res.output)
    print(f"ended: {res.describe()}")
    return 0 if res.status == "success" else 1


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--build", default=os.path.join(paths.ROOT, "build"))
    p.add_argument("--out", help="default: <build>/demo/ringlab-demo.iso")
    p.add_argument("--boot", nargs=2, metavar=("ISO", "CMDLINE"))
    p.add_argument("--entry", help="with --boot: the menu entry (its id, a variant name)")
    p.add_argument("--cpus", type=int, default=1, help="with --boot: QEMU's -smp")
    p.add_argument("--no-build", action="store_true",
                   help="use the variants as built (make test builds them all)")
    a = p.parse_args()
    if a.boot:
        return boot_entry(*a.boot, entry=a.entry, cpus=a.cpus)
    build_dir = os.path.abspath(a.build)
    out = os.path.abspath(a.out or os.path.join(build_dir, "demo", "ringlab-demo.iso"))
    os.makedirs(os.path.dirname(out), exist_ok=True)
    return build(build_dir, out, a.no_build)


if __name__ == "__main__":
    sys.exit(main())

"""paths.py — where things are in the source tree and the build tree, and
how to start one of this package's commands in another process."""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def variant_dir(build, variant):
    return os.path.join(build, "variants", variant)


def variant_iso(build, variant):
    return os.path.join(variant_dir(build, variant), "ringlab.iso")


def variant_elf(build, variant):
    return os.path.join(variant_dir(build, variant), "kernel.elf")


def grub_image_dir(build):
    """GRUB's files for the build's ISOs, laid out once (grub_image.py;
    CMake passes the same folder to `ringlab iso build --grub`)."""
    return os.path.join(build, "grub-image")


def tool_command(name, *args):
    """The argv of `python3 -m ringlab NAME ARGS...` (with tool_env); -S:
    no site-packages start-up files (CMakeLists.txt, RINGLAB_TOOL)."""
    return [sys.executable, "-S", "-m", "ringlab", name, *args]


def tool_env(root=ROOT, base=None):
    """An environment in which `python3 -m ringlab` is the package of the
    tree at `root` (a student tree, a pristine tree: each runs its own)."""
    return dict(os.environ if base is None else base,
                PYTHONPATH=os.path.join(root, "scripts"))

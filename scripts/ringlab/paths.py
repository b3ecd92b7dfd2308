"""paths.py — where things are in the source tree and the build tree."""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def variant_dir(build, variant):
    return os.path.join(build, "variants", variant)


def variant_iso(build, variant):
    return os.path.join(variant_dir(build, variant), "ringlab.iso")


def variant_elf(build, variant):
    return os.path.join(variant_dir(build, variant), "kernel.elf")

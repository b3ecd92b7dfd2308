"""variant_sources.py — which kernel files a variant compiles itself.

A variant is a stage with some bug flags (-D<flag>=1, from the labs'
manifests) and its own banner (RINGLAB_BUGS, which kmain.c prints and
uname reports). Most of its files never look at either: they compile to
the same object as in the stage's fixed variant. So the build compiles a
stage's files once (kernel.cmake's object library kobj-<stage>), and a
variant with bugs compiles again only the files these names reach,
directly or through a header they include (a flag in mm/tlb.h reaches
every file that includes mm/tlb.h), and links the rest from the stage's
objects, in the same order. `make test`'s build: 1,074 kernel
compilations before, 290 since.

    own_files(root, [flag, ...]) -> ["boot/kmain.c", ...] (relative to kernel/)
"""
import functools
import os
import re

INCLUDE = re.compile(r'^\s*(?:#\s*include|%include)\s*"([^"]+)"', re.M)
NAME = re.compile(r"\b[A-Z_][A-Z0-9_]*\b")
SOURCE = (".c", ".asm")
BANNER = "RINGLAB_BUGS"       # the one macro besides the flags that differs


class Sources:
    """The kernel's source files and what each one includes."""

    def __init__(self, root):
        self.root = root
        self.dirs = [os.path.join(root, "kernel"), os.path.join(root, "include")]

    @functools.lru_cache(maxsize=None)
    def text(self, path):
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def resolve(self, name, where):
        """An include's file: beside the includer, then kernel/, include/
        (the compiler's -I and -iquote); None for a generated one."""
        for d in [os.path.dirname(where)] + self.dirs:
            p = os.path.normpath(os.path.join(d, name))
            if os.path.isfile(p):
                return p
        return None

    @functools.lru_cache(maxsize=None)
    def closure(self, path):
        """The file and every file it includes, transitively."""
        seen, todo = set(), [path]
        while todo:
            p = todo.pop()
            if p in seen:
                continue
            seen.add(p)
            for name in INCLUDE.findall(self.text(p)):
                q = self.resolve(name, p)
                if q:
                    todo.append(q)
        return frozenset(seen)

    @functools.lru_cache(maxsize=None)
    def names(self, path):
        """Every upper-case name in the file and in what it includes."""
        return frozenset(n for p in self.closure(path) for n in NAME.findall(self.text(p)))

    def mentions(self, path, names):
        return not self.names(path).isdisjoint(names)

    def all(self):
        kernel = os.path.join(self.root, "kernel")
        for d, _, files in os.walk(kernel):
            for f in sorted(files):
                if f.endswith(SOURCE):
                    yield os.path.join(d, f)


def own_files(root, flags, sources=None):
    """The kernel sources (relative to kernel/) that a variant with these
    bug flags must compile itself: those the flags or the banner reach."""
    s = sources or Sources(root)
    names = list(flags) + [BANNER]
    kernel = os.path.join(root, "kernel")
    return sorted(os.path.relpath(p, kernel) for p in s.all() if s.mentions(p, names))

"""layers.py — the kernel's includes run one way: down the layers.

    python3 -m ringlab layers [ROOT]       check ROOT/kernel (default: this tree)
    python3 -m ringlab layers --self-test  check that the check catches an upward include

The kernel's folders form layers, lowest first; a file may include headers
of its own layer and of lower ones, never of a higher one:

    lib  <  drivers, arch  <  mm  <  fs, proc  <  syscall  <  boot

An upward include means a lower layer knows about a higher one (the fault
report about boot/, memory management about system calls); the fix is to
move the function down to where it belongs, or to let the higher layer
register a callback. Headers outside kernel/ ("ringlab/...": the ABI shared
with libc, in include/) and generated ones (asm_offsets.inc) belong to no
layer and may be included from anywhere.

Prints one line per upward include (file:line, and the two layers) and
exits 1 if there is any; ctest runs it as build.include-direction.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from . import paths

LAYERS = [("lib",), ("drivers", "arch"), ("mm",), ("fs", "proc"), ("syscall",), ("boot",)]
LEVEL = {folder: n for n, names in enumerate(LAYERS) for folder in names}
ORDER = "  <  ".join(", ".join(names) for names in LAYERS)
INCLUDE = re.compile(r'^\s*[#%]\s*include\s+"([^"]+)"')
SOURCES = (".c", ".h", ".asm", ".inc")


def problems(root):
    """["file:line: ..."] for every upward include (or unknown folder) under root/kernel."""
    out = []
    kernel = os.path.join(root, "kernel")
    for d, dirs, names in os.walk(kernel):
        dirs.sort()
        for name in sorted(names):
            if not name.endswith(SOURCES):
                continue
            path = os.path.join(d, name)
            rel = os.path.relpath(path, root)
            folder = os.path.relpath(path, kernel).split(os.sep)[0]
            if folder not in LEVEL:
                out.append(f"{rel}: kernel/{folder}/ is in no layer (give it one in scripts/ringlab/layers.py)")
                continue
            with open(path, encoding="utf-8", errors="replace") as f:
                for k, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m or "/" not in m.group(1):
                        continue
                    target = m.group(1).split("/")[0]
                    if target in LEVEL and LEVEL[target] > LEVEL[folder]:
                        out.append(f"{rel}:{k}: {folder}/ includes {m.group(1)}: "
                                   f"{target}/ is a higher layer than {folder}/")
    return out


def check(root):
    found = problems(root)
    for p in found:
        print(p)
    if found:
        print(f"check_layers: {len(found)} upward include(s); the layers, lowest first: {ORDER}")
        return 1
    print(f"check_layers: every include in kernel/ goes down the layers ({ORDER})")
    return 0


def self_test(root):
    """Runs the check on a copy of kernel/ with one upward include added
    (lib/ including a boot/ header) and one allowed include (mm/ including
    a lib/ header): it must report the first, at its line, and only it."""
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(os.path.join(root, "kernel"), os.path.join(tmp, "kernel"))
        bad = os.path.join(tmp, "kernel", "lib", "string.c")
        with open(bad) as f:
            lines = f.read().count("\n")
        with open(bad, "a") as f:
            f.write('#include "boot/ktest.h"\n')
        with open(os.path.join(tmp, "kernel", "mm", "pmm.c"), "a") as f:
            f.write('#include "lib/string.h"\n')
        before = problems(root)
        r = subprocess.run([sys.executable, "-m", "ringlab", "layers", tmp],
                           stdout=subprocess.PIPE, text=True, env=paths.tool_env())
        want = f"kernel/lib/string.c:{lines + 1}: lib/ includes boot/ktest.h: " \
               "boot/ is a higher layer than lib/"
        found = [x for x in r.stdout.splitlines() if x.startswith("kernel/")]
        # (the tree's own problems, if any, are reported too: only the new
        # one may be added, and the allowed include must not be reported)
        ok = r.returncode == 1 and sorted(found) == sorted(before + [want])
        print(r.stdout, end="")
        print(f"check_layers self-test: {'PASS' if ok else 'FAIL'}: "
              f"expected exit 1 and {want!r}")
        return 0 if ok else 1


def main():
    here = paths.ROOT
    args = sys.argv[1:]
    if args == ["--self-test"]:
        return self_test(here)
    if len(args) > 1 or (args and args[0].startswith("-")):
        sys.exit(__doc__)
    return check(args[0] if args else here)


if __name__ == "__main__":
    sys.exit(main())

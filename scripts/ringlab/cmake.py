"""cmake.py — have CMake build what a tool is about to use.

    ensure(build, targets)   configure `build` if it has never been, build
                             the targets (none: configure only); on failure
                             print CMake's output and exit non-zero
    run(build, targets)      the same, but returns (ok, output) instead:
                             for a caller that reports a failed build as
                             one step among others (the kit)

Configuring happens only when build/build.ninja is missing: once it exists,
the build re-runs CMake by itself whenever a CMakeLists.txt or a manifest
changes (CMake's own dependency on them).
"""
import os
import subprocess
import sys

from . import paths


def _cmake(args):
    r = subprocess.run(["cmake"] + args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, errors="replace")
    return r.returncode == 0, r.stdout


def run(build, targets, src=paths.ROOT):
    """(ok, CMake's output): `build` configured from `src` and `targets` built."""
    if not os.path.exists(os.path.join(build, "build.ninja")):
        ok, out = _cmake(["-S", src, "-B", build, "-G", "Ninja"])
        if not ok:
            return False, out
    if not targets:
        return True, ""
    return _cmake(["--build", build, "--target"] + list(targets))


def ensure(build, targets, src=paths.ROOT, who="ringlab"):
    """run(), and on failure: CMake's output, a one-line reason, exit 1.
    `who` names the tool in that line (the way its other errors start)."""
    ok, out = run(build, targets, src)
    if ok:
        return
    print(out, end="" if out.endswith("\n") else "\n")
    if not os.path.exists(os.path.join(build, "build.ninja")):
        sys.exit(f"{who}: CMake cannot configure {src} in {build} (its output is above)")
    sys.exit(f"{who}: {' '.join(targets)} does not build (CMake's output is above)")

"""trusted.py — grading a submission with the course's own tests.

    grade.py --lab N --trusted PRISTINE [--submission DIR] [--work DIR] [--keep]

A student's tree holds the tests, the test programs and the grader too, and
a student can edit all of them. In trusted mode the grade is computed in a
fresh copy of the submission on which PRISTINE's copies of everything that
is not the kernel's code have been laid:

    OVERLAY (replaced whole; what the submission has there is thrown away)
        scripts/  tests/  labs/  userspace/  grub/
        CMakeLists.txt  Makefile  handout.toml  kernel/CMakeLists.txt
        kernel/boot/ktest*       the in-kernel tests the graded tests run

so only the kernel's code (minus its list of files and its tests) comes
from the student. Then
PRISTINE's grade.py (the copy in the work tree) builds that tree from
scratch and grades it. PRISTINE is the pristine *student* tree of the lab —
what `make handout LAB=N` wrote, or the labN branch — not the instructor's
tree, whose build lists files a student tree does not have.

What this does not do: sandbox. The kernel runs only inside QEMU, but the
compiler reads the student's sources; run each submission in its own
container (Gradescope does) when that matters.
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

OVERLAY = ["scripts", "tests", "labs", "userspace", "grub",
           "CMakeLists.txt", "Makefile", "handout.toml", "kernel/CMakeLists.txt",
           "kernel/boot/ktest*"]
NOT_COPIED = shutil.ignore_patterns(".git", "build", "__pycache__")


def prepare(submission, pristine, work):
    """work := submission with PRISTINE's OVERLAY on top."""
    shutil.copytree(submission, work, ignore=NOT_COPIED, symlinks=True, dirs_exist_ok=True)
    entries = []
    for pattern in OVERLAY:         # a pattern names what either tree has
        found = glob.glob(pattern, root_dir=work) + glob.glob(pattern, root_dir=pristine)
        entries += sorted(set(found)) if glob.has_magic(pattern) else [pattern]
    for entry in entries:
        dst, src = os.path.join(work, entry), os.path.join(pristine, entry)
        if os.path.isdir(dst) and not os.path.islink(dst):
            shutil.rmtree(dst)
        elif os.path.lexists(dst):
            os.unlink(dst)
        if os.path.isdir(src):
            shutil.copytree(src, dst, ignore=NOT_COPIED)
        elif os.path.exists(src):
            shutil.copy2(src, dst)


def grade(lab, pristine, submission, out, work=None, keep=False, jobs=None, only=""):
    """Grade `submission` in trusted mode; returns grade.py's exit status."""
    pristine, submission = os.path.abspath(pristine), os.path.abspath(submission)
    if not os.path.exists(os.path.join(pristine, "handout.toml")):
        sys.exit(f"grade: {pristine} is not a student tree (no handout.toml): TRUSTED must be "
                 "the pristine tree of the lab, as `make handout` wrote it or the labN branch")
    work = os.path.abspath(work) if work else tempfile.mkdtemp(prefix="ringlab-grade-")
    tree = os.path.join(work, "tree")
    try:
        prepare(submission, pristine, tree)
        build = os.path.join(tree, "build")
        r = subprocess.run(["cmake", "-S", tree, "-B", build, "-G", "Ninja"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0:
            print(r.stdout)
            sys.exit("grade: the submission's tree does not configure")
        cmd = [sys.executable, os.path.join(tree, "scripts", "ringlab", "grade.py"),
               "--lab", str(lab), "--build", build, "--out", os.path.abspath(out)]
        if jobs:
            cmd += ["--jobs", str(jobs)]
        if only:
            cmd += ["--only", only]
        print(f"Trusted grading: {submission} with the tests of {pristine}", flush=True)
        return subprocess.call(cmd)
    finally:
        if keep:
            print(f"(the graded tree is kept in {tree})")
        else:
            shutil.rmtree(work, ignore_errors=True)

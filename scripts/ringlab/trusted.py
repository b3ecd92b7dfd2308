"""trusted.py — grading a submission with the course's own tests.

    ringlab grade --lab N --trusted PRISTINE [--submission DIR] [--work DIR] [--keep]

A student's tree holds the tests, the test programs, the grader, the
kernel's init code and its in-kernel tests, and a student can edit all of
them. In trusted mode the grade is computed in a fresh copy of PRISTINE —
the lab's student tree as handed out (`make handout LAB=N`, or the labN
branch) — into which only lab N's fix files are copied from the submission:

    [lab] fix_files = [...]     in PRISTINE's labs/NN-*/lab.toml: the files
                                the reference fix touches, and the few a
                                reasonable other fix of the same bugs needs

Every other file (kmain.c, the init code, the other subsystems, the
ktests, the user programs, the tests, the grader, the build) is
PRISTINE's. A submission that changed a file outside the list is not
graded with that change: the report names each such file, and the grade
uses the pristine copy. Then PRISTINE's grade.py (the copy in the work
tree) builds that tree from scratch and grades it.

What this does not do: sandbox. The kernel runs only inside QEMU, but the
compiler reads the fix files; run each submission in its own container
(Gradescope does) when that matters. And the fix files themselves are the
student's kernel code: what they could still do is in
docs/instructor-guide.md (trusted mode, proofs).
"""
import filecmp
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib

from . import cmake, paths

NOT_COPIED = shutil.ignore_patterns(".git", "build", "__pycache__")
SKIPPED_DIRS = {".git", "build", "__pycache__"}


def fix_files(pristine, lab):
    """Lab `lab`'s [lab] fix_files, from PRISTINE's lab.toml."""
    for toml in sorted(glob.glob(os.path.join(pristine, "labs", "*", "lab.toml"))):
        with open(toml, "rb") as f:
            data = tomllib.load(f).get("lab", {})
        if str(data.get("number")) == str(lab):
            if not data.get("fix_files"):
                sys.exit(f"grade: {toml} has no [lab] fix_files: trusted mode does not know "
                         "which files to take from the submission")
            return list(data["fix_files"])
    sys.exit(f"grade: {pristine} has no lab {lab} (labs/*/lab.toml)")


def tree_files(root):
    """The tree's files, relative: what git tracks or would track, else
    everything outside .git/, build/ and __pycache__/."""
    if os.path.isdir(os.path.join(root, ".git")):
        r = subprocess.run(["git", "-C", root, "ls-files", "-z", "-co", "--exclude-standard"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        if r.returncode == 0:
            return {f for f in r.stdout.decode().split("\0")
                    if f and os.path.lexists(os.path.join(root, f))}
    out = set()
    for d, dirs, names in os.walk(root):
        dirs[:] = [x for x in dirs if x not in SKIPPED_DIRS]
        rel = os.path.relpath(d, root)
        out |= {os.path.normpath(os.path.join(rel, n)) for n in names}
    return out


def same(a, b):
    if os.path.islink(a) or os.path.islink(b):
        return os.path.islink(a) and os.path.islink(b) and os.readlink(a) == os.readlink(b)
    return filecmp.cmp(a, b, shallow=False)


def outside(submission, pristine, allowed):
    """[(file, 'changed'|'added'|'deleted')]: the submission's differences
    from PRISTINE in files not on the allow-list."""
    mine, theirs = tree_files(submission), tree_files(pristine)
    out = []
    for f in sorted((mine | theirs) - set(allowed)):
        if f not in mine:
            out.append((f, "deleted"))
        elif f not in theirs:
            out.append((f, "added"))
        elif not same(os.path.join(submission, f), os.path.join(pristine, f)):
            out.append((f, "changed"))
    return out


def prepare(submission, pristine, work, allowed):
    """work := PRISTINE with the submission's copies of `allowed`. Returns
    the report lines."""
    shutil.copytree(pristine, work, ignore=NOT_COPIED, symlinks=True)
    taken, refused = [], []
    for f in allowed:
        src, dst = os.path.join(submission, f), os.path.join(work, f)
        if os.path.islink(src) or (os.path.exists(src) and not os.path.isfile(src)):
            refused.append(f"{f} (not a regular file)")
            continue
        if os.path.lexists(dst):
            os.unlink(dst)
        if os.path.exists(src):
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copyfile(src, dst)
            taken.append(f)
        else:
            taken.append(f + " (deleted)")
    lines = ["trusted: from the submission, the fix files: " + ", ".join(taken or ["(none)"])]
    if refused:
        lines.append("trusted: NOT taken, graded with the pristine copy: " + ", ".join(refused))
    diffs = outside(submission, pristine, allowed)
    if diffs:
        lines.append(f"trusted: {len(diffs)} file(s) differ from the pristine tree outside the "
                     "fix files; NOT used, the grade uses the pristine copies: "
                     + ", ".join(f"{f} ({how})" for f, how in diffs))
    return lines


def sync(staged, tree):
    """Make `tree` hold exactly `staged`'s files, rewriting only those whose
    bytes differ (their build outputs are then older and get rebuilt; the
    rest keep their times, so the build in tree/build stays incremental)."""
    want = tree_files(staged)
    for f in tree_files(tree) - want:
        os.unlink(os.path.join(tree, f))
    for f in want:
        src, dst = os.path.join(staged, f), os.path.join(tree, f)
        if os.path.lexists(dst) and same(src, dst):
            continue
        if os.path.lexists(dst):
            os.unlink(dst)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if os.path.islink(src):
            os.symlink(os.readlink(src), dst)
        else:
            shutil.copyfile(src, dst)
            shutil.copymode(src, dst)


def grade(lab, pristine, submission, out, work=None, keep=False, jobs=None, only="",
          reuse=False):
    """Grade `submission` in trusted mode; returns grade.py's exit status.
    reuse: keep work/tree and its build between gradings (the kit grades
    many versions of one tree), laying each one down with sync()."""
    pristine, submission = os.path.abspath(pristine), os.path.abspath(submission)
    if not os.path.exists(os.path.join(pristine, "handout.toml")):
        sys.exit(f"grade: {pristine} is not a student tree (no handout.toml): TRUSTED must be "
                 "the pristine tree of the lab, as `make handout` wrote it or the labN branch")
    allowed = fix_files(pristine, lab)
    work = os.path.abspath(work) if work else tempfile.mkdtemp(prefix="ringlab-grade-")
    tree = os.path.join(work, "tree")
    try:
        if reuse and os.path.isdir(tree):
            staged = os.path.join(work, "staged")
            shutil.rmtree(staged, ignore_errors=True)
            notes = prepare(submission, pristine, staged, allowed)
            sync(staged, tree)
            shutil.rmtree(staged, ignore_errors=True)
        else:
            notes = prepare(submission, pristine, tree, allowed)
        build = os.path.join(tree, "build")
        cmake.ensure(build, [], src=tree, who="grade (the submission's tree)")
        # the work tree's own grader (PRISTINE's): its scripts/ on PYTHONPATH,
        # and started in that tree, since `python3 -m` imports from the
        # current folder first
        cmd = paths.tool_command("grade", "--lab", str(lab), "--build", build,
                                 "--out", os.path.abspath(out))
        if jobs:
            cmd += ["--jobs", str(jobs)]
        if only:
            cmd += ["--only", only]
        for n in notes:
            cmd += ["--note", n]
        print(f"Trusted grading: {submission} with the tests of {pristine}")
        print("\n".join(notes), flush=True)
        return subprocess.call(cmd, cwd=tree, env=paths.tool_env(tree))
    finally:
        if reuse:
            pass
        elif keep:
            print(f"(the graded tree is kept in {tree})")
        else:
            shutil.rmtree(work, ignore_errors=True)

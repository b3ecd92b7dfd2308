"""kit.py — prove that lab N's student tree works as a lab (ctest kit.labN).

    ringlab kit --lab N [--build build] [--work DIR]

In one student tree (make handout), built once, with only the changed files
rebuilt between steps:

  1. clean     the tree has no flag names, stage guards or instructor files
               (handout.py's check, and grep)
  2. student   `make grade LAB=N` there builds and scores below full
  3. each bug  with every other bug of lab N fixed (handout.py --only-bug):
               the bug's own reproduction tests from lab N's lab.toml (the
               [[test]]s with bugs = ["<bug>"]: the symptom as the handout
               documents it) pass against this plain tree
  4. wrong     each labs/NN-*/wrong-fixes/*.patch, applied to the tree with
     fixes     only its bug left: it builds, and each graded test its
               `Caught-by:` header names fails (so the score is below full;
               only those tests are run, to keep the kit fast)
  5. solution  lab N's bugs fixed (handout.py --solution, the reference
               fix): it differs from the tree as handed out only in the
               lab's fix files, and `make grade LAB=N TRUSTED=<the
               pristine tree>` exits 0 with a full score. Trusted grading
               then builds and grades a copy of this very tree, so a
               plain `make grade` here would run the same tests on the
               same sources again (step 2 runs that command)
  and the handout, walked in each of its states on the way (student.py:
  handed after step 2, first-fixed with only the second bug left, solved
  after step 5): every command and gdb session it shows, its walkthroughs,
  its links and .vscode/launch.json

A wrong-fix patch is a unified diff (`diff -ruN` or `git diff` between two
student trees) with a header above it:

    Bug: paging-sign-extend                 the bug it claims to fix
    Caught-by: lab1.selftest lab1.kernel-map   graded tests that must fail
    Why: one paragraph for docs/instructor-guide.md
    Grade: trusted        (optional) it edits the tests themselves: judged by
                          `make grade TRUSTED=<pristine tree>`
    Gap: ...              (optional) a wrong fix NO graded test catches yet:
                          reported, not failed, until a test catches it (then
                          the kit fails until the Gap: line is removed)

Prints one line per step, with its time and CPU time (the kit's own and its
builds', QEMUs' and gdbs'), and `kit lab N: X passed, Y failed` last.
"""
import argparse
import contextlib
import glob
import os
import re
import shutil
import subprocess
import sys
import time

from .. import check, cmake, manifest, paths
from ..trusted import fix_files
from . import handout, student

SCORE = re.compile(r"^Score: (\d+)/(\d+)$", re.M)
RESULT = re.compile(r"^(\S+)\s+\d+/\d+\s+(PASS|FAIL|TIMEOUT)$", re.M)


# ------------------------------------------------------------------ wrong fixes

def read_patch(path):
    """(headers, diff text): the `Key: value` lines above the diff."""
    text = open(path).read()
    start = re.search(r"^(diff |--- )", text, re.M)
    if not start:
        raise ValueError(f"{path}: no diff in it")
    headers, key = {}, None
    for line in text[:start.start()].splitlines():
        m = re.match(r"^([A-Z][\w-]*):\s*(.*)$", line)
        if m:
            key = m.group(1).lower()
            headers[key] = m.group(2).strip()
        elif key and line.strip():
            headers[key] += " " + line.strip()
    return headers, text[start.start():]


def wrong_fixes(lab):
    out = []
    for path in sorted(glob.glob(os.path.join(lab["dir"], "wrong-fixes", "*.patch"))):
        headers, diff = read_patch(path)
        out.append({"path": path, "name": os.path.basename(path)[:-6], "bug": headers.get("bug"),
                    "caught_by": headers.get("caught-by", "").split(),
                    "why": headers.get("why", ""), "gap": headers.get("gap"),
                    "trusted": headers.get("grade") == "trusted", "diff": diff})
    return out


def touched(diff):
    return sorted({m.group(1) for m in re.finditer(r"^\+\+\+ b/(\S+)", diff, re.M)})


# ------------------------------------------------------------------ the tree

class Tree:
    """A student tree on disk whose sources can be switched between
    versions (student, one bug left, solved) by rewriting changed files."""

    def __init__(self, root, plain):
        self.root, self.plain = root, plain

    def path(self, f):
        return os.path.join(self.root, f)

    def switch(self, version):
        """Make the tree's files those of `version` (a whole tree dict)."""
        for f, (text, _) in version.items():
            if self.read(f) != text:
                with open(self.path(f), "w", encoding="utf-8", errors="surrogateescape") as fh:
                    fh.write(text)
        for f in self.plain:
            if f not in version and os.path.exists(self.path(f)):
                os.unlink(self.path(f))

    def build(self, n):
        """(ok, CMake's output): a failed build is one failed step of the kit."""
        return cmake.run(os.path.join(self.root, "build"), [f"iso-lab{n}"], src=self.root)

    @contextlib.contextmanager
    def moved_aside(self):
        """While a trusted grading runs, this tree waits in <work>/submission
        and the graded tree (trusted.py's <work>/tree, kept in <work>/trusted
        between gradings) takes its place. A CMake build works only where it
        was configured; in the same place, the graded tree can start as a
        copy of this tree and its build, files' times kept, and its first
        grading rebuilds only the files trusted.py lays down differently,
        not the whole tree. Yields where the submission is."""
        work = os.path.dirname(self.root)
        parked, kept = os.path.join(work, "submission"), os.path.join(work, "trusted")
        os.rename(self.root, parked)
        try:
            if os.path.isdir(kept):
                os.rename(kept, self.root)
            else:
                shutil.copytree(parked, self.root, symlinks=True)
            yield parked
        finally:
            if os.path.isdir(self.root):
                os.rename(self.root, kept)
            os.rename(parked, self.root)

    def read(self, f):
        try:
            return open(self.path(f), encoding="utf-8", errors="surrogateescape").read()
        except FileNotFoundError:
            return None

    def make_grade(self, n, trusted=None, only=()):
        """`make grade LAB=n` in the tree; with `only`, grade.py --only.
        Trusted gradings (TRUSTED=) share one graded tree and its build
        (grade.py --reuse), so each rebuilds only what its version changed."""
        # (moved_aside: that graded tree starts as a copy of this one)
        cwd, env = self.root, None
        if trusted:
            with self.moved_aside() as submission:
                cmd = paths.tool_command("grade", "--lab", str(n), "--trusted", trusted,
                                         "--submission", submission, "--reuse", "--work",
                                         os.path.dirname(self.root))
                cmd += ["--only", ",".join(only)] if only else []
                # the pristine tree's grader
                return self.graded(cmd, trusted, paths.tool_env(trusted))
        if only:
            cmd = paths.tool_command("grade", "--lab", str(n), "--only", ",".join(only),
                                     "--build", os.path.join(self.root, "build"))
            env = paths.tool_env(self.root)                 # the tree's own grader
        else:
            cmd = ["make", "-C", self.root, "--no-print-directory", "grade", f"LAB={n}"]
        return self.graded(cmd, cwd, env)

    @staticmethod
    def graded(cmd, cwd, env):
        r = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        m = SCORE.search(r.stdout)     # none when the build or the grader failed
        score = (int(m.group(1)), int(m.group(2))) if m else None
        results = dict(RESULT.findall(r.stdout))
        return r.returncode, score, results, r.stdout


# ------------------------------------------------------------------ the steps

class Kit(student.Walk):
    """The steps, each reported on one line (student.Walk.report)."""

    def __init__(self, n, lab, work):
        super().__init__()
        self.n, self.lab, self.work = n, lab, work
        self.start, self.start_cpu = self.clock, self.cpu

    def below_full(self, step, tree, extra="", trusted=None):
        rc, score, results, out = tree.make_grade(self.n, trusted)
        ok = score is not None and rc != 0 and score[0] < score[1]
        self.report(ok, step, (f"Score: {score[0]}/{score[1]}" if score else "no score")
                    + (f" ({extra})" if extra else ""), out)
        return results

    def wrong_fix(self, tree, w, pristine):
        """Apply one wrong fix, grade it, check what catches it, undo it."""
        step = f"wrong fix {w['name']}"
        saved = {f: tree.read(f) for f in touched(w["diff"])}
        p = subprocess.run(["patch", "-p1", "--forward", "--batch", "--no-backup-if-mismatch",
                            "-d", tree.root], input=w["diff"], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        if p.returncode != 0:
            self.report(False, step, "does not apply", p.stdout)
        elif w["gap"]:
            rc, score, results, out = tree.make_grade(self.n, pristine if w["trusted"] else None)
            if score is None:
                self.report(False, step, "no score (does it build?)", out)
            elif score[0] < score[1]:
                self.report(False, step, f"is caught now (Score: {score[0]}/{score[1]}): "
                            "take its Gap: line out", out)
            else:
                self.report(True, step, f"KNOWN GAP, Score: {score[0]}/{score[1]}: {w['gap']}")
        elif not w["caught_by"]:
            self.report(False, step, "has no Caught-by: header")
        else:
            rc, score, results, out = tree.make_grade(
                self.n, pristine if w["trusted"] else None, w["caught_by"])
            missed = [t for t in w["caught_by"] if results.get(t) not in ("FAIL", "TIMEOUT")]
            self.report(score is not None and not missed, step,
                        (f"for {w['bug']}: caught by {' '.join(w['caught_by'])}"
                         + (" (TRUSTED)" if w["trusted"] else "")
                         + (f" — but not by {' '.join(missed)}" if missed else ""))
                        if score else "no score (does it build?)", out)
        for f, text in saved.items():
            if text is None:
                if os.path.exists(tree.path(f)):
                    os.unlink(tree.path(f))
            else:
                with open(tree.path(f), "w", encoding="utf-8", errors="surrogateescape") as fh:
                    fh.write(text)

    def clean(self, tree_dict, root):
        problems = handout.check_tree(tree_dict, self.n, paths.ROOT)
        g = subprocess.run(["grep", "-rnE", r"\bBUG_[0-9]+_[A-Z]|\bRINGLAB_LAB\b", "--exclude-dir=build",
                            root], stdout=subprocess.PIPE, text=True)
        later = [d for d in os.listdir(os.path.join(root, "labs"))
                 if re.match(r"\d+", d) and int(re.match(r"\d+", d).group(0)) > self.n]
        notes = glob.glob(os.path.join(root, "labs", "*", "instructor-notes.md"))
        bad = problems + g.stdout.splitlines() + later + notes
        self.report(not bad, "clean", "no flag names, stage guards, instructor notes or later labs"
                    if not bad else f"{len(bad)} problems", "\n".join(bad))

    def symptoms(self, tree, bug, build):
        """The bug's reproduction tests (lab.toml, bugs = [bug]) on the plain tree."""
        ok, out = tree.build(self.n)
        if not ok:
            self.report(False, f"bug {bug}", "the tree with only this bug does not build", out)
            return
        tests, _, _ = manifest.load_tests(paths.ROOT)
        mine = [t for t in tests if t["bugs"] == [bug] and t.get("kind", "boot") == "boot"
                and t["stage"] == str(self.n)]
        for t in mine:
            t = dict(t, bugs=[], variant=manifest.variant_name(str(self.n), []))
            v = check.run(build, t)
            self.report(v.ok, f"bug {bug}", f"symptom test {t['name']} passes on the plain tree",
                        "\n".join(v.reasons))
        if not mine:
            print(f"     (lab {self.n}'s lab.toml has no reproduction test for {bug})")


def run(n, work):
    _, labs, _ = manifest.load_tests(paths.ROOT)
    if n not in labs:
        sys.exit(f"kit: no lab {n}")
    lab = labs[n]
    kit = Kit(n, lab, work)
    shutil.rmtree(work, ignore_errors=True)
    src = handout.snapshot(paths.ROOT, os.path.join(work, "src"))
    root = os.path.join(work, "tree")
    plain = handout.generate(src, n, root)
    kit.clean(plain, root)
    tree = Tree(root, plain)
    build = os.path.join(root, "build")

    kit.below_full("student", tree, "the tree as handed out")
    student.walk_state(kit, root, n, lab, "handed")
    versions = {b["name"]: handout.generate(src, n, None, {b["name"]})
                for b in lab["bugs"]}
    for k, (name, version) in enumerate(versions.items()):
        tree.switch(version)
        kit.symptoms(tree, name, build)
        if k == 1:                      # only the second bug left: bug 1 fixed
            student.walk_state(kit, root, n, lab, "first-fixed")

    fixes = wrong_fixes(lab)
    pristine = os.path.join(work, "pristine")     # what course staff grade with
    handout.write_tree(plain, pristine)
    # grouped by bug: the tree switches between the bugs' versions once each
    for w in sorted(fixes, key=lambda w: (w["bug"] or "", w["name"])):
        if w["bug"] not in versions:
            kit.report(False, f"wrong fix {w['name']}",
                       f"its Bug: header names no bug of lab {n}: {w['bug']!r}")
            continue
        tree.switch(versions[w["bug"]])
        kit.wrong_fix(tree, w, pristine)

    solved = handout.generate(src, n, None, set())
    tree.switch(solved)
    try:
        allowed = fix_files(pristine, n)
    except SystemExit as e:             # (no fix_files: trusted grading says why)
        allowed = []
        print(f"     ({e})")
    elsewhere = sorted(f for f in set(plain) | set(solved)
                       if f not in allowed and plain.get(f) != solved.get(f))
    kit.report(not elsewhere, "solution", f"changes only the fix files ({', '.join(allowed)})"
               if not elsewhere else "changes files trusted grading does not take: "
               + ", ".join(elsewhere))
    rc, score, _, out = tree.make_grade(n, trusted=pristine)
    kit.report(rc == 0 and score is not None and score[0] == score[1], "solution, trusted",
               (f"Score: {score[0]}/{score[1]}" if score else "no score") +
               " (graded with the pristine tree's tests, only the fix files taken)", out)
    student.walk_state(kit, root, n, lab, "solved")
    print(f"     (the kit's time: {time.monotonic() - kit.start:.1f}s, "
          f"cpu {student.cpu_seconds() - kit.start_cpu:.1f}s)")
    print(f"kit lab {n}: {kit.passed} passed, {kit.failed} failed")
    return 1 if kit.failed else 0


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--lab", required=True, type=int)
    p.add_argument("--build", default=os.path.join(paths.ROOT, "build"))
    p.add_argument("--work", help="default: <build>/kit/labN")
    a = p.parse_args()
    work = os.path.abspath(a.work or os.path.join(a.build, "kit", f"lab{a.lab}"))
    try:
        return run(a.lab, work)
    except handout.HandoutError as e:
        print(f"FAIL handout: {e}")
        print(f"kit lab {a.lab}: 0 passed, 1 failed")
        return 1


if __name__ == "__main__":
    sys.exit(main())

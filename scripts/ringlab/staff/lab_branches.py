"""lab_branches.py — `make lab-branches [SOLUTIONS=1]`: one branch per lab.

    ringlab lab-branches [--solutions] [--rev HEAD | --src DIR] [--repo .] [--check]

Commits the student tree of every lab (handout.py) as branches `lab1`,
`lab2`, ... (and `lab1-solution`, ... with --solutions) in the repository,
without touching its working tree, index or current branch: each tree is
written to a temporary folder, staged in a temporary index
(GIT_INDEX_FILE) and committed with `git commit-tree`; only the branch refs
move. The source is the commit --rev (default HEAD; exported with `git
archive`, so uncommitted work never leaks into a branch) or a folder --src.

History: lab1 is a root commit (no instructor history, which holds the
fixes, comes along); labN+1's parent is labN, labN-solution's is labN.
Author, committer and dates are fixed (the source commit's date), so the
same source gives the same commit ids every time.

--check proves, for every lab N that has a lab N+1 (it needs --solutions):

  P1  the solution is the fix: `git diff labN labN-solution` touches only
      files that hold lab N's bug flags in the source
  P2  nothing is lost: every file of labN is in labN+1
  P3  the fix carries forward: in labN+1 each hunk's fixed lines are
      there (as one block, in the same file) and its buggy lines are not
  P4  the rest is lab N+1's: every line of a kernel source file that
      labN-solution has and labN+1 drops is, in the source, inside an
      #if/%if group on RINGLAB_LAB or on a lab N+1 bug flag

So `git diff labN labN+1` is lab N's fix plus what lab N+1 adds (and the
stage-dependent lines it replaces), and nothing else.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

from .. import paths
from . import handout

IDENTITY = {"GIT_AUTHOR_NAME": "ringlab", "GIT_AUTHOR_EMAIL": "ringlab@localhost",
            "GIT_COMMITTER_NAME": "ringlab", "GIT_COMMITTER_EMAIL": "ringlab@localhost"}


def git(repo, *args, env=None, input=None):
    r = subprocess.run(["git", "-C", repo] + list(args), env=dict(os.environ, **(env or {})),
                       input=input, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {r.stderr.strip()}")
    return r.stdout.strip()


def export(repo, rev, where):
    """The files of commit `rev`, in folder `where`."""
    archive = subprocess.run(["git", "-C", repo, "archive", rev], check=True,
                             stdout=subprocess.PIPE).stdout
    subprocess.run(["tar", "-x", "-C", where], input=archive, check=True)


def labs_in(src):
    files = handout.tree_files(src)
    return sorted(n for n in handout.lab_folders(src, files).values() if n)


def commit_tree(repo, tree_dict, parent, message, date, tmp):
    """Write tree_dict to a folder, stage it in a private index, commit it."""
    work = tempfile.mkdtemp(dir=tmp)
    handout.write_tree(tree_dict, work)
    env = dict(IDENTITY, GIT_INDEX_FILE=os.path.join(tmp, "index"),
               GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    if os.path.exists(env["GIT_INDEX_FILE"]):
        os.unlink(env["GIT_INDEX_FILE"])
    git(repo, "--work-tree", work, "add", "-A", "-f", ".", env=env)
    tree = git(repo, "write-tree", env=env)
    args = ["commit-tree", tree, "-m", message] + (["-p", parent] if parent else [])
    return git(repo, *args, env=env)


def make_branches(repo, src, solutions, date, origin):
    current = subprocess.run(["git", "-C", repo, "symbolic-ref", "-q", "--short", "HEAD"],
                             stdout=subprocess.PIPE, text=True).stdout.strip()
    made, parent = {}, None
    with tempfile.TemporaryDirectory(prefix="ringlab-branches-") as tmp:
        for n in labs_in(src):
            versions = [(f"lab{n}", None)] + ([(f"lab{n}-solution", set())] if solutions else [])
            for name, keep in versions:
                if name == current:
                    sys.exit(f"lab-branches: {name} is checked out here; switch branches first")
                tree = handout.generate(src, n, None, keep)
                what = "solved" if keep is not None else "the student tree"
                msg = f"Lab {n}: {what}\n\nWritten by `make lab-branches` from {origin}.\n"
                commit = commit_tree(repo, tree, made.get(f"lab{n}") or parent, msg, date, tmp)
                git(repo, "update-ref", f"refs/heads/{name}", commit)
                made[name] = commit
                print(f"{name:<16} {commit[:12]}  ({len(tree)} files)")
            parent = made[f"lab{n}"]
    return made


# ------------------------------------------------------------------ --check

DIRECTIVE = re.compile(r"^\s*[#%]\s*(if\w*|elif\w*|else|endif)\b(.*)$")


def conditional_lines(text, pattern):
    """The lines of `text` inside an #if/%if group any of whose directives
    matches `pattern` (stripped, as a set)."""
    lines = text.splitlines()
    groups, stack = [], []
    for i, line in enumerate(lines):
        m = DIRECTIVE.match(line)
        if not m:
            continue
        kw = m.group(1)
        if kw.startswith("if"):
            stack.append([i, bool(pattern.search(line))])
        elif stack and kw == "endif":
            start, relevant = stack.pop()
            if relevant:
                groups.append((start, i))
        elif stack:
            stack[-1][1] |= bool(pattern.search(line))
    inside = set()
    for start, end in groups:
        inside.update(l.strip() for l in lines[start:end + 1])
    return inside


def removed_lines(old, new):
    import difflib
    a, b = old.splitlines(), new.splitlines()
    out = []
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            out += [l.strip() for l in a[i1:i2] if l.strip()]
    return out


def hunks(old, new):
    """[(removed lines, added lines)] of each change, stripped, blanks dropped."""
    import difflib
    a, b = old.splitlines(), new.splitlines()
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            out.append(([l.strip() for l in a[i1:i2] if l.strip()],
                        [l.strip() for l in b[j1:j2] if l.strip()]))
    return out


def contains(lines, block):
    """Does `block` appear in `lines` as consecutive non-blank lines?"""
    text = [l.strip() for l in lines if l.strip()]
    return any(text[i:i + len(block)] == block for i in range(len(text) - len(block) + 1))


def show(repo, rev, path):
    return git(repo, "show", f"{rev}:{path}")


def files_of(repo, rev):
    return set(git(repo, "ls-tree", "-r", "--name-only", rev).splitlines())


def check(repo, src, made):
    problems, pairs = [], 0
    numbers = labs_in(src)
    code = {f: open(os.path.join(src, f), errors="replace").read()
            for f in handout.tree_files(src) if f.endswith(handout.C_LIKE + handout.NASM)}
    for n, m in zip(numbers, numbers[1:]):
        before = len(problems)
        a, sol, b = f"lab{n}", f"lab{n}-solution", f"lab{m}"
        if sol not in made:
            sys.exit("lab-branches --check needs --solutions")
        flag_files = {f for f, t in code.items() if re.search(rf"\bBUG_{n}_", t)}
        fix_files = set(git(repo, "diff", "--name-only", a, sol).splitlines())
        if not fix_files or not fix_files <= flag_files:
            problems.append(f"P1 {a}..{sol} changes {sorted(fix_files - flag_files) or 'nothing'}: "
                            f"not only files with lab {n}'s flags {sorted(flag_files)}")
        lost = files_of(repo, a) - files_of(repo, b)
        if lost:
            problems.append(f"P2 {b} lacks files of {a}: {sorted(lost)}")
        for f in sorted(fix_files):
            later = show(repo, b, f).splitlines() if f in files_of(repo, b) else []
            for gone, fixed in hunks(show(repo, a, f), show(repo, sol, f)):
                if fixed and not contains(later, fixed):
                    problems.append(f"P3 {b}:{f} lacks lab {n}'s fixed lines {fixed}")
                if gone and contains(later, gone):
                    problems.append(f"P3 {b}:{f} still has lab {n}'s buggy lines {gone}")
        pattern = re.compile(rf"\bRINGLAB_LAB\b|\bBUG_{m}_")
        for f in sorted(files_of(repo, sol) & files_of(repo, b)):
            if not (f.startswith("kernel/") and f in code):
                continue
            allowed = conditional_lines(code[f], pattern)
            for line in removed_lines(show(repo, sol, f), show(repo, b, f)):
                if line not in allowed:
                    problems.append(f"P4 {f}: {b} drops {line!r}, which no stage guard "
                                    f"or lab {m} flag covers")
        pairs += 1
        print(f"check {a} -> {b}: " + ("P1..P4 hold" if len(problems) == before
                                       else f"{len(problems) - before} problems"))
    for p in problems:
        print("  " + p)
    print(f"lab-branches check: {pairs} pairs, {len(problems)} problems")
    return 1 if problems else 0


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repo", default=paths.ROOT, help="where the branches go")
    p.add_argument("--rev", default="HEAD", help="the commit to make them from")
    p.add_argument("--src", help="make them from this folder instead of a commit")
    p.add_argument("--solutions", action="store_true", help="also labN-solution")
    p.add_argument("--check", action="store_true", help="prove P1..P4 (see above)")
    p.add_argument("--scratch", action="store_true",
                   help="make them in a new, temporary repository (what the test does)")
    a = p.parse_args()
    repo = os.path.abspath(a.repo)
    try:
        with tempfile.TemporaryDirectory(prefix="ringlab-src-") as tmp, \
                tempfile.TemporaryDirectory(prefix="ringlab-repo-") as scratch:
            if a.scratch:
                repo = scratch
                git(repo, "init", "-q")
            if a.src:           # a snapshot: a tree others edit must not change midway
                for f in handout.tree_files(os.path.abspath(a.src)):
                    os.makedirs(os.path.dirname(os.path.join(tmp, f)), exist_ok=True)
                    shutil.copy2(os.path.join(a.src, f), os.path.join(tmp, f))
                src, origin = tmp, "a working tree"
                date = "2026-01-01T00:00:00+00:00"
            else:
                sha = subprocess.run(["git", "-C", paths.ROOT, "rev-parse", a.rev], check=True,
                                     stdout=subprocess.PIPE, text=True).stdout.strip()
                export(paths.ROOT, sha, tmp)
                src, origin = tmp, f"commit {sha}"
                date = git(paths.ROOT, "show", "-s", "--format=%cI", sha)
            made = make_branches(repo, src, a.solutions, date, origin)
            return check(repo, src, made) if a.check else 0
    except (handout.HandoutError, RuntimeError) as e:
        sys.exit(f"lab-branches: {e}")


if __name__ == "__main__":
    sys.exit(main())

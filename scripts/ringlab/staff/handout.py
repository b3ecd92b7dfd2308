"""handout.py — `make handout LAB=N OUT=dir`: the student tree of lab N.

    ringlab handout --lab N --out DIR [--src TREE] [--solution | --only-bug NAME]

From this tree (its files as git sees them: tracked and new, not ignored)
it writes the tree a student of lab N starts from:

  stages after N   gone: kernel files listed only in later stages' lists
                   (kernel/CMakeLists.txt), the headers nothing kept includes,
                   the CMake statements that name them (and the unit tests
                   they build), later labs' folders; `#if RINGLAB_LAB >= M`
                   resolved with RINGLAB_LAB=N
  earlier bugs     fixed: their BUG_<M>_* flags resolved as undefined
  lab N's bugs     plain code: BUG_N_* resolved as DEFINED, so the #else
                   branch (the fix) disappears without a trace
  options          ([[option]] flags, comparison builds) resolved as off
  instructor-only  left out: labs/*/instructor-notes.md, labs/*/wrong-fixes/,
                   docs/instructor-guide.md, the kit's own scripts
  manifests        rewritten for the plain tree (handout_labs.py)
  handout.toml     written: tells the build this is lab N's tree (default
                   stage N; BUGS=<lab N bug> is the plain tree)
  .gdbinit         written: the gdb helpers, for gdb started in the tree

C is resolved with unifdef(1), nasm with nasm_unifdef.py. --solution writes
the same tree with lab N's bugs fixed (the reference fix is the difference);
--only-bug NAME fixes every bug of lab N but NAME. Afterwards the tree is
checked: no flag name, no stage guard, no instructor file (exit 1 if any).
"""
import argparse
import fnmatch
import glob
import os
import re
import shutil
import subprocess
import sys
import tomllib

from .. import manifest, paths
from . import handout_cmake, handout_labs, nasm_unifdef

# Never in a student tree.
INSTRUCTOR_ONLY = [
    "labs/*/instructor-notes.md", "labs/*/wrong-fixes/*", "labs/*/solution*.patch",
    "docs/instructor-guide.md", "scripts/autograder/*", "tests/kit.toml",
    "scripts/ringlab/staff/*", "tests/bench.toml", "docs/performance.md", "userspace/etc/bench.sh",
    # the full kernel's own (issue 14): no lab teaches these, and in a
    # student tree "full" is lab N's kernel, which has none of it
    "userspace/compat/*", "userspace/compat.cmake", "tests/compat.toml",
    "tests/memory.toml", "tests/files.toml", "tests/signals.toml", "docs/compat.md",
    "userspace/bin/sigtest.c", "userspace/bin/clone_run.asm", "userspace/busybox/*", "tests/busybox.toml",
    "tests/shell.toml", "userspace/etc/shell-test.sh", "userspace/bin/env.c",
    "userspace/etc/linux-bench.sh",
    # both labs' reverse sessions in one file (a student tree has one lab)
    "tests/reverse.toml",
    # several CPUs: stage 5's tests and the full kernel's on -smp N
    "tests/smp.toml", "tests/gdb/rl_cpus.gdb",
]
C_LIKE = (".c", ".h", ".S")
NASM = (".asm", ".inc", ".nasm")
FLAG = re.compile(r"\bBUG_(\d+)_[A-Z0-9_]+\b")
STAGE = "RINGLAB_LAB"
INCLUDE = re.compile(r'^\s*[#%]\s*include\s+"([^"]+)"', re.M)


class HandoutError(Exception):
    pass


# ------------------------------------------------------------------ reading

def tree_files(src):
    """Relative paths of the tree's files: what git tracks or would track."""
    if os.path.exists(os.path.join(src, ".git")):
        out = subprocess.run(["git", "-C", src, "ls-files", "-z", "-co", "--exclude-standard"],
                             check=True, stdout=subprocess.PIPE).stdout.decode()
        files = [f for f in out.split("\0") if f]
    else:
        files = []
        for d, dirs, names in os.walk(src):
            rel = os.path.relpath(d, src)
            dirs[:] = [x for x in dirs if x != ".git" and not (rel == "." and x == "build")]
            files += [os.path.normpath(os.path.join(rel, n)) for n in names]
    return sorted(f for f in files if os.path.isfile(os.path.join(src, f)))


def snapshot(src, dest):
    """Copy the tree's files (tree_files) to dest, a fresh folder: the kit
    works on one snapshot, since others may be editing the tree meanwhile."""
    shutil.rmtree(dest, ignore_errors=True)
    for f in tree_files(src):
        os.makedirs(os.path.dirname(os.path.join(dest, f)), exist_ok=True)
        shutil.copy2(os.path.join(src, f), os.path.join(dest, f))
    return dest


def lab_folders(src, files):
    """{lab folder: its number} for every labs/NN-*/ in the tree."""
    out = {}
    for f in files:
        parts = f.split("/")
        if len(parts) > 2 and parts[0] == "labs" and parts[1] not in out:
            toml = os.path.join(src, "labs", parts[1], "lab.toml")
            number = None
            if os.path.exists(toml):
                with open(toml, "rb") as fh:
                    number = tomllib.load(fh).get("lab", {}).get("number")
            if number is None and re.match(r"\d+", parts[1]):
                number = int(re.match(r"\d+", parts[1]).group(0))
            out[parts[1]] = int(number) if number is not None else None
    return out


def option_flags(src):
    flags = set()
    for path in glob.glob(os.path.join(src, "labs", "*", "lab.toml")):
        with open(path, "rb") as f:
            flags |= {o["flag"] for o in tomllib.load(f).get("option", []) if "flag" in o}
    return flags


def bug_names(src):
    names = set()
    for path in glob.glob(os.path.join(src, "labs", "*", "lab.toml")):
        with open(path, "rb") as f:
            data = tomllib.load(f)
        names |= {b["name"] for b in data.get("bug", []) + data.get("option", [])}
    return names


# ------------------------------------------------------------------ resolving

def symbols(texts, n, lab_n_bugs, keep_bugs, options):
    """(defined, undefined) for the resolvers. keep_bugs: the names of lab
    n's bugs to leave in (None: all of lab n's flags)."""
    flags = set()
    for t in texts:
        flags |= {m.group(0) for m in FLAG.finditer(t)}
    defined, undefined = {STAGE: n}, set(options)
    keep_flags = None if keep_bugs is None else {manifest.bug_flag(n, b) for b in keep_bugs}
    for flag in flags:
        lab = int(FLAG.match(flag).group(1))
        if lab == n and (keep_flags is None or flag in keep_flags):
            defined[flag] = 1
        else:
            undefined.add(flag)
    unknown = (keep_bugs or set()) - set(lab_n_bugs)
    if unknown:
        raise HandoutError(f"lab {n} has no bug named {sorted(unknown)} (its bugs: {sorted(lab_n_bugs)})")
    return defined, undefined


def unifdef(text, defined, undefined, where):
    args = ["unifdef", "-x2"] + [f"-D{k}={v}" for k, v in sorted(defined.items())] + \
        [f"-U{k}" for k in sorted(undefined)]
    p = subprocess.run(args, input=text, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode == 2:
        raise HandoutError(f"{where}: unifdef failed: {p.stderr.strip()}")
    return p.stdout


def resolve(path, text, defined, undefined):
    if not any(re.search(rf"\b{re.escape(s)}\b", text) for s in list(defined) + list(undefined)):
        return text
    if path.endswith(C_LIKE):
        return unifdef(text, defined, undefined, path)
    if path.endswith(NASM):
        try:
            return nasm_unifdef.resolve(text, defined, undefined)
        except nasm_unifdef.ResolveError as e:
            raise HandoutError(f"{path}: {e}") from None
    return text


# ------------------------------------------------------------------ choosing files

def reachable_headers(contents):
    """Kernel headers that some kept non-header file includes, directly or
    through other headers, plus those a CMake file names."""
    by_suffix = {}
    for f in contents:
        parts = f.split("/")
        for i in range(len(parts)):
            by_suffix.setdefault("/".join(parts[i:]), []).append(f)
    todo = [f for f in contents if not (f.startswith("kernel/") and f.endswith(".h"))]
    seen = set(todo)
    for f, text in contents.items():
        if f.endswith((".txt", ".cmake")):
            for h in re.findall(r"[\w./{}$-]+\.h\b", text):
                named = [g for g in by_suffix.get(h.split("}/")[-1], []) if g not in seen]
                seen.update(named)
                todo += named
    while todo:
        f = todo.pop()
        for inc in INCLUDE.findall(contents[f]):
            here = os.path.normpath(os.path.join(os.path.dirname(f), inc))
            for g in ([here] if here in contents else by_suffix.get(inc, [])):
                if g not in seen:
                    seen.add(g)
                    todo.append(g)
    return seen


def instructor_only(f):
    return any(fnmatch.fnmatch(f, p) for p in INSTRUCTOR_ONLY)


# ------------------------------------------------------------------ the tree

HANDOUT_TOML = """\
# handout.toml — this folder is the student tree of lab {n}, written by
# `make handout`. The build reads it: `make run` boots stage {n}, and lab {n}'s
# bugs are in the code itself (BUGS=<one of them> builds this same kernel).
lab = {n}
"""

GDBINIT = """\
# .gdbinit — ringlab's gdb settings and helpers, for a gdb started in this
# folder (gdb reads it only where allowed: `add-auto-load-safe-path <this
# folder>` in ~/.gdbinit). `make gdb` loads the same files itself.
source scripts/gdb/gdbinit
source scripts/gdb/ringlab.py
"""

# .vscode/launch.json: VS Code's C/C++ debugger attached to `make qemu-gdb`
# with the same gdb commands `make gdb` runs (student.py runs them too).
LAUNCH_JSON = """\
{{
  "version": "0.2.0",
  "configurations": [
    {{
      "name": "ringlab lab {n}: attach to make qemu-gdb",
      "type": "cppdbg",
      "request": "launch",
      "program": "${{workspaceFolder}}/build/variants/lab{n}/kernel.elf",
      "cwd": "${{workspaceFolder}}",
      "MIMode": "gdb",
      "miDebuggerPath": "gdb",
      "stopAtConnect": true,
      "setupCommands": [
        {{ "text": "source ${{workspaceFolder}}/scripts/gdb/gdbinit" }},
        {{ "text": "source ${{workspaceFolder}}/scripts/gdb/ringlab.py" }}
      ],
      "customLaunchSetupCommands": [
        {{ "text": "file ${{workspaceFolder}}/build/variants/lab{n}/kernel.elf" }},
        {{ "text": "source ${{workspaceFolder}}/build/gdb-connect.gdb" }}
      ],
      "launchCompleteCommand": "None"
    }}
  ]
}}
"""

KERNEL_LISTS_HEADER = """\
# kernel/CMakeLists.txt — which source files make up the kernel.
#
# This is lab {n}'s tree: the foundation and {labs}."""


def build_tree(src, n, keep_bugs=None):
    """{relative path: (text, mode)} of lab n's student tree."""
    files = [f for f in tree_files(src) if not instructor_only(f)]
    folders = lab_folders(src, files)
    if n not in folders.values():
        raise HandoutError(f"no lab {n} in {src} (labs: {sorted(v for v in folders.values() if v)})")
    files = [f for f in files if not (f.startswith("labs/") and f.split("/")[1] in folders
                                      and (folders[f.split("/")[1]] or 0) > n)]
    read = lambda f: open(os.path.join(src, f), encoding="utf-8", errors="surrogateescape").read()  # noqa
    contents = {f: read(f) for f in files}
    modes = {f: os.stat(os.path.join(src, f)).st_mode & 0o777 for f in files}

    # stages after n: the kernel's files, and what names them
    lists = handout_cmake.stage_lists(contents["kernel/CMakeLists.txt"])
    now = {x for k, v in lists.items() if not handout_cmake.later_stage(k, n) for x in v}
    later = {x for k, v in lists.items() if handout_cmake.later_stage(k, n) for x in v} - now
    gone = {"kernel/" + x for x in later}
    contents["kernel/CMakeLists.txt"] = handout_cmake.drop_later_stages(
        contents["kernel/CMakeLists.txt"], n, KERNEL_LISTS_HEADER.format(
            n=n, labs="lab 1's files" if n == 1 else f"the files of labs 1..{n}"))
    for f in list(contents):
        if (f.endswith("CMakeLists.txt") or f.endswith(".cmake")) and f != "kernel/CMakeLists.txt":
            contents[f], unused = handout_cmake.drop_statements_naming(
                contents[f], os.path.dirname(f), sorted(later), set(contents))
            gone |= unused
    contents["scripts/cmake/kernel.cmake"] = handout_cmake.without_stage_define(
        contents["scripts/cmake/kernel.cmake"])
    contents["Makefile"] = handout_cmake.without_instructor_block(contents["Makefile"])
    for f in gone:
        contents.pop(f, None)

    # the flags and the stage guards
    lab_bugs = set()
    for f, text in contents.items():
        if f.startswith("labs/") and f.endswith("/lab.toml") and folders.get(f.split("/")[1]) == n:
            lab_bugs = {b["name"] for b in tomllib.loads(text).get("bug", [])}
    code = [t for f, t in contents.items() if f.endswith(C_LIKE + NASM)]
    defined, undefined = symbols(code, n, lab_bugs, keep_bugs, option_flags(src))
    for f in list(contents):
        contents[f] = resolve(f, contents[f], defined, undefined)

    # headers only later stages include
    reach = reachable_headers(contents)
    for f in list(contents):
        if f.startswith("kernel/") and f.endswith(".h") and f not in reach:
            del contents[f]

    # the manifests
    names = bug_names(src)
    for f in list(contents):
        if f.startswith("tests/") and f.endswith(".toml") and f.count("/") == 1:
            contents[f] = handout_labs.rewrite(contents[f], None, n, names)
        elif f.startswith("labs/") and f.endswith("/lab.toml") and f.count("/") == 2:
            contents[f] = handout_labs.rewrite(contents[f], folders[f.split("/")[1]], n, names)
    for f in list(contents):
        if f.endswith(".md"):
            contents[f] = student_markdown(contents[f], os.path.dirname(f), set(contents))
    contents["handout.toml"] = HANDOUT_TOML.format(n=n)
    contents[".gdbinit"] = GDBINIT
    contents[".vscode/launch.json"] = LAUNCH_JSON.format(n=n)
    return {f: (t, modes.get(f, 0o644)) for f, t in contents.items()}


MD_ONLY = re.compile(r"^<!-- instructor-only -->\n.*?^<!-- /instructor-only -->\n", re.M | re.S)
MD_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")


def student_markdown(text, folder, kept):
    """A Markdown file for the student tree: the `<!-- instructor-only -->`
    regions left out, and links to files the tree does not have (a later
    lab's folder, an instructor document) turned into plain text."""
    text = MD_ONLY.sub("", text)

    def unlink(m):
        target = m.group(2)
        if re.match(r"[a-z]+:|#", target):
            return m.group(0)
        path = os.path.normpath(os.path.join(folder, target.split("#")[0]))
        return m.group(0) if path in kept or any(k.startswith(path + "/") for k in kept) \
            else m.group(1)
    return MD_LINK.sub(unlink, text)


# ------------------------------------------------------------------ checking

def forbidden_patterns(src):
    pats = [r"\bBUG_\d+_[A-Z0-9_]+", r"\bRINGLAB_LAB\b"]
    pats += [rf"\b{re.escape(f)}\b" for f in sorted(option_flags(src))]
    return re.compile("|".join(pats))


def check_tree(tree, n, src):
    """Problems with a student tree (an empty list when it is clean)."""
    pat = forbidden_patterns(src)
    problems = []
    for f, (text, _) in sorted(tree.items()):
        parts = f.split("/")
        if instructor_only(f):
            problems.append(f"{f}: an instructor-only file")
        if parts[0] == "labs" and len(parts) > 1 and re.match(r"\d+", parts[1]) \
                and int(re.match(r"\d+", parts[1]).group(0)) > n:
            problems.append(f"{f}: belongs to a later lab")
        for k, line in enumerate(text.splitlines(), 1):
            if pat.search(line):
                problems.append(f"{f}:{k}: {line.strip()}")
    return problems


def write_tree(tree, out):
    if os.path.exists(out) and os.listdir(out):
        raise HandoutError(f"{out} exists and is not empty")
    for f, (text, mode) in sorted(tree.items()):
        path = os.path.join(out, f)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", errors="surrogateescape") as fh:
            fh.write(text)
        os.chmod(path, mode)


def generate(src, n, out=None, keep_bugs=None):
    """Build, check and (if out is given) write lab n's tree. Returns it."""
    tree = build_tree(src, n, keep_bugs)
    problems = check_tree(tree, n, src)
    if problems:
        raise HandoutError("the student tree is not clean:\n  " + "\n  ".join(problems[:40]))
    if out:
        write_tree(tree, out)
    return tree


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--lab", required=True, type=int)
    p.add_argument("--out", required=True)
    p.add_argument("--src", default=paths.ROOT, help="the instructor tree (default: this one)")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--solution", action="store_true", help="lab N's bugs fixed")
    g.add_argument("--only-bug", help="every bug of lab N fixed but this one")
    a = p.parse_args()
    keep = set() if a.solution else ({a.only_bug} if a.only_bug else None)
    try:
        tree = generate(os.path.abspath(a.src), a.lab, os.path.abspath(a.out), keep)
    except (HandoutError, ValueError) as e:
        sys.exit(f"handout: {e}")
    what = "solved" if a.solution else (f"only {a.only_bug} left" if a.only_bug else "student")
    print(f"handout: lab {a.lab} ({what}): {len(tree)} files in {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

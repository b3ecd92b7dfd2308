"""manifest.py — the test manifests and the bug catalogue, read once.

Sources:
  tests/*.toml        foundation tests ([[test]] tables)
  labs/*/lab.toml     one lab: [lab], its [[bug]]s and its graded [[test]]s

    ringlab manifest cmake --root R --out F   write the CMake that defines the
                                              variants, bug flags and ctest tests
    ringlab manifest bugs  --root R           one line per bug (`make bugs`)
    ringlab manifest variant LAB BUGS         print the variant name for make

In a student tree (written by `make handout`, see handout.toml) lab N's bugs
are plain code: a bug of lab N is "in the tree", has no flag, and naming it
in BUGS= builds the plain kernel; the tree has stage N (the default) and
"full" (the same code), no other.
"""
import argparse
import glob
import os
import re
import sys
import tomllib

from . import paths, variant_sources

# Stage 5 (SMP) exists where its lab does: not in the student trees of
# labs 1-4, which leave later labs' folders out.
STAGES = ["1", "2", "3", "4"] + \
    (["5"] if os.path.isdir(os.path.join(paths.ROOT, "labs", "05-smp")) else []) + ["full"]
STATUSES = ("success", "fatal", "failure", "triple-fault", "timeout")


class ManifestError(Exception):
    pass


def stage_level(stage):
    return 6 if stage == "full" else int(stage)


def variant_name(stage, bugs):
    base = "full" if stage == "full" else f"lab{stage}"
    return "-".join([base] + sorted(bugs))


def bug_flag(lab, name):
    return f"BUG_{lab}_" + name.upper().replace("-", "_")


def handout_lab(root):
    """The lab whose student tree this is (handout.toml), or None."""
    path = os.path.join(root, "handout.toml")
    if not os.path.exists(path):
        return None
    with open(path, "rb") as f:
        return int(tomllib.load(f)["lab"])


def tree_stages(root):
    """The stages this tree can build."""
    n = handout_lab(root)
    return STAGES if n is None else [str(n), "full"]


def plain_bugs(names, known):
    """The names that change the build: not the bugs already in the code."""
    return [b for b in names if not (isinstance(known.get(b), dict) and known[b].get("in_tree"))]


def refuse_in_tree_bugs(names, known, student_lab):
    """In a student tree, lab N's bugs are the code itself: BUGS=<one of
    them> would build the very same kernel, so it is refused, not ignored."""
    inside = [b for b in names if isinstance(known.get(b), dict) and known[b].get("in_tree")]
    if inside:
        sys.exit(f"BUGS={','.join(inside)}: in this student tree lab {student_lab}'s bugs are in "
                 "the code itself, so BUGS= would change nothing; run without it (to bring "
                 "back a bug you fixed: `git stash`, run, `git stash pop`)")


def load_labs(root):
    """Returns (labs, bugs): labs by number, bugs by name."""
    labs, bugs = {}, {}
    student_lab = handout_lab(root)
    for path in sorted(glob.glob(os.path.join(root, "labs", "*", "lab.toml"))):
        with open(path, "rb") as f:
            data = tomllib.load(f)
        lab = data["lab"]
        lab["dir"] = os.path.dirname(path)
        lab["tests"] = data.get("test", [])
        lab["bugs"] = data.get("bug", [])
        lab["options"] = data.get("option", [])
        labs[int(lab["number"])] = lab
        for b in lab["bugs"]:
            b["lab"] = int(lab["number"])
            b["in_tree"] = b["lab"] == student_lab
            b["flag"] = None if b["in_tree"] else bug_flag(b["lab"], b["name"])
            bugs[b["name"]] = b
        # [[option]]: a build variant that is not a bug (e.g. a design the lab
        # compares against); built like one, never listed or graded as one.
        for o in lab["options"]:
            o["lab"] = int(lab["number"])
            o["option"] = True
            o.setdefault("class", "option")
            bugs[o["name"]] = o
    return labs, bugs


def normalise_test(t, where, bugs, default_stage="full"):
    t = dict(t)
    t.setdefault("stage", default_stage)
    t["stage"] = str(t["stage"])
    t.setdefault("bugs", [])
    if isinstance(t["bugs"], str):
        t["bugs"] = [b for b in t["bugs"].split(",") if b]
    t.setdefault("cmdline", "")
    t.setdefault("icount", False)
    t.setdefault("qemu", [])
    t.setdefault("expect", [])
    t.setdefault("forbid", [])
    t.setdefault("status", "success")
    t.setdefault("timeout", 30)
    t.setdefault("kind", "boot")
    t["where"] = where
    if t["stage"] not in STAGES:
        raise ManifestError(f"{where}: test {t.get('name')}: stage {t['stage']!r}")
    for b in t["bugs"]:
        if b not in bugs:
            raise ManifestError(f"{where}: test {t['name']}: unknown bug {b!r}")
    st = t["status"]
    if st not in STATUSES and not re.fullmatch(r"exit:\d+", st):
        raise ManifestError(f"{where}: test {t['name']}: status {st!r}")
    t["variant"] = variant_name(t["stage"], plain_bugs(t["bugs"], bugs))
    return t


def has_kit(root):
    """An instructor's tree: it has the lab kit (scripts/ringlab/staff/kit.py),
    which a student tree (make handout) does not."""
    return os.path.exists(os.path.join(root, "scripts", "ringlab", "staff", "kit.py"))


def run_by_kit(t, bugs):
    """Does kit.labN run this test itself, on lab N's student tree? Its
    trusted grading of the reference solution runs every graded test (one
    with `points`), and its "bug" step every boot test of one of lab N's
    own bugs in stage N (the symptom, on the tree with only that bug left;
    not an [[option]]'s tests: options are not bugs, the kit skips them).
    `make test` leaves these out here (label in-kit): they would boot the
    instructor's variant of the same sources a second time."""
    if "points" in t:
        return True
    b = bugs.get(t["bugs"][0], {}) if len(t["bugs"]) == 1 else {}
    return (bool(b) and not b.get("option") and str(b["lab"]) == t["stage"]
            and t.get("kind", "boot") == "boot")


def generated_lab_tests(root, labs, bugs):
    """For every lab: its grade on the fixed tree (full score), its grade
    with each bug (below full), and the handout's quotes (if it has any)."""
    out = []
    kit = has_kit(root)
    for n, lab in sorted(labs.items()):
        if not any("points" in t for t in lab["tests"]):
            continue
        # (a guard: the graded tests' own timeouts, two at a time as grade.py
        # runs them on two cores, and at least 120 s: lab 5's boots of four
        # CPUs under -icount take minutes on a loaded machine)
        guard = max(120, sum(t.get("timeout", 30) for t in lab["tests"] if "points" in t) // 2)
        common = {"kind": "command", "stage": str(n), "timeout": guard, "where": "labs/generated"}
        # (where the kit runs, its trusted grading of the reference solution
        # is this grade, in the student tree; here it would only boot again
        # every labN.* test ctest runs by name)
        if not kit:
            out.append(dict(common, name=f"grade.lab{n}", status="success",
                            command=["python3", "-m", "ringlab", "grade", "--lab", str(n),
                                     "--no-build", "--build", "${RINGLAB_BUILD}",
                                     "--out", f"${{RINGLAB_BUILD}}/grade-test/lab{n}"],
                            expect=[r"^Score: (\d+)/\1$"]))
        for b in lab["bugs"]:
            if b["in_tree"]:
                continue
            # (the bug alone costs points: graded until the first failure)
            out.append(dict(common, name=f"grade.lab{n}.{b['name']}", status="exit:1", bugs=[b["name"]],
                            command=["python3", "-m", "ringlab", "grade", "--lab", str(n), "--no-build",
                                     "--bugs", b["name"], "--build", "${RINGLAB_BUILD}",
                                     "--first-failure"],
                            expect=[r"(FAIL|TIMEOUT)$", r"^Score: below full \(\S+ failed; "]))
        # the lab kit: its student tree builds, fails, rejects the wrong
        # fixes, passes with the reference fix, and holds its handout to its
        # word in each state (student.py) — not in a student tree
        if kit:
            # (cost: ctest -j starts the longest tests first, so that the
            # four kits, about a quarter of the suite each on one core, do
            # not end up running alone at its end)
            out.append(dict(common, name=f"kit.lab{n}", status="success", timeout=900, cost=100,
                            command=["python3", "-m", "ringlab", "kit", "--lab", str(n),
                                     "--build", "${RINGLAB_BUILD}"],
                            expect=[rf"^kit lab {n}: \d+ passed, 0 failed$"]))
    return [normalise_test(t, t["where"], bugs, str(t["stage"])) for t in out]


def load_tests(root):
    labs, bugs = load_labs(root)
    tests = []
    for path in sorted(glob.glob(os.path.join(root, "tests", "*.toml"))):
        with open(path, "rb") as f:
            for t in tomllib.load(f).get("test", []):
                tests.append(normalise_test(t, os.path.relpath(path, root), bugs))
    for n, lab in sorted(labs.items()):
        where = os.path.relpath(os.path.join(lab["dir"], "lab.toml"), root)
        for t in lab["tests"]:
            tests.append(normalise_test(t, where, bugs, default_stage=str(n)))
    tests += generated_lab_tests(root, labs, bugs)
    names = [t["name"] for t in tests]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise ManifestError(f"duplicate test names: {sorted(dup)}")
    return tests, labs, bugs


def all_variants(bugs, stages=STAGES):
    """Every stage, and every bug in every stage from its own lab on."""
    out = {variant_name(s, []): (s, []) for s in stages}
    for name, b in bugs.items():
        if b.get("in_tree"):
            continue
        for s in stages:
            if stage_level(s) >= b["lab"]:
                out[variant_name(s, [name])] = (s, [name])
    return out


def built_variants(root):
    """(tests, bugs, {variant: (stage, bugs)}): every variant the build
    defines, those of all_variants and those the tests name."""
    tests, _, bugs = load_tests(root)
    variants = all_variants(bugs, tree_stages(root))
    for t in tests:
        variants.setdefault(t["variant"], (t["stage"], t["bugs"]))
    return tests, bugs, variants


def write_cmake(root, out):
    tests, bugs, variants = built_variants(root)
    lines = ["# GENERATED by scripts/ringlab/manifest.py from the test manifests.", ""]
    for name, b in sorted(bugs.items()):
        if b["flag"]:
            lines.append(f"set(RINGLAB_BUG_FLAG_{name} {b['flag']})")
    # each variant's own files: the rest comes from its stage's objects
    owned = own_files(root, variants, bugs)
    write_if_changed(own_list_path(out), own_list_text(owned))
    for v, (stage, vb) in sorted(variants.items()):
        lines.append(f'ringlab_kernel({v} {stage} "{";".join(vb)}" "{";".join(owned[v])}")')
    # what the tests use, and what `make run LAB=N [BUGS=<a bug of lab N>]`
    # and the demo ISO boot: every stage, every bug in its own lab's stage
    own = {variant_name(str(b["lab"]), [n]) for n, b in bugs.items()
           if not b.get("option") and not b.get("in_tree")}
    stages = {variant_name(s, []) for s in tree_stages(root)}
    needed = sorted({t["variant"] for t in tests} | stages | own)
    lines.append("add_custom_target(test-deps ALL DEPENDS "
                 + " ".join(f"iso-{v}" for v in needed) + ")")
    kit = has_kit(root)
    for t in tests:         # RINGLAB_TOOL: `python3 -m ringlab` (CMakeLists.txt)
        lines.append(f'add_test(NAME {t["name"]} COMMAND ${{RINGLAB_TOOL}} runtest '
                     f'--build ${{CMAKE_BINARY_DIR}} {t["name"]})')
        labels = t.get("labels", []) + [t["where"].split("/")[0], t.get("kind", "boot")]
        labels += ["in-kit"] if kit and run_by_kit(t, bugs) else []
        cost = f' COST {t["cost"]}' if "cost" in t else ""
        # ctest's own timeout is the last guard only: the test's timeout is
        # applied inside (check.py), stretched by the machine's load (guard.py)
        lines.append(f'set_tests_properties({t["name"]} PROPERTIES '
                     f'TIMEOUT {int(t["timeout"]) * 10 + 60}{cost} LABELS "{";".join(labels)}")')
    write_if_changed(out, "\n".join(lines) + "\n")


def write_if_changed(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if not os.path.exists(path) or open(path).read() != text:
        open(path, "w").write(text)


def own_files(root, variants, bugs):
    """{variant: the kernel files it compiles itself} (variant_sources.py)."""
    sources = variant_sources.Sources(root)
    out = {}
    for v, (stage, vb) in variants.items():
        flags = [bugs[b]["flag"] for b in vb if bugs[b].get("flag")]
        out[v] = variant_sources.own_files(root, flags, sources) if vb else []
    return out


def own_list_path(cmake_out):
    return os.path.join(os.path.dirname(cmake_out), "own-files.txt")


def own_list_text(owned):
    return "".join(f"{v}: {' '.join(f)}\n" for v, f in sorted(owned.items()))


def check_own_files(root, cmake_out):
    """At build time (CMakeLists.txt, when a kernel file changed): do the
    variants' own files still match what the build was configured with? An
    edit can make a bug flag reach another file (a new #include); the build
    then stops once, the list rewritten, and the next build reconfigures."""
    _, bugs, variants = built_variants(root)
    path = own_list_path(cmake_out)
    text = own_list_text(own_files(root, variants, bugs))
    if os.path.exists(path) and open(path).read() == text:
        return 0
    write_if_changed(path, text)
    print("manifest: an edit changed which kernel files a bug flag reaches; "
          "the build is reconfigured: run the same command again", file=sys.stderr)
    return 1


def print_bugs(root):
    _, labs, bugs = load_tests(root)
    # in each lab, in lab.toml's order: the order in which the bugs show
    for name, b in sorted(bugs.items(), key=lambda kv: kv[1]["lab"]):
        if not b.get("option"):
            print(f"{b['lab']} {name} {b['class']}  {b['symptom']}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("cmd", choices=["cmake", "own-check", "bugs", "variant"])
    p.add_argument("args", nargs="*")
    p.add_argument("--root", default=paths.ROOT)
    p.add_argument("--out")
    a = p.parse_args()
    try:
        if a.cmd == "cmake":
            write_cmake(a.root, a.out)
        elif a.cmd == "own-check":
            sys.exit(check_own_files(a.root, a.out))
        elif a.cmd == "bugs":
            print_bugs(a.root)
        else:
            lab, bugs = (a.args + ["", ""])[:2]
            bug_list = [b for b in bugs.replace(",", " ").split() if b]
            _, _, known = load_tests(a.root)
            for b in bug_list:
                if b not in known:
                    sys.exit(f"unknown bug '{b}': `make bugs` lists them")
            student_lab = handout_lab(a.root)
            refuse_in_tree_bugs(bug_list, known, student_lab)
            if not lab:
                lab = str(student_lab or max([known[b]["lab"] for b in bug_list], default=0)
                          or "full")
            if lab not in tree_stages(a.root):
                if student_lab:
                    sys.exit(f"this is lab {student_lab}'s tree: LAB={student_lab} (or full), not '{lab}'")
                sys.exit(f"LAB must be one of {', '.join(STAGES)}, not '{lab}'")
            for b in bug_list:
                if stage_level(lab) < known[b]["lab"]:
                    sys.exit(f"bug '{b}' belongs to lab {known[b]['lab']}: "
                             f"it does not exist in stage {lab}")
            print(variant_name(lab, plain_bugs(bug_list, known)))
    except ManifestError as e:
        sys.exit(f"manifest error: {e}")


if __name__ == "__main__":
    main()

"""grade.py — `make grade LAB=N [BUGS=name] [TRUSTED=dir]`: lab N's graded tests.

Runs every [[test]] of labs/NN-*/lab.toml that has `points`, against this
tree built as stage N (with BUGS injected, if given). Prints one line per
test, the subtotal of each part (a test's optional `part = "..."`), and
`Score: X/Y` last; exits 0 only on a full score. Writes
build/grade/results.json (Gradescope's autograder format: one entry per
test, numbered by part) and build/grade/junit.xml.

--trusted PRISTINE grades --submission (default: this tree) in a copy of
PRISTINE that takes only the lab's fix files from the submission
(trusted.py), which prints which files it took and which it did not, and
passes those lines back as --note for results.json's output.
"""
import argparse
import concurrent.futures
import json
import os
import sys
import time

from . import check, cmake, manifest, paths


# JUnit XML's escaping, as xml.sax.saxutils does it (importing that module
# pulls in urllib and http: a fifth of this tool's start-up).
def xml_text(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text):
    text = xml_text(text).replace('"', "&quot;")
    return '"' + text.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;") + '"'


def graded_tests(lab, bugs):
    tests = []
    for t in lab["tests"]:
        if "points" not in t:
            continue
        t = manifest.normalise_test(dict(t, bugs=bugs), "grade", {b: 1 for b in bugs},
                                    default_stage=str(lab["number"]))
        t["stage"] = str(lab["number"])
        t["variant"] = manifest.variant_name(t["stage"], bugs)
        tests.append(t)
    return tests


def parts(rows):
    """[(part, points, possible)] in the order the parts first appear."""
    out = {}
    for t, v in rows:
        name = t.get("part", "")
        got, possible = out.get(name, (0, 0))
        out[name] = (got + (t["points"] if v.ok else 0), possible + t["points"])
    return [(name, got, possible) for name, (got, possible) in out.items()]


def write_reports(outdir, lab, rows, total, possible, seconds, notes=()):
    os.makedirs(outdir, exist_ok=True)
    part_list = parts(rows)
    summary = f"Lab {lab['number']} ({lab['name']}): {total}/{possible}"
    if any(name for name, _, _ in part_list):
        summary += "".join(f"\n  {name or '(other)'}: {got}/{most}" for name, got, most in part_list)
    summary += "".join(f"\n{n}" for n in notes)
    numbers = [name for name, _, _ in part_list]
    entries = []
    for k, (t, v) in enumerate(rows, 1):
        e = {"name": t["name"], "score": v.ok and t["points"] or 0, "max_score": t["points"],
             "status": "passed" if v.ok else "failed",
             "output": ("" if v.ok else v.kind + ":\n" + "\n".join(v.reasons))}
        if t.get("part"):
            e["number"] = f"{numbers.index(t['part']) + 1}.{k}"
            e["tags"] = [t["part"]]
        entries.append(e)
    results = {"score": total, "max_score": possible, "execution_time": round(seconds, 2),
               "output": summary, "tests": entries}
    with open(os.path.join(outdir, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    fails = sum(1 for _, v in rows if not v.ok)
    lines = [f'<?xml version="1.0" encoding="UTF-8"?>',
             f'<testsuite name={quoteattr("lab" + str(lab["number"]))} tests="{len(rows)}" '
             f'failures="{fails}" time="{seconds:.2f}">']
    for t, v in rows:
        cls = f'lab{lab["number"]}' + (f'.{t["part"]}' if t.get("part") else "")
        lines.append(f'  <testcase classname={quoteattr(cls)} '
                     f'name={quoteattr(t["name"])} time="{v.seconds:.2f}">')
        if not v.ok:
            lines.append(f'    <failure type={quoteattr(v.kind)} message={quoteattr("; ".join(v.reasons))}>'
                         f'{xml_text(v.log[-4000:])}</failure>')
        lines.append("  </testcase>")
    lines.append("</testsuite>")
    with open(os.path.join(outdir, "junit.xml"), "w") as f:
        f.write("\n".join(lines) + "\n")


def first_failure(build, lab, bugs, tests, jobs):
    """The graded tests in order, `jobs` at a time, until one fails: what
    ctest's grade.labN.<bug> needs to know (the bug costs points), in a
    fraction of the boots when the first tests already fail. No report is
    written: a partial score is nobody's grade."""
    print(f"Grading lab {lab['number']} ({lab['name']}) with BUGS={','.join(bugs)}, "
          "until the first failure")
    failed, todo, running = None, list(tests), {}
    with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
        while running or (todo and not failed):
            while todo and not failed and len(running) < jobs:
                t = todo.pop(0)
                running[ex.submit(check.run, build, t)] = t
            done, _ = concurrent.futures.wait(running, return_when="FIRST_COMPLETED")
            for f in done:
                t, v = running.pop(f), f.result()
                label = "PASS" if v.ok else ("TIMEOUT" if v.kind == "timeout" else "FAIL")
                print(f"{t['name']:<40} {t['points'] if v.ok else 0:>3}/{t['points']:<3} {label}")
                for r in v.reasons:
                    print(f"    {r}")
                failed = failed or (None if v.ok else t["name"])
    ran = len(tests) - len(todo)
    if not failed:
        print(f"Score: {sum(t['points'] for t in tests)}/{sum(t['points'] for t in tests)}")
        return 0
    print(f"Score: below full ({failed} failed; {ran} of {len(tests)} graded tests run)")
    return 1


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--lab", required=True)
    p.add_argument("--bugs", default="")
    p.add_argument("--build", default=os.path.join(paths.ROOT, "build"))
    p.add_argument("--out", default=None, help="where results.json and junit.xml go")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    p.add_argument("--no-build", action="store_true")
    p.add_argument("--only", default="", help="only these graded tests (comma-separated)")
    p.add_argument("--trusted", metavar="PRISTINE",
                   help="grade with PRISTINE's tests and grader (a pristine student tree)")
    p.add_argument("--submission", default=paths.ROOT, help="with --trusted: the tree to grade")
    p.add_argument("--work", help="with --trusted: where to build (default: a temporary folder)")
    p.add_argument("--keep", action="store_true", help="with --trusted: keep the graded tree")
    p.add_argument("--reuse", action="store_true",
                   help="with --trusted and --work: keep the graded tree and its build for the "
                        "next grading, which then rebuilds only what changed (the kit)")
    p.add_argument("--first-failure", action="store_true",
                   help="stop at the first graded test that fails (staff's check that a bug "
                        "is caught: the score is then only known to be below full)")
    p.add_argument("--note", action="append", default=[],
                   help="a line for the report (trusted.py: which files were taken)")
    a = p.parse_args()
    if a.trusted:
        from . import trusted
        if a.bugs:
            sys.exit("grade: --trusted grades the submission as it is (no BUGS=)")
        out = a.out or os.path.join(os.path.abspath(a.submission), "build", "grade")
        return trusted.grade(a.lab, a.trusted, a.submission, out, a.work, a.keep, a.jobs,
                             a.only, reuse=a.reuse and bool(a.work))
    build = os.path.abspath(a.build)
    _, labs, known = manifest.load_tests(paths.ROOT)
    if not a.lab.isdigit() or int(a.lab) not in labs:
        sys.exit(f"grade: no lab {a.lab!r}; labs: {sorted(labs)}")
    lab = labs[int(a.lab)]
    bugs = [b for b in a.bugs.replace(",", " ").split() if b]
    for b in bugs:
        if b not in known:
            sys.exit(f"grade: unknown bug {b!r} (`make bugs` lists them)")
    manifest.refuse_in_tree_bugs(bugs, known, manifest.handout_lab(paths.ROOT))
    tests = graded_tests(lab, bugs)
    if a.only:
        wanted = set(a.only.split(","))
        if wanted - {t["name"] for t in tests}:
            sys.exit(f"grade: lab {lab['number']} has no graded test {sorted(wanted - {t['name'] for t in tests})}")
        tests = [t for t in tests if t["name"] in wanted]
    start = time.monotonic()
    if not a.no_build:
        cmake.ensure(build, [f"iso-{manifest.variant_name(str(lab['number']), bugs)}"],
                     who="grade")
    if a.first_failure:
        return first_failure(build, lab, bugs, tests, a.jobs)
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
        verdicts = list(ex.map(lambda t: check.run(build, t), tests))
    rows = list(zip(tests, verdicts))
    total = possible = 0
    print(f"Grading lab {lab['number']} ({lab['name']})" + (f" with BUGS={','.join(bugs)}" if bugs else ""))
    for t, v in rows:
        pts = t["points"] if v.ok else 0
        total += pts
        possible += t["points"]
        label = "PASS" if v.ok else ("TIMEOUT" if v.kind == "timeout" else "FAIL")
        print(f"{t['name']:<40} {pts:>3}/{t['points']:<3} {label}")
        for r in v.reasons:
            print(f"    {r}")
    part_list = parts(rows)
    if any(name for name, _, _ in part_list):
        for name, got, most in part_list:
            print(f"{'part: ' + (name or '(other)'):<40} {got:>3}/{most:<3}")
    seconds = time.monotonic() - start
    write_reports(a.out or os.path.join(build, "grade"), lab, rows, total, possible, seconds,
                  a.note)
    print(f"Score: {total}/{possible}")
    return 0 if total == possible else 1


if __name__ == "__main__":
    sys.exit(main())

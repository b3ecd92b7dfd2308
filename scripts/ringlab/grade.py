#!/usr/bin/env python3
"""grade.py — `make grade LAB=N [BUGS=name]`: lab N's graded tests.

Runs every [[test]] of labs/NN-*/lab.toml that has `points`, against this
tree built as stage N (with BUGS injected, if given). Prints one line per
test and `Score: X/Y` last; exits 0 only on a full score. Writes
build/grade/results.json (Gradescope's autograder format) and
build/grade/junit.xml.
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import time
from xml.sax.saxutils import escape, quoteattr

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from ringlab import check, manifest, paths      # noqa: E402


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


def build_variant(build, variant):
    r = subprocess.run(["cmake", "--build", build, "--target", f"iso-{variant}"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        print(r.stdout)
        sys.exit(f"grade: the kernel does not build (target iso-{variant})")


def write_reports(outdir, lab, rows, total, possible, seconds):
    os.makedirs(outdir, exist_ok=True)
    results = {
        "score": total, "max_score": possible, "execution_time": round(seconds, 2),
        "output": f"Lab {lab['number']} ({lab['name']}): {total}/{possible}",
        "tests": [{
            "name": t["name"], "score": v.ok and t["points"] or 0, "max_score": t["points"],
            "status": "passed" if v.ok else "failed",
            "output": ("" if v.ok else v.kind + ":\n" + "\n".join(v.reasons))} for t, v in rows],
    }
    with open(os.path.join(outdir, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    fails = sum(1 for _, v in rows if not v.ok)
    lines = [f'<?xml version="1.0" encoding="UTF-8"?>',
             f'<testsuite name={quoteattr("lab" + str(lab["number"]))} tests="{len(rows)}" '
             f'failures="{fails}" time="{seconds:.2f}">']
    for t, v in rows:
        lines.append(f'  <testcase classname={quoteattr("lab" + str(lab["number"]))} '
                     f'name={quoteattr(t["name"])} time="{v.seconds:.2f}">')
        if not v.ok:
            lines.append(f'    <failure type={quoteattr(v.kind)} message={quoteattr("; ".join(v.reasons))}>'
                         f'{escape(v.log[-4000:])}</failure>')
        lines.append("  </testcase>")
    lines.append("</testsuite>")
    with open(os.path.join(outdir, "junit.xml"), "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--lab", required=True)
    p.add_argument("--bugs", default="")
    p.add_argument("--build", default=os.path.join(paths.ROOT, "build"))
    p.add_argument("--out", default=None, help="where results.json and junit.xml go")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    p.add_argument("--no-build", action="store_true")
    a = p.parse_args()
    build = os.path.abspath(a.build)
    _, labs, known = manifest.load_tests(paths.ROOT)
    if not a.lab.isdigit() or int(a.lab) not in labs:
        sys.exit(f"grade: no lab {a.lab!r}; labs: {sorted(labs)}")
    lab = labs[int(a.lab)]
    bugs = [b for b in a.bugs.replace(",", " ").split() if b]
    for b in bugs:
        if b not in known:
            sys.exit(f"grade: unknown bug {b!r} (`make bugs` lists them)")
    tests = graded_tests(lab, bugs)
    start = time.monotonic()
    if not a.no_build:
        build_variant(build, manifest.variant_name(str(lab["number"]), bugs))
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
    seconds = time.monotonic() - start
    write_reports(a.out or os.path.join(build, "grade"), lab, rows, total, possible, seconds)
    print(f"Score: {total}/{possible}")
    return 0 if total == possible else 1


if __name__ == "__main__":
    sys.exit(main())

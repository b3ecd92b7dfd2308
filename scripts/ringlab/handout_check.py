#!/usr/bin/env python3
"""handout_check.py — prove a lab handout quotes what the code really prints.

    handout_check.py labs/01-paging [--build build]
    handout_check.py docs/debugging.md          (any Markdown file: stage full)

Checks every fenced block in the handout's README.md whose info string names
a source:

    ```text walkthrough=<bug>     the transcript of `make walkthrough BUGS=<bug>`
    ```text boot=<variant-spec>   the serial console of a boot, e.g.
                                  boot=paging-kernel-half or boot=fixed,
                                  with optional cmdline="..." after it
    ```text command="..."         what a shell command prints, run in the
                                  source tree (e.g. readelf of a program)

Each non-empty line of the block must appear, in order, as a line of the
real output (compared with surrounding blanks removed). A line `...` skips
any number of lines; inside a line, `…` stands for any text (use it only for
values that change with every edit of the code, such as addresses in docs/). In walkthrough blocks a line `(gdb) cmd` must match the
echoed command `+cmd`. Exits 1 and names the first line that differs.
"""
import argparse
import os
import re
import shlex
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from ringlab import check, manifest, paths, walkthrough      # noqa: E402

FENCE = re.compile(r"^```text\s+(walkthrough|boot|command)=(\"[^\"]*\"|\S+)(.*)$")


def blocks(readme):
    """Yield (kind, name, options, lines, line_no) for each checked block."""
    lines = open(readme).read().splitlines()
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m:
            start = i + 1
            j = start
            while j < len(lines) and lines[j].strip() != "```":
                j += 1
            opts = dict(kv.split("=", 1) for kv in shlex.split(m.group(3)) if "=" in kv)
            yield m.group(1), m.group(2), opts, lines[start:j], start + 1
            i = j
        i += 1


def compare(quoted, real, first_line):
    """None if every quoted line appears in order in `real`, else a message."""
    real_lines = [l.strip() for l in real.splitlines()]
    pos = 0
    for k, q in enumerate(quoted):
        q = q.strip()
        if not q or q == "...":
            continue
        want = "+" + q[6:].strip() if q.startswith("(gdb) ") else q
        pattern = re.compile(".*?".join(re.escape(p) for p in want.split("…")) + "$")
        for i in range(pos, len(real_lines)):
            if pattern.match(real_lines[i]):
                pos = i + 1
                break
        else:
            return f"line {first_line + k}: {q!r} is not in the real output (after line {pos})"
    return None


def boot_output(build, lab, name, opts):
    bugs = [] if name == "fixed" else [name]
    stage = opts.get("stage", str(lab["number"]) if lab else "full")
    t = manifest.normalise_test({"name": f"handout-{stage}-{name}",
                                 "bugs": bugs, "cmdline": opts.get("cmdline", ""),
                                 "icount": opts.get("icount") == "true",
                                 "status": "success", "timeout": 60},
                                "handout", {b: 1 for b in bugs}, stage)
    return check.run_boot(build, t).result.output


def command_output(command):
    import subprocess
    r = subprocess.run(command, shell=True, cwd=paths.ROOT, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    return r.stdout


def resolve(target):
    """(lab or None, README path, the bug catalogue) for a lab folder or a
    Markdown file."""
    target = os.path.abspath(target)
    _, labs, bugs = manifest.load_tests(paths.ROOT)
    if target.endswith(".md"):
        return None, target, bugs
    lab = next(l for l in labs.values() if os.path.abspath(l["dir"]) == target)
    return lab, os.path.join(target, "README.md"), bugs


def real_output(build, lab, bugs, kind, name, opts, cache):
    """What a quoted block is compared with: its walkthrough transcript, its
    command's output or its boot's serial console (each computed once)."""
    key = (kind, name, tuple(sorted(opts.items())))
    if key not in cache:
        if kind == "walkthrough":
            cache[key] = walkthrough.run(build, lab, bugs[name])[1]
        elif kind == "command":
            cache[key] = command_output(name.strip('"'))
        else:
            cache[key] = boot_output(build, lab, name, opts)
    return cache[key]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("labdir", help="a lab folder, or a Markdown file")
    p.add_argument("--build", default=os.environ.get("RINGLAB_BUILD",
                                                       os.path.join(paths.ROOT, "build")))
    a = p.parse_args()
    build = os.path.abspath(a.build)
    lab, readme, bugs = resolve(a.labdir)
    cache, failures, count = {}, 0, 0
    for kind, name, opts, quoted, line_no in blocks(readme):
        real = real_output(build, lab, bugs, kind, name, opts, cache)
        count += 1
        err = compare(quoted, real, line_no)
        if err:
            failures += 1
            print(f"{os.path.relpath(readme, paths.ROOT)}: {kind}={name}: {err}")
            print("--- real output ---\n" + real + "\n-------------------")
    print(f"handout: {count - failures} passed, {failures} failed ({count} quoted blocks)")
    return 1 if failures or not count else 0


if __name__ == "__main__":
    sys.exit(main())

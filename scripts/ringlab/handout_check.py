"""handout_check.py — prove a handout says what the code really does.

    ringlab handout-check labs/02-syscall-entry [--state handed|first-fixed|solved]
    ringlab handout-check docs/debugging.md          (any Markdown file)

A lab handout is checked in the student tree, in the state the handout puts
the student in (docs/handout-format.md explains it all): run inside the
tree that `make handout` wrote, with the tree in state S, this runs every
block of state S exactly as a student would:

    ```text run state=S           each `$ command` line is run as typed; the
                                  lines after it are what it must print
    ```text gdb=NAME state=S      a gdb session typed into `make gdb` beside
                                  `make qemu-gdb` (the first block of the
                                  session starts with those two commands;
                                  or with `make replay-gdb`, replaying what
                                  a `make record` run block recorded);
                                  `(gdb) cmd` lines are typed
    ```text serial=NAME state=S   what session NAME's QEMU printed

and, once (state handed), the checks that need no run: every gdb session
has the same commands as its walkthrough file, every hex number of five
digits or more in the prose is in some checked block, every `make` command
a `sh` block shows is run by some checked block, every link resolves.

Other Markdown files (docs/) may also use the older kinds, checked against
this tree's builds: `boot=<bug|fixed> cmdline="..."` (a boot's console),
`walkthrough=<bug>` (`make walkthrough`'s transcript), `command="..."`.

Matching: each non-empty quoted line must appear, in order, as a line of
the real output (blanks around it ignored); `...` skips lines; `…` inside
a line stands for any text. Exits 1 and names each block that differs.
"""
import argparse
import os
import re
import shlex
import subprocess
import sys

from . import check, gdbtype, manifest, paths, walkthrough
from .guard import stretched

STATES = ("handed", "first-fixed", "solved")
FENCE = re.compile(r"^```text\s+(\S.*)$")
LEGACY = ("walkthrough", "boot", "command")
PROSE_HEX = re.compile(r"\b0x[0-9a-fA-F]{5,}\b")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
NOT_FOR_STUDENTS = re.compile(r"DESIGN\.md|instructor[- ]notes|instructor-guide", re.I)


# ------------------------------------------------------------------ reading

class Block:
    def __init__(self, kind, name, opts, lines, line_no):
        self.kind, self.name, self.opts = kind, name, opts
        self.lines, self.line_no = lines, line_no
        self.state = opts.get("state", "handed")

    def commands(self):
        """[(command, expected lines)] of a run block."""
        out = []
        for line in self.lines:
            if line.startswith("$ "):
                out.append((line[2:].strip(), []))
            elif out:
                out[-1][1].append(unescape(line))
        return out


def unescape(line):
    """A quoted output line that itself starts with `$ ` (a shell's prompt)
    is written `\\$ …`, so that it is not taken for a command."""
    return line[1:] if line.startswith("\\$") else line


def parse_info(info):
    """(kind, name, options) of a fence's info string, or None."""
    words = shlex.split(info)
    if not words:
        return None
    kind, _, name = words[0].partition("=")
    if kind not in ("run", "gdb", "serial") + LEGACY:
        return None
    opts = dict(w.split("=", 1) for w in words[1:] if "=" in w)
    return kind, name, opts


def read_markdown(path):
    """(blocks, prose lines, sh-block lines) of a Markdown file."""
    lines = open(path).read().splitlines()
    blocks, prose, sh = [], [], []
    i = 0
    while i < len(lines):
        if lines[i].startswith("```"):
            j = i + 1
            while j < len(lines) and lines[j].strip() != "```":
                j += 1
            body = lines[i + 1:j]
            m = FENCE.match(lines[i])
            parsed = parse_info(m.group(1)) if m else None
            if parsed:
                blocks.append(Block(*parsed, body, i + 2))
            elif lines[i].strip() in ("```sh", "```bash", "```console"):
                sh += [(i + 2 + k, l) for k, l in enumerate(body)]
            i = j + 1
            continue
        prose.append((i + 1, lines[i]))
        i += 1
    return blocks, prose, sh


# ------------------------------------------------------------------ comparing

def compare(quoted, real, first_line, pos=0, gdb_echo=False):
    """(None, new position) if every quoted line appears in order in `real`
    from line `pos` on, else (a message, pos). gdb_echo: `(gdb) cmd` is the
    `+cmd` that batch gdb's trace-commands echoes (legacy walkthroughs)."""
    real_lines = [l.strip() for l in real.splitlines()]
    for k, q in enumerate(quoted):
        q = q.strip()
        if not q or q == "...":
            continue
        want = "+" + q[6:].strip() if gdb_echo and q.startswith("(gdb) ") else q
        pattern = re.compile(".*?".join(re.escape(p) for p in want.split("…")) + "$")
        for i in range(pos, len(real_lines)):
            if pattern.match(real_lines[i]):
                pos = i + 1
                break
        else:
            return f"line {first_line + k}: {q!r} is not in the real output (after line {pos})", pos
    return None, pos


NUMBER = re.compile(r"0x[0-9a-fA-F]+|\b[0-9a-f]{8,16}\b|\b\d+\b")


def shape(line):
    return NUMBER.sub("#", line.strip())


def refreshed(quoted, real, pos=0):
    """(new lines, lines that need a person): each quoted line that is not
    in `real` replaced by the real line of the same shape (equal once every
    number is masked) found after the previous match."""
    real_lines = [l.rstrip() for l in real.splitlines()]
    out, unresolved = list(quoted), []
    for k, q in enumerate(quoted):
        s = q.strip()
        if not s or s == "..." or s.startswith("$ "):
            continue
        pattern = re.compile(".*?".join(re.escape(p) for p in s.split("…")) + "$")
        hit = next((i for i in range(pos, len(real_lines)) if pattern.match(real_lines[i].strip())),
                   None)
        if hit is None and "…" not in s:
            hit = next((i for i in range(pos, len(real_lines))
                        if shape(real_lines[i]) == shape(s)), None)
            if hit is not None:
                out[k] = q[:len(q) - len(q.lstrip())] + real_lines[hit].strip()
        elif hit is None:               # `…` kept, the numbers around it renewed
            hit, new = renumbered(s, real_lines, pos)
            if hit is not None:
                out[k] = q[:len(q) - len(q.lstrip())] + new
        if hit is None:
            unresolved.append(q)
            continue
        pos = hit + 1
    return out, unresolved


def renumbered(quoted, real_lines, pos):
    """(index, quoted line with its numbers taken from that real line) for
    the first real line from pos that matches `quoted` with every number a
    wildcard (and `…` any text); (None, None) if none does."""
    pieces = re.split(f"({NUMBER.pattern})", quoted)     # text, number, text, ...
    regex = "".join(".*?".join(re.escape(t) for t in p.split("…")) if k % 2 == 0
                    else f"({NUMBER.pattern})" for k, p in enumerate(pieces))
    pattern = re.compile(regex + "$")
    for i in range(pos, len(real_lines)):
        m = pattern.match(real_lines[i].strip())
        if m:
            pieces[1::2] = m.groups()
            return i, "".join(pieces)
    return None, None


def clean_env():
    env = dict(os.environ)
    for k in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS"):
        env.pop(k, None)
    return env


def run_command(command, timeout=600):
    """What `command` prints, run as a student would in the tree's top folder."""
    try:
        r = subprocess.run(["bash", "-c", command], cwd=paths.ROOT, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           errors="replace", timeout=stretched(timeout), env=clean_env())
        return r.stdout
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else e.stdout or ""
        return out + f"\n(handout_check: `{command}` still running after {timeout} s)\n"


# ------------------------------------------------------------------ the checks

class Checker:
    def __init__(self, readme, lab, bugs, build, refresh=False):
        self.readme, self.lab, self.bugs, self.build = readme, lab, bugs, build
        self.refresh, self.replaced = refresh, {}
        self.blocks, self.prose, self.sh = read_markdown(readme)
        self.failures, self.count, self.cache = [], 0, {}
        self.where = os.path.relpath(readme, paths.ROOT)

    def fail(self, where, message, real=None):
        """where: a Block, a line number or None."""
        line = where.line_no if isinstance(where, Block) else (where or 1)
        head = f"{self.where}:{line}: "
        self.failures.append(head + message)
        print(head + message)
        if real is not None:
            print("--- real output ---\n" + real.rstrip() + "\n-------------------")

    # -- run blocks
    def check_run(self, b):
        if not b.commands():
            return self.fail(b, "a run block must start with a `$ command` line")
        for command, expected in b.commands():
            if command not in self.cache:
                self.cache[command] = run_command(command)
            real = self.cache[command]
            err, _ = compare(expected, real, b.line_no + 1)
            self.count += 1
            if err:
                self.fail(b, f"`{command}`: {err}", real)
                if self.refresh:
                    self.refresh_lines(b, real, lambda l, c=command: l.startswith("$ ") and
                                       l[2:].strip() == c)

    # -- gdb sessions
    def sessions(self, state):
        out = {}
        for b in self.blocks:
            if b.kind == "gdb" and b.state == state:
                out.setdefault(b.name, []).append(b)
        return out

    @staticmethod
    def session_commands(blocks):
        """(qemu command, gdb command, typed commands) of a session."""
        dollars = [l[2:].strip() for l in blocks[0].lines if l.startswith("$ ")]
        typed = [l.strip()[6:].strip() for b in blocks for l in b.lines
                 if l.strip().startswith("(gdb) ") and l.strip() != "(gdb)"]
        qemu = next((d for d in dollars if re.match(r"make (qemu|replay)-gdb\b", d)), None)
        gdb = next((d for d in dollars if re.match(r"make gdb\b", d)), None)
        return qemu, gdb, typed

    def check_session(self, name, blocks):
        qemu, gdb, typed = self.session_commands(blocks)
        if not qemu or not gdb:
            return self.fail(blocks[0], f"gdb session {name!r}: its first block must start "
                             "with `$ make qemu-gdb …` (or `$ make replay-gdb …`) "
                             "and `$ make gdb …`")
        ok, text, serial, problem = gdbtype.session(qemu, gdb, typed, cwd=paths.ROOT)
        self.cache[("serial", name)] = serial
        if problem:
            self.fail(blocks[0], f"gdb session {name!r}: {problem}", text + "\n--- serial ---\n" + serial)
        quoted_lost = any(gdbtype.LOST in l for b in blocks for l in b.lines)
        if gdbtype.LOST in text and not quoted_lost:
            self.fail(blocks[0], f"gdb session {name!r}: gdb lost QEMU ({gdbtype.LOST!r}) "
                      "and the handout does not say so", text)
        pos = 0
        for b in blocks:
            body = [unescape(l) for l in b.lines if not l.startswith("$ ")]
            start = pos
            err, pos = compare(body, text, b.line_no, pos)
            self.count += 1
            if err:
                self.fail(b, f"gdb session {name!r}: {err}", text)
                if not self.refresh:
                    break
                pos = self.refresh_lines(b, text, None, start)

    def check_serial(self, b):
        real = self.cache.get(("serial", b.name))
        if real is None:
            return self.fail(b, f"serial={b.name}: no gdb session {b.name!r} in this state before it")
        err, _ = compare(b.lines, real, b.line_no)
        self.count += 1
        if err:
            self.fail(b, f"serial={b.name}: {err}", real)

    def refresh_lines(self, b, real, first=None, pos=0):
        """--refresh: rewrite block b's lines that changed shape-for-shape.
        first(line): where a run block's command starts. Returns the
        position in `real` after the block (gdb sessions go on from there)."""
        lines = b.lines
        if first:
            start = next(k for k, l in enumerate(lines) if first(l))
            end = next((k for k in range(start + 1, len(lines)) if lines[k].startswith("$ ")),
                       len(lines))
        else:
            start, end = 0, len(lines)
        new, unresolved = refreshed(lines[start:end], real, pos)
        for k, line in enumerate(new):
            if line != lines[start + k]:
                self.replaced[b.line_no + start + k] = line
        for u in unresolved:
            print(f"{self.where}:{b.line_no}: needs a person: {u.strip()!r}")
        _, after = compare([l for l in new if not l.startswith("$ ")], real, b.line_no, pos)
        return after

    def write_refreshed(self):
        if not self.replaced:
            return
        lines = open(self.readme).read().split("\n")
        for line_no, text in self.replaced.items():
            lines[line_no - 1] = text
        open(self.readme, "w").write("\n".join(lines))
        print(f"{self.where}: {len(self.replaced)} quoted lines refreshed")

    # -- legacy kinds (docs/)
    def check_legacy(self, b):
        key = (b.kind, b.name, tuple(sorted(b.opts.items())))
        if key not in self.cache:
            self.cache[key] = legacy_output(self.build, self.lab, self.bugs, b)
        err, _ = compare(b.lines, self.cache[key], b.line_no, gdb_echo=b.kind == "walkthrough")
        self.count += 1
        if err:
            self.fail(b, f"{b.kind}={b.name}: {err}", self.cache[key])

    # -- checks that need no run
    def check_static(self):
        if self.lab:
            for b in self.blocks:
                if b.kind in LEGACY:
                    self.fail(b, f"a lab handout uses `text run` and `text gdb=` blocks, not {b.kind}=")
                if b.state not in STATES:
                    self.fail(b, f"state={b.state!r}: one of {', '.join(STATES)}")
            self.check_walkthrough_files()
            self.check_commands_run()
            self.check_fix_files()
        self.check_prose_numbers()
        self.check_links()

    def check_walkthrough_files(self):
        """Each walkthrough file (lab.toml's `walkthrough`, and
        `walkthrough_reverse` for the session gdb=<bug>-reverse) types what
        the handout's session types, on the same command line."""
        names = {b.name for b in self.blocks if b.kind == "gdb"}
        for bug in self.lab["bugs"]:
            for key, name in (("walkthrough", bug["name"]),
                              ("walkthrough_reverse", bug["name"] + "-reverse")):
                if key in bug:
                    self.check_walkthrough_file(bug, bug[key], name, names)

    def check_walkthrough_file(self, bug, file, name, names):
        if name not in names:
            return self.fail(None, f"no gdb session `gdb={name}` for bug {bug['name']}")
        blocks = [b for b in self.blocks if b.kind == "gdb" and b.name == name]
        qemu, _, typed = self.session_commands(blocks)
        if qemu and qemu.startswith("make replay-gdb"):
            # the command line is the recording's: the handout's `make record`
            qemu = next((l[2:].strip() for b in self.blocks if b.kind == "run"
                         and b.state == blocks[0].state for l in b.lines
                         if l.startswith("$ make record")), "")
        path = os.path.join(self.lab["dir"], file)
        script = [l.strip() for l in open(path)
                  if l.strip() and not l.strip().startswith("#")]
        if script != typed:
            diff = next((k for k, (x, y) in enumerate(zip(script, typed)) if x != y),
                        min(len(script), len(typed)))
            self.fail(blocks[0], f"{file} and the session gdb={name} "
                      f"differ at command {diff + 1}: "
                      f"{(script + ['(end)'])[diff]!r} vs {(typed + ['(end)'])[diff]!r}")
        cmdline = cmdline_of(qemu or "")
        if cmdline != bug.get("walkthrough_cmdline", ""):
            self.fail(blocks[0], f"the session gdb={name} boots CMDLINE={cmdline!r}, "
                      f"lab.toml's walkthrough_cmdline is {bug.get('walkthrough_cmdline', '')!r}")

    def check_fix_files(self):
        """The handout names every file trusted grading takes from the
        student (lab.toml's fix_files), so no student is surprised."""
        text = open(self.readme).read()
        for f in self.lab.get("fix_files", []):
            if f"`{f}`" not in text:
                self.fail(None, f"lab.toml's fix_files has {f}, which the handout does not name")

    def check_commands_run(self):
        """Every `make` command the prose shows is run by some checked block."""
        run = {norm(l[2:]) for b in self.blocks for l in b.lines if l.startswith("$ ")}
        for k, line in self.sh:
            cmd = norm(line.split(" #")[0])
            if cmd.startswith("make ") and not re.match(r"make (grade|test)\b", cmd) \
                    and cmd not in run:
                self.fail(k, f"`{cmd}` is shown but no checked block runs it "
                          "(quote its output in a `text run` block)")

    def check_prose_numbers(self):
        checked = "\n".join(l for b in self.blocks for l in b.lines).lower()
        for k, line in self.prose:
            for m in PROSE_HEX.finditer(line):
                if m.group(0)[2:].lower().lstrip("0") not in checked:
                    self.fail(k, f"the prose says {m.group(0)}, which no checked block shows "
                              f"({line.strip()[:60]!r})")

    def check_links(self):
        base = os.path.dirname(self.readme)
        for k, line in self.prose:
            for target in LINK.findall(line):
                if re.match(r"[a-z]+:|#", target):
                    continue
                if not os.path.exists(os.path.join(base, target.split("#")[0])):
                    self.fail(k, f"the link {target} leads nowhere in this tree")
            if self.lab and NOT_FOR_STUDENTS.search(line):
                self.fail(k, f"a student handout refers to what students do not have: "
                          f"{line.strip()[:70]!r}")

    def run(self, state, static):
        if static:
            self.check_static()
        for b in self.blocks:
            if self.lab and b.state != state:
                continue
            if b.kind == "run":
                self.check_run(b)
            elif b.kind in LEGACY and not self.lab:
                self.check_legacy(b)
        for name, blocks in self.sessions(state if self.lab else "handed").items():
            self.check_session(name, blocks)
        for b in self.blocks:
            if b.kind == "serial" and (not self.lab or b.state == state):
                self.check_serial(b)


def norm(cmd):
    return " ".join(cmd.split())


def cmdline_of(command):
    for word in shlex.split(command):
        if word.startswith("CMDLINE="):
            return word[len("CMDLINE="):]
    return ""


# ------------------------------------------------------------------ legacy kinds

def legacy_output(build, lab, bugs, b):
    if b.kind == "walkthrough":
        return walkthrough.run(build, lab, bugs[b.name])[1]
    if b.kind == "command":
        return run_command(b.name.strip('"'))
    names = [] if b.name == "fixed" else [b.name]
    stage = b.opts.get("stage", str(lab["number"]) if lab else "full")
    t = manifest.normalise_test({"name": f"handout-{stage}-{b.name}",
                                 "bugs": names, "cmdline": b.opts.get("cmdline", ""),
                                 "icount": b.opts.get("icount") == "true",
                                 "status": "success", "timeout": 60},
                                "handout", {n: 1 for n in names}, stage)
    return check.run_boot(build, t).result.output


def resolve(target):
    """(lab or None, README path, the bug catalogue) for a lab folder or a
    Markdown file."""
    target = os.path.abspath(target)
    _, labs, bugs = manifest.load_tests(paths.ROOT)
    if target.endswith(".md"):
        return None, target, bugs
    lab = next(l for l in labs.values() if os.path.abspath(l["dir"]) == target)
    return lab, os.path.join(target, "README.md"), bugs


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("target", help="a lab folder, or a Markdown file")
    p.add_argument("--state", choices=STATES, default="handed",
                   help="the state this tree is in (a lab handout)")
    p.add_argument("--static", choices=("auto", "yes", "no"), default="auto",
                   help="the checks that need no run (auto: in state handed)")
    p.add_argument("--build", default=os.environ.get("RINGLAB_BUILD",
                                                       os.path.join(paths.ROOT, "build")))
    p.add_argument("--refresh", action="store_true",
                   help="rewrite quoted lines whose numbers moved (read the diff after)")
    a = p.parse_args()
    lab, readme, bugs = resolve(a.target)
    c = Checker(readme, lab, bugs, os.path.abspath(a.build), a.refresh)
    static = a.static == "yes" or (a.static == "auto" and a.state == "handed")
    c.run(a.state, static)
    if a.refresh:
        c.write_refreshed()
    what = f"state {a.state}" if lab else os.path.relpath(readme, paths.ROOT)
    if lab and not c.count:
        c.fail(None, f"no checked block for state {a.state}: the handout must show "
               f"what the student sees in it")
    bad_blocks = len({f.split(": ")[0] for f in c.failures})
    print(f"handout: {max(c.count - bad_blocks, 0)} passed, {len(c.failures)} failed "
          f"({c.count} blocks run, {what})")
    return 1 if c.failures or not c.count else 0


if __name__ == "__main__":
    sys.exit(main())

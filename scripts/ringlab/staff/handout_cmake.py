"""handout_cmake.py — the build files of a student tree.

A student tree for lab N has no stages after N, so its build files must not
name their files. This module reads and rewrites CMake text one *statement*
at a time (a command with its parenthesised arguments, and the comment lines
right above it):

    stage_lists(text)                 kernel/CMakeLists.txt: {"0": [...], ..., "FULL": [...]}
    drop_later_stages(text, n)        ... without the lists of stages after n
    drop_statements_naming(text, dir, paths)
                                      any other CMake file: drop what names a
                                      dropped file, and what depends on that
    without_stage_define(text)        kernel.cmake: no RINGLAB_LAB=... define
    without_instructor_block(text)    the Makefile: no instructor targets
"""
import os
import re

STATEMENT_START = re.compile(r"^\s*([A-Za-z_]\w*)\s*\(")
STAGE_LIST = re.compile(r"^KERNEL_SOURCES_(\d+|FULL)$")


class Item:
    """A statement (kind "stmt", with command and args), a comment line or
    a blank line, as lines of the original text."""

    def __init__(self, kind, lines, command=None, args=None):
        self.kind, self.lines, self.command, self.args = kind, lines, command, args or []


def split_args(inner):
    """CMake arguments: whitespace-separated, "quoted" kept whole, comments dropped."""
    args, pos = [], 0
    for m in re.finditer(r'"(?:[^"\\]|\\.)*"|#[^\n]*|[^\s"#]+', inner):
        tok = m.group(0)
        if not tok.startswith("#"):
            args.append(tok[1:-1] if tok.startswith('"') else tok)
    return args


def parse(text):
    lines = text.splitlines(keepends=True)
    items, i = [], 0
    while i < len(lines):
        line = lines[i]
        m = STATEMENT_START.match(line)
        if line.strip() == "":
            items.append(Item("blank", [line]))
        elif line.lstrip().startswith("#"):
            items.append(Item("comment", [line]))
        elif m:
            start, depth, j, quoted = i, 0, i, False
            body = ""
            while j < len(lines):
                for ch in lines[j]:
                    if ch == '"':
                        quoted = not quoted
                    elif not quoted and ch == "(":
                        depth += 1
                    elif not quoted and ch == ")":
                        depth -= 1
                body += lines[j]
                j += 1
                if depth <= 0:
                    break
            inner = body[body.index("(") + 1: body.rindex(")")]
            items.append(Item("stmt", lines[start:j], m.group(1).lower(), split_args(inner)))
            i = j
            continue
        else:
            items.append(Item("other", [line]))
        i += 1
    return items


def join(items):
    return "".join("".join(it.lines) for it in items)


def drop(items, doomed):
    """Remove the statements in `doomed` (a set of indices) and every comment
    block whose statements, up to the next blank line or comment, are all doomed."""
    keep = [True] * len(items)
    for k in doomed:
        keep[k] = False
    i = 0
    while i < len(items):
        if items[i].kind != "comment":
            i += 1
            continue
        j = i
        while j < len(items) and items[j].kind == "comment":
            j += 1
        run, k = [], j
        while k < len(items) and items[k].kind == "stmt":
            run.append(k)
            k += 1
        if run and all(r in doomed for r in run):
            for c in range(i, j):
                keep[c] = False
        i = j
    out = [it for it, k in zip(items, keep) if k]
    # no two blank lines in a row where something was taken out
    tidy = []
    for it in out:
        if it.kind == "blank" and tidy and tidy[-1].kind == "blank":
            continue
        tidy.append(it)
    return tidy


# ---------------------------------------------------------- kernel/CMakeLists.txt

def stage_lists(text):
    """The kernel's source files per stage, as written in kernel/CMakeLists.txt."""
    lists = {}
    for it in parse(text):
        if it.kind == "stmt" and it.command == "set" and it.args:
            m = STAGE_LIST.match(it.args[0])
            if m:
                files = [a for a in it.args[1:] if a != "PARENT_SCOPE" and not a.startswith("${")]
                lists.setdefault(m.group(1), []).extend(files)
    if "0" not in lists:
        raise ValueError("kernel/CMakeLists.txt: no KERNEL_SOURCES_0 list")
    return lists


def later_stage(key, n):
    return key == "FULL" or int(key) > n


def drop_later_stages(text, n, header):
    """kernel/CMakeLists.txt for lab n's tree: the lists of later stages and
    the opening comment (which explains stage guards) replaced by `header`."""
    items = parse(text)
    doomed = set()
    for k, it in enumerate(items):
        if it.kind == "stmt" and it.command == "set" and it.args:
            m = STAGE_LIST.match(it.args[0])
            if m and later_stage(m.group(1), n):
                doomed.add(k)
    first = 0
    while first < len(items) and items[first].kind == "comment":
        first += 1
    head = [Item("comment", [l + "\n"]) for l in header.rstrip("\n").split("\n")]
    rest = drop(items, doomed)[first:]
    return join(head + rest)


# ---------------------------------------------------------- any other CMake file

def names_of(stmt):
    """The names a statement creates: its first argument and a NAME argument."""
    out = set(stmt.args[:1])
    if "NAME" in stmt.args:
        i = stmt.args.index("NAME")
        out.update(stmt.args[i + 1:i + 2])
    return out


def functions(items):
    """{name: (params, body statements)} for function()/macro() definitions,
    and the indices of every item inside one."""
    defs, inside, stack = {}, set(), []
    for k, it in enumerate(items):
        if it.kind != "stmt":
            if stack:
                inside.add(k)
            continue
        if it.command in ("function", "macro") and it.args:
            stack.append((it.args[0], it.args[1:], []))
            inside.add(k)
        elif it.command in ("endfunction", "endmacro") and stack:
            name, params, body = stack.pop()
            defs[name.lower()] = (params, body)
            inside.add(k)
        elif stack:
            stack[-1][2].append(it)
            inside.add(k)
    return defs, inside


def expand(defs, stmt):
    """What calling a function creates: (names, argument words), with the
    call's arguments put in for ${param} and ${ARGN}."""
    if stmt.command not in defs:
        return set(), []
    params, body = defs[stmt.command]
    env = dict(zip(params, stmt.args))
    env["ARGN"] = " ".join(stmt.args[len(params):])
    names, words = set(), []
    for b in body:
        for a in b.args:
            for p, v in env.items():
                a = a.replace("${" + p + "}", v)
            if "${" not in a:
                words.extend(a.split())
        for nm in names_of(b):
            for p, v in env.items():
                nm = nm.replace("${" + p + "}", v)
            if "${" not in nm:
                names.add(nm)
    return names, words


def path_pattern(relpath):
    """Matches a reference to kernel/<relpath> in any spelling that ends in it."""
    return re.compile(r'(?:^|[\s/"(])' + re.escape(relpath) + r'(?=$|[\s")])')


def drop_statements_naming(text, cmake_dir, paths, tree_files):
    """Drop every statement that names one of `paths` (file paths relative to
    kernel/, e.g. "proc/elf.c"), then every statement that uses a name such
    a statement created (a target, a test). Returns (text, files): `files`
    are files of cmake_dir (relative to the tree) that only dropped
    statements used, e.g. the unit test's own source."""
    items = parse(text)
    defs, inside = functions(items)
    pats = [path_pattern(p) for p in paths]
    doomed, names, words, stems, values = set(), set(), [], set(), {}
    stem = lambda a: os.path.splitext(os.path.basename(a))[0]      # noqa: E731
    for k, it in enumerate(items):
        if it.kind != "stmt" or k in inside:
            continue
        if it.command == "set" and len(it.args) == 2:      # set(VAR value): remember it
            values[it.args[0]] = it.args[1]
        body = "".join(it.lines)
        uses = set(it.args) | {v for a in it.args for v in re.findall(r"\$\{(\w+)\}", a)}
        if any(p.search(body) for p in pats) or uses & names \
                or {stem(a) for a in it.args} & stems:
            doomed.add(k)
            made, w = expand(defs, it)
            if it.command == "add_custom_command" and "OUTPUT" in it.args:
                out = it.args[it.args.index("OUTPUT") + 1:][:1]
                names.update(out)               # what depends on the output,
                for o in out:                   # and what runs it by name
                    for var, value in values.items():
                        o = o.replace("${" + var + "}", value)
                    stems.add(stem(o))
            else:
                names |= names_of(it)
            names |= made
            words += w + it.args
    kept_text = join(it for k, it in enumerate(items) if k not in doomed)
    files = set()
    for w in words:
        w = w.replace("${CMAKE_CURRENT_SOURCE_DIR}/", "")
        rel = os.path.normpath(os.path.join(cmake_dir, w))
        if rel in tree_files and not re.search(r'(?:^|[\s/"(])' + re.escape(w) + r'(?=$|[\s")])',
                                                kept_text):
            files.add(rel)
    return join(drop(items, doomed)), files


# ---------------------------------------------------------- kernel.cmake, Makefile

def without_stage_define(text):
    """kernel.cmake: a student tree has no stage guards, so no RINGLAB_LAB."""
    new, n = re.subn(r"[ \t]*\bRINGLAB_LAB=\$\{level\}", "", text)
    if n != 1:
        raise ValueError("scripts/cmake/kernel.cmake: cannot find the RINGLAB_LAB=${level} "
                         "define to take out (update scripts/ringlab/staff/handout_cmake.py)")
    return new


INSTRUCTOR_BEGIN = "# ---- instructor tools"
INSTRUCTOR_END = "# ---- end of instructor tools"


def without_instructor_block(text):
    """The Makefile: the lines from INSTRUCTOR_BEGIN to INSTRUCTOR_END go."""
    out, skipping = [], False
    for line in text.splitlines(keepends=True):
        if line.startswith(INSTRUCTOR_BEGIN):
            skipping = True
        if not skipping:
            out.append(line)
        if skipping and line.startswith(INSTRUCTOR_END):
            skipping = False
    return "".join(out)

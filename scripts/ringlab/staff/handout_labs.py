"""handout_labs.py — the test manifests of a student tree.

In lab N's student tree the bugs of earlier labs are fixed (their flags are
gone) and lab N's bugs are plain code. The manifests (labs/*/lab.toml,
tests/*.toml) are rewritten table by table, comments kept:

  [[bug]]     kept for lab N (make bugs, make walkthrough still know them:
              handout.toml tells manifest.py they are in the code); an
              earlier lab's bugs are dropped
  [[option]]  dropped: an option's flag is resolved to "off"
  [[test]]    dropped when it builds a bug or an option (`bugs = [...]`) or
              names one on its command line (a walkthrough): such a test
              describes a bug, and would fail once the student fixed it;
              dropped too when its stage is not in the tree (a number other
              than N: the tree builds only stage N, and "full", which is the
              same code), and when it checks a document's quotes
              (handout_check.py): they quote the instructor's builds

What is left passes on a solved tree: `make test` there is red until the
lab is fixed, then green.
"""
import re
import tomllib

HEADER = re.compile(r"^\s*\[\[?\s*([\w.]+)\s*\]\]?\s*(?:#.*)?$")


def chunks(text):
    """[(table name or None, lines)]: the preamble, then one chunk per table.
    Comment lines directly above a header (no blank line between) belong to
    the table below them."""
    lines = text.splitlines(keepends=True)
    out, cur, name = [], [], None
    for line in lines:
        m = HEADER.match(line)
        if m:
            attached = []
            while cur and cur[-1].lstrip().startswith("#"):
                attached.insert(0, cur.pop())
            out.append((name, cur))
            cur, name = attached + [line], m.group(1)
        else:
            cur.append(line)
    out.append((name, cur))
    return out


def table(lines):
    """The chunk's table as a dict (the chunk is valid TOML on its own)."""
    data = tomllib.loads("".join(lines))
    (value,) = data.values()
    return value[0] if isinstance(value, list) else value


def keep_test(t, default_stage, n, bug_names):
    if t.get("bugs"):
        return False
    command = t.get("command", [])
    if any(arg in bug_names or arg.split("=")[-1] in bug_names for arg in command):
        return False
    if "handout-check" in command or any(a.endswith("handout_check.py") for a in command):
        return False            # quotes of the instructor's builds (e.g. the full kernel)
    stage = str(t.get("stage", default_stage))
    return stage in (str(n), "full")


def tidy(text):
    """Drop a comment-only paragraph that is followed by another one (a
    section heading whose tables were all dropped), and one at the end."""
    paras = re.split(r"(\n\s*\n)", text)
    is_comment = lambda p: p.strip() and all(      # noqa: E731
        l.lstrip().startswith("#") for l in p.strip("\n").split("\n"))
    keep = []
    body = paras[0::2]
    for i, p in enumerate(body):
        nxt = next((q for q in body[i + 1:] if q.strip()), None)
        if i > 0 and is_comment(p) and (nxt is None or is_comment(nxt)):
            continue
        keep.append(p.strip("\n"))
    return "\n\n".join(k for k in keep if k.strip()) + "\n"


def rewrite(text, file_lab, n, bug_names):
    """A manifest for lab n's tree. file_lab: the lab the file belongs to
    (None for tests/*.toml); bug_names: every bug and option name."""
    default_stage = str(file_lab) if file_lab is not None else "full"
    out = []
    for name, lines in chunks(text):
        if name == "bug" and file_lab != n:
            continue
        if name == "option":
            continue
        if name == "test" and not keep_test(table(lines), default_stage, n, bug_names):
            continue
        out.append("".join(lines))
    return tidy("".join(out))

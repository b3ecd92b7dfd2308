"""nasm_unifdef.py — unifdef for nasm: resolve %if/%ifdef blocks whose
condition is known, leave every other line as it is.

    resolve(text, defined, undefined)  ->  new text

`defined` maps a symbol to its value (a number, or None for "defined, no
value"); `undefined` is a set of symbols known NOT to be defined. A condition
is *known* when it mentions only those symbols (and numbers); anything else
(%ifidn, %ifmacro, a symbol we were not told about) stays in the output with
its directives, exactly like unifdef(1) does for C:

    %ifdef KNOWN_TRUE   body  %else  other  %endif   ->  body
    %ifdef KNOWN_FALSE  body  %else  other  %endif   ->  other
    %if UNKNOWN  a  %elifdef KNOWN_TRUE  b  %else  c  %endif
                                           ->  %if UNKNOWN  a  %else  b  %endif
    %if KNOWN_FALSE  a  %elif UNKNOWN  b  %endif   ->  %if UNKNOWN  b  %endif

Handled directives: %if %ifn %ifdef %ifndef %elif %elifn %elifdef %elifndef
%else %endif. Other %if-family directives (%ifidn, %ifmacro, %ifctx ...) are
kept and only tracked for nesting. A condition that mentions a known symbol
but cannot be decided (`%if RINGLAB_LAB >= 3 && FOO`) is an error: the
handout would otherwise keep a stage guard.
"""
import re

DIRECTIVE = re.compile(r"^\s*%(?P<kw>if\w*|elif\w*|else|endif)\b(?P<rest>.*)$")
TOKEN = re.compile(r"\s*(?:(\d+)|([A-Za-z_.$?][\w.$#@~?]*)|(==|!=|<=|>=|<>|&&|\|\||\^\^|[()<>=!]))")


class ResolveError(Exception):
    pass


def strip_comment(rest):
    return rest.split(";", 1)[0].strip()


class Expr:
    """A tiny evaluator for %if expressions over known symbols: integers,
    comparisons, !, &&, ||, ^^ and parentheses. Returns True/False, or None
    when a symbol is not known (the condition stays in the output)."""

    def __init__(self, text, defined, undefined):
        self.toks, pos = [], 0
        text = text.strip()
        while pos < len(text):
            m = TOKEN.match(text, pos)
            if not m or m.end() == pos:
                raise ResolveError(f"cannot read the expression {text!r}")
            self.toks.append(m.group(1) or m.group(2) or m.group(3))
            pos = m.end()
        self.i, self.defined, self.undefined = 0, defined, undefined
        self.unknown = False

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self):
        t = self.peek()
        self.i += 1
        return t

    def evaluate(self):
        v = self.orexpr()
        if self.peek() is not None:
            raise ResolveError(f"unexpected {self.peek()!r} in {' '.join(self.toks)!r}")
        return None if self.unknown else v

    def orexpr(self):
        v = self.andexpr()
        while self.peek() in ("||", "^^"):
            op, w = self.take(), self.andexpr()
            v = (bool(v) or bool(w)) if op == "||" else (bool(v) != bool(w))
        return v

    def andexpr(self):
        v = self.compare()
        while self.peek() == "&&":
            self.take()
            w = self.compare()
            v = bool(v) and bool(w)
        return v

    def compare(self):
        v = self.unary()
        ops = {"==": lambda a, b: a == b, "=": lambda a, b: a == b, "!=": lambda a, b: a != b,
               "<>": lambda a, b: a != b, "<": lambda a, b: a < b, ">": lambda a, b: a > b,
               "<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b}
        while self.peek() in ops:
            op = self.take()
            v = ops[op](v, self.unary())
        return v

    def unary(self):
        t = self.take()
        if t == "!":
            return not self.unary()
        if t == "(":
            v = self.orexpr()
            if self.take() != ")":
                raise ResolveError("missing ')'")
            return v
        if t is None:
            raise ResolveError("expression ends too early")
        if t.isdigit():
            return int(t)
        if t in self.defined and self.defined[t] is not None:
            return int(self.defined[t])
        self.unknown = True
        return 0


def condition(kw, rest, defined, undefined):
    """True/False for a known condition, None for an unknown one."""
    arg = strip_comment(rest)
    base = kw[4:] if kw.startswith("elif") else kw[2:]          # "", "n", "def", "ndef" ...
    if base in ("def", "ndef"):
        if arg in defined:
            value = True
        elif arg in undefined:
            value = False
        else:
            return None
        return value if base == "def" else not value
    if base in ("", "n"):
        value = Expr(arg, defined, undefined).evaluate()
        if value is None:
            if any(re.search(rf"\b{re.escape(s)}\b", arg) for s in list(defined) + list(undefined)):
                raise ResolveError(f"%{kw} {arg}: mixes a known symbol with unknown ones")
            return None
        return bool(value) if base == "" else not value
    return None                                                 # %ifidn, %ifmacro ...


class Group:
    """One %if ... %endif group being read."""

    def __init__(self, parent_keeps):
        self.parent_keeps = parent_keeps   # are the enclosing lines output at all?
        self.taken = False                 # a known-true branch was output
        self.open_unknown = False          # an unknown branch's directive was output
        self.keep = False                  # are the current branch's lines output?
        self.emit_directives = False       # does the current branch keep its directive?


def resolve(text, defined, undefined):
    out, stack = [], []
    keeps = lambda: stack[-1].keep if stack else True     # noqa: E731
    for n, line in enumerate(text.splitlines(keepends=True), 1):
        m = DIRECTIVE.match(line)
        if not m:
            if keeps():
                out.append(line)
            continue
        kw, rest = m.group("kw"), m.group("rest")
        try:
            if kw.startswith("if"):
                g = Group(keeps())
                stack.append(g)
                c = condition(kw, rest, defined, undefined)
                branch(g, c, line, out, first=True)
            elif kw.startswith("elif"):
                g = current(stack, kw, n)
                c = condition(kw, rest, defined, undefined)
                branch(g, c, line, out, first=False)
            elif kw == "else":
                g = current(stack, kw, n)
                branch(g, True, line, out, first=False, is_else=True)
            else:                                               # endif
                g = current(stack, kw, n)
                stack.pop()
                if g.parent_keeps and g.open_unknown:
                    out.append(line)
        except ResolveError as e:
            raise ResolveError(f"line {n}: {e}") from None
    if stack:
        raise ResolveError("an %if is never closed with %endif")
    return "".join(out)


def current(stack, kw, n):
    if not stack:
        raise ResolveError(f"%{kw} without %if")
    return stack[-1]


def branch(g, c, line, out, first, is_else=False):
    """Start a branch of group g whose condition is c (True/False/None)."""
    if g.taken:                         # an earlier known-true branch won
        g.keep = False
        return
    if c is False:                      # this branch can never be taken
        g.keep = False
        return
    if c is True:
        g.keep = g.parent_keeps
        if g.open_unknown:              # %if UNKNOWN ... then this: becomes %else
            if g.parent_keeps:
                out.append(re.sub(r"%\w+.*", "%else", line.rstrip("\n"), count=1) + "\n"
                           if not is_else else line)
        g.taken = True
        return
    # unknown condition: the directive stays (as %if if nothing was output yet)
    g.keep = g.parent_keeps
    if g.parent_keeps:
        if not g.open_unknown and not first:
            line = re.sub(r"%elif", "%if", line, count=1)
        out.append(line)
    g.open_unknown = True

"""__main__.py — `python3 -m ringlab COMMAND [ARGS]`: every tool, by name.

    python3 -m ringlab --help            the commands (this tree's)
    python3 -m ringlab grade --help      one command's own options

A command is a module with a main() that reads sys.argv, as argparse does;
COMMANDS below names them for --help. A module added to the package (or to
staff/) without an entry here runs too, under its own name with `-` for
`_`: the table is the list a reader sees, not a gate.
"""
import importlib
import importlib.util
import sys

# command: (module, what it does). The staff/ ones are the instructor's:
# a student tree has no staff/ folder, and --help there leaves them out.
COMMANDS = {
    "run":           ("run", "boot a variant's ISO on this terminal (make run, make qemu*)"),
    "gdb":           ("gdb", "gdb attached to `make qemu-gdb` (make gdb)"),
    "grade":         ("grade", "a lab's graded tests and its score (make grade)"),
    "walkthrough":   ("walkthrough", "a bug's guided gdb session, in batch (make walkthrough)"),
    "record":        ("record", "record a run, or replay it for gdb (make record, make replay-gdb)"),
    "runtest":       ("runtest", "run one test of the manifests (what ctest calls)"),
    "manifest":      ("manifest", "the manifests: CMake for the build, the bug list, a variant's name"),
    "iso":           ("iso", "build a variant's ISO, or copy one with another command line"),
    "grub-image":    ("grub_image", "check that GRUB's files for the ISOs are made once (--self-test)"),
    "handout-check": ("handout_check", "prove a handout's quoted output is what the code prints"),
    "gdbtype":       ("gdbtype", "type a gdb session as a student does, and record it"),
    "layers":        ("layers", "check that kernel/ includes only run down its layers"),
    "doc-paths":     ("doc_paths", "check that docs/architecture.md's Paths name real functions"),
    "handout":       ("staff.handout", "write lab N's student tree (make handout)"),
    "lab-branches":  ("staff.lab_branches", "commit every lab's student tree as a branch"),
    "demo-iso":      ("staff.demo_iso", "one ISO with every stage and bug (make demo-iso)"),
    "bench":         ("staff.bench", "what the basic operations cost (make bench)"),
    "kit":           ("staff.kit", "prove lab N's student tree works as a lab (ctest kit.labN)"),
    "student":       ("staff.student", "walk lab N's student tree through its handout"),
    "guide":         ("staff.guide", "the generated part of docs/instructor-guide.md"),
}


def available(module):
    return importlib.util.find_spec(f"{__package__}.{module}") is not None


def usage(out):
    have_staff = available("staff")
    lines = ["usage: python3 -m ringlab COMMAND [ARGS]   (COMMAND --help: its options)", "",
             "commands:"]
    for name, (module, what) in COMMANDS.items():
        if have_staff or not module.startswith("staff."):
            lines.append(f"  {name:<14} {what}")
    if not have_staff:
        lines.append("(a student tree: the instructor's tools are not in it)")
    print("\n".join(lines), file=out)


def module_of(name):
    """The module that runs command `name`, or None."""
    if name in COMMANDS:
        return COMMANDS[name][0]
    plain = name.replace("-", "_")
    if not plain.isidentifier() or plain.startswith("_"):
        return None
    if available(plain):
        return plain
    if available("staff") and available("staff." + plain):
        return "staff." + plain
    return None


def main():
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help", "help"):
        usage(sys.stdout if len(sys.argv) >= 2 else sys.stderr)
        return 0 if len(sys.argv) >= 2 else 2
    name = sys.argv[1]
    module = module_of(name)
    if module and module.startswith("staff.") and not available("staff"):
        print(f"ringlab: `{name}` is an instructor's tool: a student tree does not have it",
              file=sys.stderr)
        return 2
    if module is None:
        print(f"ringlab: no command {name!r}\n", file=sys.stderr)
        usage(sys.stderr)
        return 2
    mod = importlib.import_module(f"{__package__}.{module}")
    if not hasattr(mod, "main"):
        print(f"ringlab: {module.replace('.', '/')}.py is a library, not a command", file=sys.stderr)
        return 2
    # argparse names the program after sys.argv[0]: "ringlab grade" in
    # its usage lines, the command as typed
    sys.argv = [f"ringlab {name}"] + sys.argv[2:]
    return mod.main()


if __name__ == "__main__":
    sys.exit(main())

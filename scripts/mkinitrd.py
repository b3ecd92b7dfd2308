#!/usr/bin/env python3
"""mkinitrd.py — pack the user programs into the initrd, a ustar archive.

    mkinitrd.py --out initrd.tar [--extra DIR] [--tree NAME=DIR ...]
                [--link NAME=TARGET ...] [--link-list FILE] bin/sh=PATH ...

Each NAME=PATH puts the file PATH into the archive as NAME. --extra DIR adds
every file under DIR as extra/<its path relative to DIR> (`make run
EXTRA=dir`); --tree NAME=DIR does the same under NAME/ (e.g. bad=DIR: the
malformed-ELF corpus, scripts/mkbadelf.py); --link NAME=TARGET writes NAME
as a hard link to the member TARGET (the full kernel reads it as TARGET's
data: a busybox userland, one binary under every applet's name). Directory
entries (bin/,
extra/, ...) are written before the files inside them.

The archive is deterministic: entries sorted by name, mtime 0, uid/gid 0,
no user or group names, mode 0755 for directories and executables and 0644
for other files. The same inputs always give the same bytes, so the ISO is
rebuilt only when a program really changed. GRUB loads it as a multiboot2
module; kernel/fs/initrd.c reads it in place.
"""
import argparse
import io
import os
import stat
import subprocess
import sys
import tarfile


def add_parents(entries, name):
    """Directory entries for every parent of `name` (bin/ for bin/sh)."""
    parts = name.split("/")[:-1]
    for i in range(1, len(parts) + 1):
        entries.setdefault("/".join(parts[:i]) + "/", None)


def add_tree(entries, name, top_dir, option):
    """Every file under top_dir as name/<its path relative to top_dir>."""
    if not os.path.isdir(top_dir):
        sys.exit(f"mkinitrd.py: {option} {top_dir}: not a directory")
    add_parents(entries, name + "/")
    entries[name + "/"] = None
    for top, dirs, files in os.walk(top_dir):
        dirs.sort()
        rel = os.path.relpath(top, top_dir).replace(os.sep, "/")
        prefix = f"{name}/" if rel == "." else f"{name}/{rel}/"
        for d in dirs:
            entries[prefix + d + "/"] = None
        for f in files:
            path = os.path.join(top, f)
            if not os.path.isfile(path):
                sys.exit(f"mkinitrd.py: {path}: not a regular file")
            entries[prefix + f] = path


def collect(pairs, extra, trees=()):
    """{archive name: host path, or None for a directory}."""
    entries = {}
    for pair in pairs:
        name, sep, path = pair.partition("=")
        if not sep or not name or name.startswith("/") or not os.path.isfile(path):
            sys.exit(f"mkinitrd.py: '{pair}' is not NAME=FILE (relative NAME, existing FILE)")
        entries[name] = path
        add_parents(entries, name)
    if extra:
        add_tree(entries, "extra", extra, "--extra")
    for tree in trees:
        name, sep, path = tree.partition("=")
        if not sep or not name or name.startswith("/"):
            sys.exit(f"mkinitrd.py: --tree '{tree}' is not NAME=DIR (relative NAME)")
        add_tree(entries, name.rstrip("/"), path, "--tree")
    return entries


def program_bytes(name, path):
    """The bytes to pack for `path`. A program under bin/ keeps the symbols
    `nm` lists (functions and labels, global and static: the kernel's
    user-fault report names them) and no debug info; `nm` does not list the
    STT_FILE symbols, which name a source by its absolute path, and the archive — and
    every physical address the kernel hands out after it, which the lab
    handouts quote — must not depend on where the checkout lives. The
    programs in build/userspace/bin keep everything, for gdb."""
    data = open(path, "rb").read()
    if not name.startswith("bin/") or not data.startswith(b"\x7fELF"):
        return data
    tmp = f"{path}.initrd-{os.getpid()}"
    nm = subprocess.run(["nm", "--defined-only", path],
                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    with open(tmp + ".keep", "w") as f:
        f.write("\n".join(l.split()[-1] for l in nm.stdout.splitlines() if l.strip()) + "\n")
    r = subprocess.run(["objcopy", "--strip-all", f"--keep-symbols={tmp}.keep", path, tmp],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode == 0:
        data = open(tmp, "rb").read()
    for f in (tmp, tmp + ".keep"):
        if os.path.exists(f):
            os.unlink(f)
    return data


def tar_info(name, path):
    info = tarfile.TarInfo(name.rstrip("/"))
    info.mtime = 0
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    if path is None:
        info.type = tarfile.DIRTYPE
        info.mode = 0o755
    else:
        executable = os.stat(path).st_mode & stat.S_IXUSR
        info.mode = 0o755 if executable else 0o644
    return info


def write_archive(out, entries, links=()):
    buf = io.BytesIO()
    links = {n: t for n, t in (l.partition("=")[::2] for l in links) if n != t}
    for name, target in links.items():
        if not name or not target or target not in entries:
            sys.exit(f"mkinitrd.py: --link {name}={target}: TARGET must be a member")
        entries.pop(name, None)             # a link replaces a file of that name
        add_parents(entries, name)
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name in sorted(list(entries) + list(links)):
            if name in links:
                info = tarfile.TarInfo(name)
                info.type, info.linkname, info.mode = tarfile.LNKTYPE, links[name], 0o755
                info.mtime, info.uid, info.gid, info.uname, info.gname = 0, 0, 0, "", ""
                tar.addfile(info)
                continue
            path = entries[name]
            info = tar_info(name, path)
            if path is None:
                tar.addfile(info)
            else:
                data = program_bytes(name, path)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    tmp = out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(buf.getvalue())
    os.replace(tmp, out)        # never leave a half-written archive behind


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, help="the archive to write")
    p.add_argument("--extra", default="", help="a directory to add under extra/")
    p.add_argument("--tree", action="append", default=[], metavar="NAME=DIR",
                   help="a directory to add under NAME/ (repeatable)")
    p.add_argument("--link", action="append", default=[], metavar="NAME=TARGET",
                   help="NAME as a hard link to the member TARGET (repeatable)")
    p.add_argument("--link-list", metavar="FILE",
                   help="a file of NAME=TARGET lines, each as --link")
    p.add_argument("files", nargs="*", metavar="NAME=PATH")
    args = p.parse_intermixed_args()
    try:
        links = list(args.link)
        if args.link_list:
            links += [l.strip() for l in open(args.link_list) if l.strip()]
        write_archive(args.out, collect(args.files, args.extra, args.tree), links)
    except ValueError as e:       # tarfile: a name too long for ustar
        sys.exit(f"mkinitrd.py: {e}")


if __name__ == "__main__":
    main()

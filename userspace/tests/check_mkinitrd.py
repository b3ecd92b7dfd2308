#!/usr/bin/env python3
"""check_mkinitrd.py — scripts/mkinitrd.py makes the same ustar bytes from
the same inputs, with the members, order and metadata the kernel expects.

    check_mkinitrd.py MKINITRD_PY
"""
import os
import subprocess
import sys
import tarfile
import tempfile


def make(mkinitrd, out, tmp, extra=True):
    args = [sys.executable, mkinitrd, "--out", out]
    if extra:
        args += ["--extra", os.path.join(tmp, "extra")]
    args += [f"bin/b={tmp}/b", f"bin/a={tmp}/a"]
    subprocess.run(args, check=True)
    return open(out, "rb").read()


def main():
    mkinitrd = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        for name, mode in (("a", 0o700), ("b", 0o600)):
            with open(os.path.join(tmp, name), "wb") as f:
                f.write(name.encode() * 1000)
            os.chmod(os.path.join(tmp, name), mode)
        os.makedirs(os.path.join(tmp, "extra", "sub"))
        open(os.path.join(tmp, "extra", "sub", "note.txt"), "w").write("hi\n")
        one = make(mkinitrd, os.path.join(tmp, "1.tar"), tmp)
        os.utime(os.path.join(tmp, "a"), (1, 1))        # mtime must not matter
        two = make(mkinitrd, os.path.join(tmp, "2.tar"), tmp)
        assert one == two, "two runs gave different archives"
        assert len(one) % 512 == 0 and one[257:263] == b"ustar\0"
        with tarfile.open(os.path.join(tmp, "1.tar")) as t:
            got = [(m.name, m.type, oct(m.mode), m.mtime, m.uid, m.size)
                   for m in t.getmembers()]
        want = [("bin", tarfile.DIRTYPE, "0o755", 0, 0, 0),
                ("bin/a", tarfile.REGTYPE, "0o755", 0, 0, 1000),
                ("bin/b", tarfile.REGTYPE, "0o644", 0, 0, 1000),
                ("extra", tarfile.DIRTYPE, "0o755", 0, 0, 0),
                ("extra/sub", tarfile.DIRTYPE, "0o755", 0, 0, 0),
                ("extra/sub/note.txt", tarfile.REGTYPE, "0o644", 0, 0, 3)]
        assert got == want, f"members:\n{got}\nwanted:\n{want}"
        r = subprocess.run([sys.executable, mkinitrd, "--out", os.path.join(tmp, "x"),
                            "bin/x=/no/such/file"], capture_output=True, text=True)
        assert r.returncode != 0 and "NAME=FILE" in r.stderr, r.stderr
    print("mkinitrd: deterministic, members and metadata as expected")


if __name__ == "__main__":
    main()

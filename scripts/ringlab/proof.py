"""proof.py — the grader's side of the "proof:" lines.

A graded test's pattern may hold `{proof:TEXT}` beside a `{nonce}` in its
command line, e.g. (lab2.enosys)

    cmdline = "init=/bin/enosys {nonce}"
    expect  = ['^arg: {nonce}$', '^proof: {proof:ENOSYS OK}$']

check.py then draws a fresh random 16-byte key for the run and boots a copy
of the ISO in which the key replaces the 16 placeholder bytes
"ringlab:proofkey":

  stage 1    in /boot/kernel.elf: kernel/boot/ktest.c's ktest_proof_key
             (exactly one copy, or the test fails: a kernel that carries a
             second copy of the placeholder would be handed the key)
  stage 2+   in /boot/initrd.tar: every program linked with libc's
             proof_key (userspace/lib/proof.c); the kernel is left alone
             (from stage 2 on it holds no key and no SipHash of its own)

and `{proof:TEXT}` becomes SipHash-2-4(key, "TEXT <nonce>") in 16 hex
digits: what the pristine program (or ktest) prints once it has reached
TEXT. The key exists only in that copy of the ISO and in the grader's
memory; each run has its own.

What it proves, and what not: the kernel that boots sees the whole machine,
the key included — it is in a program's bytes in the initrd, in memory once
the program runs, or (lab 1) in the kernel's own data. The line cannot come
from a kernel that merely prints the expected text (that kernel knows the
nonce, not the key). A kernel written to dig the key out of the initrd or
its own image and compute SipHash itself could still forge it; in trusted
mode such code can only live in the lab's fix files, where a reader of the
submission sees it.
"""
import os
import re

from . import grub_image
from . import iso as iso_mod

PLACEHOLDER = b"ringlab:proofkey"
PATTERN = re.compile(r"\{proof:([^}]*)\}")
MASK = (1 << 64) - 1


class ProofError(Exception):
    pass


def _rotl(x, b):
    return ((x << b) | (x >> (64 - b))) & MASK


def _sipround(v):
    """One SipRound, as userspace/lib/proof.c's sipround()."""
    v[0] = (v[0] + v[1]) & MASK
    v[1] = _rotl(v[1], 13) ^ v[0]
    v[0] = _rotl(v[0], 32)
    v[2] = (v[2] + v[3]) & MASK
    v[3] = _rotl(v[3], 16) ^ v[2]
    v[0] = (v[0] + v[3]) & MASK
    v[3] = _rotl(v[3], 21) ^ v[0]
    v[2] = (v[2] + v[1]) & MASK
    v[1] = _rotl(v[1], 17) ^ v[2]
    v[2] = _rotl(v[2], 32)


def siphash24(key, data):
    """SipHash-2-4 of `data` under the 16-byte `key`, as an integer."""
    k0, k1 = int.from_bytes(key[:8], "little"), int.from_bytes(key[8:16], "little")
    v = [k0 ^ 0x736f6d6570736575, k1 ^ 0x646f72616e646f6d,
         k0 ^ 0x6c7967656e657261, k1 ^ 0x7465646279746573]
    whole = len(data) - len(data) % 8
    blocks = [int.from_bytes(data[i:i + 8], "little") for i in range(0, whole, 8)]
    blocks.append(int.from_bytes(data[whole:], "little") | (len(data) & 0xff) << 56)
    for m in blocks:
        v[3] ^= m
        _sipround(v)
        _sipround(v)
        v[0] ^= m
    v[2] ^= 0xff
    for _ in range(4):
        _sipround(v)
    return v[0] ^ v[1] ^ v[2] ^ v[3]


def digest(key, what, nonce):
    """The 16 hex digits a pristine program prints for `what` and `nonce`."""
    return f"{siphash24(key, f'{what} {nonce}'.encode()):016x}"


def fill(text, key, nonce):
    """`text` with every {proof:TEXT} replaced by its digest."""
    return PATTERN.sub(lambda m: digest(key, m.group(1), nonce), text)


def member(stage):
    """Which file of the ISO carries the key for a test of `stage`."""
    return "/boot/kernel.elf" if str(stage) == "1" else "/boot/initrd.tar"


def patch(data, key, name):
    """`data` with the placeholder replaced by `key` wherever it is."""
    count = data.count(PLACEHOLDER)
    if count == 0:
        raise ProofError(f"proof: {name} holds no proof-key placeholder: was it built "
                         "from this tree?")
    if name.endswith("kernel.elf") and count != 1:
        raise ProofError(f"proof: the kernel holds the proof-key placeholder {count} times "
                         "(once, in kernel/boot/ktest.c, is allowed)")
    return data.replace(PLACEHOLDER, key)


def iso_with_proof(iso, out, cmdline, key, stage):
    """Copy `iso` to `out` with command line `cmdline` and `key` written
    into the file member(stage) holds."""
    name = member(stage)
    # the key has the placeholder's length: edited in place (iso.py)
    if iso_mod.edited_copy(iso, out, {name: lambda data: patch(data, key, name),
                                      "/boot/grub/grub.cfg":
                                      lambda cfg: iso_mod.set_cmdline(iso, cfg, cmdline)}):
        return out
    original, patched, cfg = out + ".orig", out + ".patched", out + ".grub.cfg"
    try:
        r = grub_image.xorriso(["-osirrox", "on", "-indev", iso, "-extract", name, original])
        if r.returncode != 0 or not os.path.exists(original):
            raise ProofError(f"proof: cannot read {name} from {iso}:\n{r.stdout}")
        with open(original, "rb") as f:
            data = patch(f.read(), key, name)
        with open(patched, "wb") as f:
            f.write(data)
        iso_mod.grub_cfg_with_cmdline(iso, cfg, cmdline)
        if os.path.exists(out):
            os.unlink(out)
        r = grub_image.xorriso(["-indev", iso, "-outdev", out,
                                "-boot_image", "any", "replay",
                                "-map", cfg, "/boot/grub/grub.cfg",
                                "-map", patched, name, "-end"])
        if r.returncode != 0:
            raise ProofError(f"proof: xorriso could not write {out}:\n{r.stdout}")
    finally:
        for f in (original, patched, cfg):
            if os.path.exists(f):
                os.unlink(f)
    return out

#!/usr/bin/env bash
# linux-bench.sh — Linux's figures beside ringlab's mmap_fault_insns and
# pipe_roundtrip_insns, measured the same way (docs/performance.md): the
# same program, userspace/bin/bench.c, built with musl-gcc -static, runs as
# the init of a tiny initramfs (cpio: the program, busybox for the script)
# under QEMU with -icount shift=0,align=off,sleep=off and ringlab's -cpu,
# so each rdtsc difference it prints is a count of guest instructions.
# Debian's cloud kernel (linux-image-cloud-amd64, 6.1), with PTI off and on.
#
# Instructor-only, not part of `make test`:
#   scripts/deps.sh --linux-bench       (installs the kernel and cpio)
#   userspace/etc/linux-bench.sh        (prints the figures; about a minute)
# LINUX_KERNEL=/boot/vmlinuz-... picks another kernel.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
kernel=${LINUX_KERNEL:-$(ls /boot/vmlinuz-*-cloud-amd64 2>/dev/null | sort -V | tail -1)}
if [[ -z $kernel ]]; then
    echo "linux-bench: no /boot/vmlinuz-*-cloud-amd64: run scripts/deps.sh --linux-bench" >&2
    exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root/bin"
musl-gcc -static -O2 -o "$work/root/bench" "$root/userspace/bin/bench.c"
cp /bin/busybox "$work/root/bin/busybox"
cat > "$work/root/init" <<'INIT'
#!/bin/busybox sh
/bench mmapfault 100
/bench pipe 1000
/bin/busybox poweroff -f
INIT
chmod +x "$work/root/init"
(cd "$work/root" && find . | cpio -o -H newc --quiet) > "$work/initramfs.cpio"

for pti in off on; do
    echo "# $(basename "$kernel"), pti=$pti"
    timeout 600 qemu-system-x86_64 -kernel "$kernel" -initrd "$work/initramfs.cpio" \
        -append "console=ttyS0 quiet pti=$pti" -display none -serial stdio -no-reboot \
        -m 256M -cpu qemu64,+smep,+smap,+umip,-tsc -icount shift=0,align=off,sleep=off \
        < /dev/null | grep -E '^(mmap_fault|pipe_roundtrip)_cycles'
done

#!/usr/bin/env bash
# deps.sh — make sure this Debian machine has what ringlab needs.
#
# Called by `make run`, `make test` and .ci/run. Installs missing Debian
# packages with apt-get when run as root; otherwise prints the exact command
# and stops. Then checks the QEMU version. `--linux-bench` adds what the
# instructor's userspace/etc/linux-bench.sh needs.
set -euo pipefail

# command-or-path  package
NEEDED=(
    "qemu-system-x86_64 qemu-system-x86"
    "qemu-img qemu-utils"
    "nasm nasm"
    "grub-mkrescue grub-common"
    "/usr/lib/grub/i386-pc/multiboot2.mod grub-pc-bin"
    "xorriso xorriso"
    "mformat mtools"
    "gdb gdb"
    "cmake cmake"
    "ninja ninja-build"
    "gcc gcc"
    "nm binutils"
    "python3 python3"
    "unifdef unifdef"
    "musl-gcc musl-tools"
    "/bin/busybox busybox-static"
    "clang clang"
    "git git"
)
# `deps.sh --linux-bench`: also what userspace/etc/linux-bench.sh needs
# (Linux's figures for docs/performance.md; never needed by make test)
if [[ ${1:-} == --linux-bench ]]; then
    NEEDED+=("/boot/vmlinuz-*-cloud-amd64 linux-image-cloud-amd64" "cpio cpio")
fi

missing=()
for entry in "${NEEDED[@]}"; do
    what=${entry% *}
    pkg=${entry#* }
    if [[ $what == /* ]]; then
        compgen -G "$what" >/dev/null || missing+=("$pkg")
    else
        command -v "$what" >/dev/null 2>&1 || missing+=("$pkg")
    fi
done

if ((${#missing[@]})); then
    cmd="apt-get install -y --no-install-recommends ${missing[*]}"
    if [[ $(id -u) -ne 0 ]]; then
        echo "ringlab: missing packages: ${missing[*]}" >&2
        echo "ringlab: install them with:  sudo apt-get update && sudo $cmd" >&2
        exit 1
    fi
    echo "ringlab: installing ${missing[*]} ..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    $cmd -qq >&2
fi

# QEMU: the labs' bug catalogue was measured on QEMU 7.2 (TCG). Older
# versions lack behaviour the labs rely on; newer ones are probably fine.
version=$(qemu-system-x86_64 --version | sed -n 's/^QEMU emulator version \([0-9]*\)\.\([0-9]*\).*/\1 \2/p')
read -r major minor <<<"$version"
if [[ -z ${major:-} ]] || ((major < 7 || (major == 7 && minor < 2))); then
    echo "ringlab: QEMU 7.2 or newer is needed (found: $(qemu-system-x86_64 --version | head -1))." >&2
    echo "ringlab: the labs' symptoms were measured on QEMU 7.2 under TCG (Debian 12)." >&2
    exit 1
fi
if ((major != 7 || minor != 2)); then
    echo "ringlab: note: QEMU $major.$minor; the handouts' output was recorded on 7.2" >&2
fi

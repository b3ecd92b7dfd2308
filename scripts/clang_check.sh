#!/usr/bin/env bash
# clang_check.sh — the kernel also builds with clang, and boots.
# Used by the test build.clang: configures a second build tree with clang,
# builds the full kernel's ISO and boots it with ktest=ok.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${RINGLAB_BUILD:-$root/build}/clang
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_C_COMPILER=clang >/dev/null
cmake --build "$build" --target iso-full >/dev/null
iso=$build/test-ok.iso
export PYTHONPATH=$root/scripts        # python3 -m ringlab: this tree's package
python3 -m ringlab iso cmdline "$build/variants/full/ringlab.iso" "$iso" "ktest=ok"
python3 - "$iso" <<'PY'
import sys
from ringlab import qemu
r = qemu.boot(sys.argv[1], timeout=30)
print(r.output)
print("ended:", r.describe())
sys.exit(0 if r.status == "success" else 1)
PY

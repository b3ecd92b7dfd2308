#!/usr/bin/env bash
# fuzz_elf.sh BUILD SECONDS|test [libFuzzer options...]
#
# Runs the ELF-validator fuzzer (tests/fuzz/elf_fuzz.c) for SECONDS. New
# interesting inputs go to BUILD/tests/fuzz/corpus (kept between runs, so
# each run starts where the last one stopped); the seeds are the
# malformed-ELF corpus, the real user programs and tests/fuzz/regressions
# (inputs that once crashed it, run first every time). A crash or a broken
# invariant leaves BUILD/tests/fuzz/crash-* and fails (exit status != 0);
# reproduce it with `BUILD/tests/fuzz/fuzz_elf BUILD/tests/fuzz/crash-...`.
set -euo pipefail
build=$(cd "$1" && pwd)
regressions=$(cd "$(dirname "$0")/../tests/fuzz/regressions" && pwd)
seconds=$2
shift 2
dir=$build/tests/fuzz
cd "$dir"
if [ "$seconds" = test ]; then
    # ctest fuzz.elf: the same inputs in every run, so that make test is
    # deterministic: a fixed seed and number of runs, a fresh corpus, no
    # time-based choices (-entropic=0 -reload=0), and no address-space
    # randomisation (comparisons with pointers feed libFuzzer's dictionary).
    # `make fuzz` explores with a random seed and keeps what it finds.
    rm -rf corpus-test && mkdir corpus-test
    norandom=()
    if setarch "$(uname -m)" -R true 2>/dev/null; then norandom=(setarch "$(uname -m)" -R); fi
    exec "${norandom[@]}" ./fuzz_elf -seed=1 -runs=1000000 -entropic=0 -reload=0 -max_len=16384 -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 "$@" \
        corpus-test "$regressions" "$build/userspace/bad" "$build/userspace/bin"
fi
mkdir -p corpus
exec ./fuzz_elf -max_total_time="$seconds" -max_len=16384 -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 "$@" \
    corpus "$regressions" "$build/userspace/bad" "$build/userspace/bin"

/* sysfuzz.c — /bin/sysfuzz [N [seed [-v]]]: N random system calls.
 *
 * Each call is one of the kernel's system calls (or a number that is
 * none), its arguments drawn at random from what each one takes — a file
 * descriptor, a pointer the kernel reads, one it writes, a length, flags,
 * a path — mixing good values with boundary and bad ones: NULL, kernel and
 * non-canonical addresses, unmapped and read-only pages, buffers that
 * straddle into an unmapped page, -1, 2^31, 2^63, ... (sysfuzz_args.c).
 * The kernel must answer every one — a result or -errno — and never fault.
 *
 * The seed (printed; the current TSC if not given) makes a run
 * reproducible: calls run in batches of BATCH, each in a child process
 * whose random stream is seeded by (seed, batch number), so what a batch
 * does depends on nothing else. A batch that dies (a signal) is reported
 * with its number B; `sysfuzz N seed -v B` runs batch B alone and prints
 * every call before it is made (-v alone: every call of every batch).
 *
 * Not made, because they would end the fuzzer or block it forever, not
 * because the kernel could not take them: exit and exit_group; read from
 * the console (fds 0-2: nothing may ever be typed); writes of real bytes
 * to the console (garbage on the screen); nanosleep longer than 1 ms; exec
 * of a program that does not exit at once (only /bin/sysfuzz with argc 0
 * or N = 0, and files of /bad that exec refuses). A fork's child exits at
 * once.
 *
 * Last lines: the counts, whether every frame came back, and
 * "sysfuzz: N calls, 0 batches died" (exit status 0) or the failures. */
#include "sysfuzz.h"
#include <ringlab/syscall.h>
#include <ringlab/abi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define BATCH 500                       /* calls per child process */

struct fuzz fz;

uint64_t
fuzz_rand(void)
{
    uint64_t x = fz.rng;                /* xorshift64* (Vigna) */

    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    fz.rng = x;
    return x * 0x2545f4914f6cdd1dUL;
}

static uint64_t
seed_for(uint64_t seed, uint64_t batch)
{
    uint64_t x = seed * 0x9e3779b97f4a7c15UL + batch + 1;

    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9UL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebUL;
    return (x ^ (x >> 31)) | 1;         /* xorshift needs a non-zero state */
}

/* One batch, in a child: `n` calls; exits 0 unless something is off. */
static int
run_batch(uint64_t seed, uint64_t batch, long n)
{
    fz.rng = seed_for(seed, batch);
    fuzz_setup();
    for (long i = 0; i < n; i++)
        fuzz_one(batch * BATCH + i, i == n - 1);
    return 0;
}

static long
stat_of(int what)
{
    return SYSCALL1(SYS_ringlab_stat, what);
}

/* Orphaned grandchildren (a fuzzed fork whose parent batch ended) may
 * still be on their way out: wait until only `procs` processes are left. */
static void
settle(long procs)
{
    struct timespec ms = { 0, 1000000 };

    for (int i = 0; i < 1000 && stat_of(RL_STAT_PROCESSES) > procs; i++)
        SYSCALL2(SYS_nanosleep, &ms, 0);
}

static uint64_t
rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

int
main(int argc, char **argv)
{
    /* exec'd by a fuzzed execve: argv NULL, or not ours */
    if (argc < 1 || !strstr(argv[0], "sysfuzz"))
        return 0;
    long n = argc > 1 ? strtol(argv[1], 0, 10) : 2000;
    uint64_t seed = argc > 2 ? strtoul(argv[2], 0, 0) : rdtsc() % 1000000;
    long died = 0, batches = (n + BATCH - 1) / BATCH;

    long only = argc > 4 ? strtol(argv[4], 0, 10) : -1;

    fz.verbose = argc > 3 && strcmp(argv[3], "-v") == 0;
    if (n <= 0)
        return 0;
    printf("sysfuzz: seed %lu, %ld calls in %ld batches of %d (rerun: sysfuzz %ld %lu)\n",
           seed, n, batches, BATCH, n, seed);
    run_warm_up();
    long procs = stat_of(RL_STAT_PROCESSES);
    long balance = stat_of(RL_STAT_FRAME_BALANCE), heap = stat_of(RL_STAT_HEAP_USED);
    for (long b = 0; b < batches; b++) {
        long count = b == batches - 1 ? n - b * BATCH : BATCH;
        if (only >= 0 && b != only)
            continue;
        int status = -1;
        long pid = SYSCALL0(SYS_fork);
        if (pid == 0)
            _exit(run_batch(seed, b, count));
        if (pid < 0 || SYSCALL4(SYS_wait4, pid, &status, 0, 0) != pid) {
            printf("sysfuzz: batch %ld: fork/wait failed (%ld)\n", b, pid);
            died++;
        } else if (status != 0 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
            printf("sysfuzz: batch %ld (calls %ld..%ld) ended with status 0x%x "
                   "(its calls: sysfuzz %ld %lu -v %ld)\n", b, b * BATCH, b * BATCH + count - 1,
                   status, n, seed, b);
            died++;
        }
    }
    settle(procs);
    fuzz_cleanup();
    long balance2 = stat_of(RL_STAT_FRAME_BALANCE), heap2 = stat_of(RL_STAT_HEAP_USED);
    printf("sysfuzz: frames %ld before, %ld after; kernel heap in use %ld before, %ld after: %s\n",
           balance, balance2, heap, heap2,
           balance == balance2 && heap == heap2 ? "nothing leaked" : "LEAKED");
    printf("sysfuzz: %ld calls, %ld batches died\n", n, died);
    return died || balance != balance2 || heap != heap2 ? 1 : 0;
}

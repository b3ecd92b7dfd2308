/* spin.c — /bin/spin: a CPU-bound program for the scheduler labs.
 *
 *   spin [id [iterations]]     id: a label (default: the pid);
 *                              iterations: default 5,000,000
 *
 * Runs four linear congruential generators, x = A * x + C[i] (mod 2^64),
 * for `iterations` steps in registers, with no system calls: only a timer
 * interrupt can take the CPU away. Then checks the result against the
 * same four values computed a second way, by "jumping ahead" (composing
 * the map with itself, O(log n) steps). If a preemption lost or mixed up
 * a register, the two disagree. Prints
 *
 *   spin <id>: checksum 0x<16 hex digits> ok        (exit status 0)
 *   spin <id>: checksum 0x... FAIL, expected 0x...  (exit status 1)
 *
 * One iteration is 11 instructions (gcc -O2), so the default 5,000,000 is
 * 55 million instructions: 55 ms of guest time under -icount shift=0
 * (one instruction per nanosecond).
 *
 * It also counts, itself, how often it lost the CPU: the loop runs in
 * chunks, timed with rdtsc; a chunk that took more than 2.5 times the
 * fastest one was interrupted by more than a timer tick — another process
 * ran. The kernel counts its preemptions too; a grader compares both. So
 * the line ends with ", preempted <n> times". */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define STREAMS 4
#define A 6364136223846793005ull                /* Knuth's MMIX multiplier */
static const uint64_t C[STREAMS] = { 1442695040888963407ull, 1, 0x9e3779b97f4a7c15ull, 12345 };

#define CHUNK 1000                              /* iterations between rdtsc */

static uint64_t preempted;

static inline uint64_t
rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

/* Counts a chunk that took much longer than the fastest seen so far. */
static void
note_chunk(uint64_t cycles)
{
    static uint64_t fastest = ~0ull;

    if (cycles < fastest)
        fastest = cycles;
    else if (cycles > fastest * 5 / 2)
        preempted++;
}

/* The slow way: n steps, all four generators in registers. */
static uint64_t
run(uint64_t n)
{
    uint64_t x0 = 0, x1 = 1, x2 = 2, x3 = 3;
    uint64_t t = rdtsc();

    for (uint64_t i = 0; i < n; i++) {
        x0 = A * x0 + C[0];
        x1 = A * x1 + C[1];
        x2 = A * x2 + C[2];
        x3 = A * x3 + C[3];
        if (i % CHUNK == CHUNK - 1) {
            uint64_t now = rdtsc();
            note_chunk(now - t);
            t = now;
        }
    }
    return x0 ^ (x1 << 1) ^ (x2 << 2) ^ (x3 << 3);
}

/* The fast way: the map f(x) = a x + c applied n times is again of the
 * form a' x + c'; square it (f∘f: a' = a a, c' = a c + c) per bit of n. */
static uint64_t
jump(uint64_t x, uint64_t c, uint64_t n)
{
    uint64_t a = A;

    for (; n; n >>= 1) {
        if (n & 1)
            x = a * x + c;
        c = a * c + c;
        a = a * a;
    }
    return x;
}

static uint64_t
expected(uint64_t n)
{
    uint64_t x[STREAMS];

    for (int i = 0; i < STREAMS; i++)
        x[i] = jump((uint64_t)i, C[i], n);
    return x[0] ^ (x[1] << 1) ^ (x[2] << 2) ^ (x[3] << 3);
}

int
main(int argc, char **argv)
{
    char id[32];
    uint64_t n = argc > 2 ? strtoul(argv[2], NULL, 0) : 5000000;
    uint64_t got, want;

    if (argc > 1)
        snprintf(id, sizeof(id), "%s", argv[1]);
    else
        snprintf(id, sizeof(id), "%d", getpid());
    got = run(n);
    want = expected(n);
    if (got == want) {
        printf("spin %s: checksum 0x%016lx ok, preempted %lu times\n", id, got,
               (unsigned long)preempted);
        return 0;
    }
    printf("spin %s: checksum 0x%016lx FAIL, expected 0x%016lx, preempted %lu times\n",
           id, got, want, (unsigned long)preempted);
    return 1;
}

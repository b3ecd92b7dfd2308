/* bench.c — /bin/bench: what a context switch, a timer interrupt and a
 * fork + exec + wait cost (`make bench`, docs/performance.md).
 *
 *   bench yield N      two processes pass the CPU back and forth with
 *                      sched_yield, N times each:
 *                        ctx_switch_cycles <per switch>  (...)
 *   bench tick N       one CPU-bound process watches N timer ticks go by:
 *                        timer_irq_cycles <per tick>  (...)
 *   bench forkexec N   N times: fork, the child execs /bin/minimal, wait:
 *                        fork_exec_wait_cycles <per round>  (...)
 *   bench mmapfault N  N times: mmap one anonymous page, write to it (the
 *                      first touch: a page fault gives it a frame), munmap
 *                      (full kernel):
 *                        mmap_fault_cycles <per first touch>  (...)
 *   bench pipe N       one byte there and back between two processes
 *                      through two pipes, N times (the full kernel):
 *                        pipe_roundtrip_cycles <per round trip>  (...)
 *   bench getpid N     N getpid calls in /bin/nullsys's loop, or the same
 *   bench empty N      loop without the syscall; no output, exit status 0
 *
 * Every figure is an rdtsc difference. Under QEMU with -icount shift=0 the
 * TSC advances by exactly one per guest instruction, so the figures count
 * instructions and are the same in every run. Without -icount, `make bench`
 * times the whole run from outside instead (host wall time) and takes the
 * difference of two runs with different N: start-up and exit cancel.
 * (`getpid` and `empty` exist for that alone: the difference of the two
 * runs, divided by N, is one getpid in nanoseconds. They need no syscall
 * but getpid, so they run on lab 2's kernels too.)
 * Exit status: 0, or 1 if something the benchmark relies on failed. */
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define WARMUP   10             /* yields before the clock starts */
#define MAX_RUNS 1000           /* ticks or rounds kept for the median */

static inline uint64_t
rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

/* Sorts v[n] (insertion sort: n is small) and returns its median. */
static uint64_t
median(uint64_t *v, int n)
{
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            uint64_t t = v[j];
            v[j] = v[j - 1], v[j - 1] = t;
        }
    return n ? v[n / 2] : 0;
}

/* Parent and child each yield WARMUP + n times. Once both are in their
 * loops every yield switches to the other one, so between the parent's
 * clock readings (after its first WARMUP yields, after all of them) there
 * are exactly 2n switches: n to the child, n back. */
static int
yield(long n)
{
    uint64_t t0, t1;
    int status;
    pid_t pid = fork();

    if (pid < 0)
        return 1;
    if (pid == 0) {
        for (long i = 0; i < WARMUP + n; i++)
            sched_yield();
        _exit(0);
    }
    for (int i = 0; i < WARMUP; i++)
        sched_yield();
    t0 = rdtsc();
    for (long i = 0; i < n; i++)
        sched_yield();
    t1 = rdtsc();
    if (waitpid(pid, &status, 0) != pid || status != 0)
        return 1;
    if (n)
        printf("ctx_switch_cycles %lu  (%lu for %ld switches, sched_yield ping-pong)\n",
               (t1 - t0 + n) / (2 * n), t1 - t0, 2 * n);
    return 0;
}

/* Reads the TSC in a tight loop. A gap much longer than the loop itself is
 * a timer interrupt: with no other process to switch to, the tick enters
 * the kernel, counts, and returns to this loop with iretq. Its cost is the
 * gap less one turn of the loop. */
static int
tick(long n)
{
    static uint64_t cost[MAX_RUNS];
    uint64_t prev, now, mid, loop = ~0ull;
    int seen = 0;

    if (n > MAX_RUNS)
        n = MAX_RUNS;
    prev = rdtsc();
    while (seen < n) {
        now = rdtsc();
        if (now - prev < loop)
            loop = now - prev;              /* the fastest turn: no tick */
        else if (now - prev > 4 * loop)
            cost[seen++] = now - prev;
        prev = now;
    }
    for (int i = 0; i < seen; i++)
        cost[i] -= loop;
    mid = median(cost, seen);           /* (sorts cost) */
    if (n)
        printf("timer_irq_cycles %lu  (median of %d ticks, min %lu, max %lu; the loop alone %lu)\n",
               mid, seen, cost[0], cost[seen - 1], loop);
    return 0;
}

/* One round: fork; the child closes its standard output (so the program
 * prints nothing) and becomes /bin/minimal, which writes (-EBADF) and
 * exits 0; the parent waits for it. */
static int
fork_exec_wait(void)
{
    int status = -1;
    pid_t pid = fork();

    if (pid == 0) {
        char *argv[] = { "/bin/minimal", 0 };
        close(1);
        execve(argv[0], argv, 0);
        _exit(99);                      /* exec failed */
    }
    if (pid < 0 || waitpid(pid, &status, 0) != pid || status != 0)
        return 1;
    return 0;
}

static int
forkexec(long n)
{
    static uint64_t cost[MAX_RUNS];
    int rounds = n > MAX_RUNS ? MAX_RUNS : (int)n;
    uint64_t mid;

    for (long i = 0; i < n; i++) {
        uint64_t t0 = rdtsc();
        if (fork_exec_wait())
            return 1;
        if (i < rounds)
            cost[i] = rdtsc() - t0;
    }
    mid = median(cost, rounds);         /* (sorts cost) */
    if (n)
        printf("fork_exec_wait_cycles %lu  (median of %d rounds, min %lu, max %lu)\n",
               mid, rounds, cost[0], cost[rounds - 1]);
    return 0;
}

/* The first write to a fresh anonymous page, less a second write to it:
 * the page fault, the frame, the mapping and the return. */
static int
mmapfault(long n)
{
    static uint64_t cost[MAX_RUNS];
    int rounds = n > MAX_RUNS ? MAX_RUNS : (int)n;
    uint64_t mid;

    for (long i = 0; i < n; i++) {
        volatile char *p = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        uint64_t t0, t1, t2;

        if (p == MAP_FAILED)
            return 1;
        t0 = rdtsc();
        p[0] = 1;                       /* faults */
        t1 = rdtsc();
        p[1] = 1;                       /* does not */
        t2 = rdtsc();
        munmap((void *)p, 4096);
        if (i < rounds)
            cost[i] = (t1 - t0) - (t2 - t1);
    }
    mid = median(cost, rounds);         /* (sorts cost) */
    if (n)
        printf("mmap_fault_cycles %lu  (median of %d first touches, min %lu, max %lu)\n",
               mid, rounds, cost[0], cost[rounds - 1]);
    return 0;
}

/* One byte to the child through one pipe, and back through another, n
 * times after WARMUP rounds. A round trip is two writes, two reads, and
 * the two switches a blocked reader's wakeup costs. */
static int
pipe_roundtrip(long n)
{
    int there[2], back[2], status;
    uint64_t t0 = 0, t1;
    char c = 'x';
    pid_t pid;

    if (pipe(there) || pipe(back) || (pid = fork()) < 0)
        return 1;
    if (pid == 0) {
        close(there[1]), close(back[0]);
        while (read(there[0], &c, 1) == 1)
            write(back[1], &c, 1);
        _exit(0);
    }
    close(there[0]), close(back[1]);
    for (long i = 0; i < WARMUP + n; i++) {
        if (i == WARMUP)
            t0 = rdtsc();
        if (write(there[1], &c, 1) != 1 || read(back[0], &c, 1) != 1)
            return 1;
    }
    t1 = rdtsc();
    close(there[1]);                    /* the child reads EOF and exits */
    if (waitpid(pid, &status, 0) != pid || status != 0)
        return 1;
    if (n)
        printf("pipe_roundtrip_cycles %lu  (%lu for %ld round trips of one byte)\n",
               (t1 - t0 + n / 2) / n, t1 - t0, n);
    return 0;
}

/* /bin/nullsys's two loops, in assembly so that the compiler cannot
 * change them: mov eax, 39 (getpid); syscall; dec; jnz — or without the
 * syscall. */
static int
getpid_loop(long n)
{
    __asm__ volatile("1:\n\t"
                     "mov $39, %%eax\n\t"
                     "syscall\n\t"
                     "dec %0\n\t"
                     "jnz 1b"
                     : "+r"(n) : : "rax", "rcx", "r11", "memory");
    return 0;
}

static int
empty_loop(long n)
{
    __asm__ volatile("1:\n\t"
                     "mov $39, %%eax\n\t"
                     "dec %0\n\t"
                     "jnz 1b"
                     : "+r"(n) : : "rax", "memory");
    return 0;
}

int
main(int argc, char **argv)
{
    long n = argc > 2 ? strtol(argv[2], 0, 10) : -1;

    if (argc != 3 || n < 0) {
        printf("usage: bench yield|tick|forkexec|mmapfault|pipe|getpid|empty N\n");
        return 2;
    }
    if (!strcmp(argv[1], "getpid"))
        return n ? getpid_loop(n) : 0;
    if (!strcmp(argv[1], "empty"))
        return n ? empty_loop(n) : 0;
    if (!strcmp(argv[1], "yield"))
        return yield(n);
    if (!strcmp(argv[1], "tick"))
        return tick(n);
    if (!strcmp(argv[1], "forkexec"))
        return forkexec(n);
    if (!strcmp(argv[1], "mmapfault"))
        return mmapfault(n);
    if (!strcmp(argv[1], "pipe"))
        return pipe_roundtrip(n);
    printf("bench: no benchmark '%s'\n", argv[1]);
    return 2;
}

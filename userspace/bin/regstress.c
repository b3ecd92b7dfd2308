/* regstress.c — /bin/regstress [workers [preemptions [word]]]: does every
 * way into the kernel and back leave a process's registers as they were?
 *
 * `workers` processes (default 4) run rounds of regs_run()
 * (regstress_run.asm): every general-purpose register but RSP, all 16 XMM
 * registers, MXCSR, the x87 control word and the FS base (arch_prctl) hold
 * patterns — new ones each round — while the kernel is entered, and are
 * checked afterwards. Round r of a worker enters the kernel through
 *
 *   r % 5 == 0, 2   the timer, in a busy loop: preempted, another worker
 *                   runs, IRETQ back (the FS base and FPU state switched);
 *   r % 5 == 1      getpid, 200 times: SYSCALL and SYSRET;
 *   r % 5 == 3      sched_yield 50 times and nanosleep 20 times: syscalls
 *                   that switch to another process before they return;
 *   r % 5 == 4      fork: the child's first return to ring 3 (IRETQ from a
 *                   copied frame, a copied FPU state) — both check.
 *
 * A worker runs until the timer has preempted it `preemptions / workers`
 * times (default 10,000 in all: a second of 10 kHz ticks), then says
 *
 *   regstress: worker 2: 411 rounds, 16188 checks, 2501 preemptions, 0 bad
 *
 * The parent collects each worker's count from wait4's rusage (ru_nivcsw):
 *
 *   regstress: 4 workers, 10043 preemptions in all (wanted 10000), 0 failed
 *
 * and exits 0 only if no register ever came back changed. A changed one
 * is reported the moment it is seen: "FAIL worker 2 round 17 (getpid):
 * r12 = 0x... want 0x...". */
#include <ringlab/syscall.h>
#include <ringlab/abi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct regs_job {
    uint8_t xmm[16][16];                /* 0 */
    uint64_t gpr[15];                   /* 256: rax rbx rcx rdx rsi rdi rbp r8..r15 */
    uint64_t spins, calls, nr;          /* 376, 384, 392 */
    uint32_t mxcsr;                     /* 400 */
    uint16_t fcw, pad0;                 /* 404 */
    uint64_t pad1;                      /* 408 */
    uint8_t xmm_out[16][16];            /* 416 */
    uint64_t gpr_out[15];               /* 672 */
    uint32_t mxcsr_out;                 /* 792 */
    uint16_t fcw_out, pad2;             /* 796 */
    uint64_t fs_out;                    /* 800 */
} __attribute__((aligned(16)));

_Static_assert(__builtin_offsetof(struct regs_job, gpr) == 256, "regstress_run.asm: GPR");
_Static_assert(__builtin_offsetof(struct regs_job, spins) == 376, "regstress_run.asm: SPINS");
_Static_assert(__builtin_offsetof(struct regs_job, mxcsr) == 400, "regstress_run.asm: MXCSR");
_Static_assert(__builtin_offsetof(struct regs_job, fcw) == 404, "regstress_run.asm: FCW");
_Static_assert(__builtin_offsetof(struct regs_job, xmm_out) == 416, "regstress_run.asm: XMM_OUT");
_Static_assert(__builtin_offsetof(struct regs_job, gpr_out) == 672, "regstress_run.asm: GPR_OUT");
_Static_assert(__builtin_offsetof(struct regs_job, mxcsr_out) == 792, "regstress_run.asm: MXCSR_OUT");
_Static_assert(__builtin_offsetof(struct regs_job, fcw_out) == 796, "regstress_run.asm: FCW_OUT");
_Static_assert(__builtin_offsetof(struct regs_job, fs_out) == 800, "regstress_run.asm: FS_OUT");

void regs_run(struct regs_job *job);

enum { RAX, RBX, RCX, RDX, RSI, RDI, RBP, R8, R9, R10, R11, R12, R13, R14, R15 };
static const char *const gpr_name[15] = {
    "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp",
    "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

#define SPINS 150000                    /* a few ticks of busy loop */

static struct regs_job job;
static uint64_t tls[2][2];              /* two TLS blocks: [0] = the tag */
static const struct timespec short_sleep = { 0, 100000 };   /* 0.1 ms */
static long checks, bad;

/* splitmix64: the patterns, different for every worker, round and register */
static uint64_t
mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15UL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9UL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebUL;
    return x ^ (x >> 31);
}

static const char *
mode_name(int round)
{
    static const char *const names[5] = { "timer", "getpid", "timer", "yield+sleep", "fork" };
    return names[round % 5];
}

static void
fill(int worker, int round, uint64_t nr, uint64_t calls, uint64_t spins)
{
    uint64_t seed = (uint64_t)worker << 40 | (uint64_t)round << 8;

    for (int i = 0; i < 15; i++)
        job.gpr[i] = mix(seed + i);
    for (int i = 0; i < 16; i++)
        for (int k = 0; k < 16; k += 8) {
            uint64_t v = mix(seed + 100 + 2 * i + k / 8);
            memcpy(&job.xmm[i][k], &v, 8);
        }
    job.mxcsr = 0x1f80 | (round & 3) << 13 | (worker & 1) << 15;   /* rounding, FTZ */
    job.fcw = 0x037f | (round & 3) << 10;                           /* rounding */
    job.spins = spins, job.calls = calls, job.nr = nr;
    if (nr == SYS_nanosleep) {          /* its arguments: (&short_sleep, NULL) */
        job.gpr[RDI] = (uint64_t)&short_sleep;
        job.gpr[RSI] = 0;
    }
    memset(job.xmm_out, 0, sizeof(job.xmm_out));
    memset(job.gpr_out, 0, sizeof(job.gpr_out));
    /* a new FS base each round, its first word a tag */
    uint64_t *block = tls[round & 1];
    block[0] = mix(seed + 999);
    SYSCALL2(SYS_arch_prctl, ARCH_SET_FS, block);
}

static void
report(int worker, int round, const char *what, uint64_t got, uint64_t want)
{
    printf("FAIL worker %d round %d (%s): %s = 0x%lx want 0x%lx\n", worker, round,
           mode_name(round), what, got, want);
    bad++;
}

/* Compares the dump with the patterns; `result` is what RAX must hold
 * after syscalls (RCX and R11 are the ABI's to clobber then). */
static void
verify(int worker, int round, int syscalls, uint64_t result)
{
    char name[16];

    for (int i = 0; i < 15; i++) {
        uint64_t want = job.gpr[i];
        if (syscalls && (i == RCX || i == R11))
            continue;
        if (syscalls && i == RAX)
            want = result;
        checks++;
        if (job.gpr_out[i] != want)
            report(worker, round, gpr_name[i], job.gpr_out[i], want);
    }
    for (int i = 0; i < 16; i++) {
        checks++;
        if (memcmp(job.xmm[i], job.xmm_out[i], 16) != 0) {
            uint64_t got, want;
            memcpy(&got, job.xmm_out[i], 8);
            memcpy(&want, job.xmm[i], 8);
            snprintf(name, sizeof(name), "xmm%d", i);
            report(worker, round, name, got, want);
        }
    }
    checks += 3;
    if (job.mxcsr_out != job.mxcsr)
        report(worker, round, "mxcsr", job.mxcsr_out, job.mxcsr);
    if (job.fcw_out != job.fcw)
        report(worker, round, "x87 fcw", job.fcw_out, job.fcw);
    if (job.fs_out != tls[round & 1][0])
        report(worker, round, "%fs:0 (the FS base)", job.fs_out, tls[round & 1][0]);
}

static void
reset_fpu_control(void)
{
    uint32_t mxcsr = 0x1f80;
    uint16_t fcw = 0x037f;

    __asm__ volatile("ldmxcsr %0; fldcw %1" : : "m"(mxcsr), "m"(fcw));
}

static long
preemptions(void)
{
    return SYSCALL1(SYS_ringlab_stat, RL_STAT_PREEMPTIONS);
}

/* One worker: rounds until the timer has taken the CPU `target` times. */
static int
worker(int id, long target)
{
    long pid = SYSCALL0(SYS_getpid);
    int round;

    for (round = 0; preemptions() < target; round++) {
        switch (round % 5) {
        case 1:
            fill(id, round, SYS_getpid, 200, 0);
            regs_run(&job);
            verify(id, round, 1, (uint64_t)pid);
            break;
        case 3:
            fill(id, round, SYS_sched_yield, 50, SPINS / 4);
            regs_run(&job);
            verify(id, round, 1, 0);
            fill(id, round, SYS_nanosleep, 20, 0);
            regs_run(&job);
            verify(id, round, 1, 0);
            break;
        case 4:
            fill(id, round, SYS_fork, 1, SPINS / 4);
            regs_run(&job);
            if (job.gpr_out[RAX] == 0) {            /* the child */
                verify(id, round, 1, 0);
                _exit(bad ? 1 : 0);
            }
            verify(id, round, 1, job.gpr_out[RAX]);  /* the parent: the pid */
            int status = -1;
            if (SYSCALL4(SYS_wait4, job.gpr_out[RAX], &status, 0, 0) < 0 || status != 0) {
                printf("FAIL worker %d round %d (fork): the child's status 0x%x\n",
                       id, round, status);
                bad++;
            }
            checks++;
            break;
        default:
            fill(id, round, 0, 0, SPINS);
            regs_run(&job);
            verify(id, round, 0, 0);
        }
        reset_fpu_control();
    }
    printf("regstress: worker %d: %d rounds, %ld checks, %ld preemptions, %ld bad\n",
           id, round, checks, preemptions(), bad);
    return bad ? 1 : 0;
}

int
main(int argc, char **argv)
{
    int workers = argc > 1 ? atoi(argv[1]) : 4;
    long total = argc > 2 ? strtol(argv[2], 0, 10) : 10000;
    long pids[16], got = 0, failed = 0;

    if (workers < 1 || workers > 16 || total < 0) {
        printf("usage: regstress [workers (1-16) [preemptions [word]]]\n");
        return 2;
    }
    for (int i = 0; i < workers; i++)
        if ((pids[i] = SYSCALL0(SYS_fork)) == 0)
            _exit(worker(i, (total + workers - 1) / workers));
    for (int i = 0; i < workers; i++) {
        struct rusage ru;
        int status = -1;
        memset(&ru, 0, sizeof(ru));
        if (pids[i] < 0 || SYSCALL4(SYS_wait4, pids[i], &status, 0, &ru) != pids[i] ||
            status != 0)
            failed++;
        got += ru.ru_nivcsw;
    }
    printf("regstress: %d workers, %ld preemptions in all (wanted %ld), %ld failed\n",
           workers, got, total, failed);
    if (argc > 3)
        printf("arg: %s\n", argv[3]);
    return failed || got < total ? 1 : 0;
}

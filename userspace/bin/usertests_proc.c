/* usertests_proc.c — processes, the heap, open files and RFLAGS at their
 * limits: the kernel says no (-EAGAIN, -EMFILE, -ENFILE, the old break)
 * and keeps going, and gives everything back afterwards.
 *
 * Each test runs in a child (ut_in_child) and returns 0 if all was well;
 * a test that fails says why on a line of its own ("  why: ..."). */
#include "usertests.h"
#include <ringlab/syscall.h>
#include <ringlab/abi.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define RFLAGS_DF (1UL << 10)
#define RFLAGS_NT (1UL << 14)
#define RFLAGS_AC (1UL << 18)

static int
why(const char *fmt, long a, long b)
{
    printf("  why: ");
    printf(fmt, a, b);
    printf("\n");
    return 1;
}

static long
stat_of(int what)
{
    return SYSCALL1(SYS_ringlab_stat, what);
}

static void
sleep_ms(long ms)
{
    struct timespec ts = { 0, ms * 1000000 };

    SYSCALL2(SYS_nanosleep, &ts, 0);
}

/* Fork until the process table is full: -EAGAIN, with every slot used;
 * all children (zombies by then) reaped with their status; fork works
 * again afterwards. */
static int
fork_until_eagain(void)
{
    long pids[NPROC], r, procs;
    int n = 0, status;

    for (;;) {
        if ((r = SYSCALL0(SYS_fork)) == 0)
            _exit(7);
        if (r < 0 || n == NPROC)
            break;
        pids[n++] = r;
    }
    procs = stat_of(RL_STAT_PROCESSES);
    for (int i = 0; i < n; i++)
        if (SYSCALL4(SYS_wait4, pids[i], &status, 0, 0) != pids[i] || status != 7 << 8)
            return why("child %ld: wait status 0x%lx", pids[i], status);
    if (r != -EAGAIN || procs != NPROC)
        return why("fork said %ld with %ld processes in the table", r, procs);
    if ((r = SYSCALL0(SYS_fork)) == 0)
        _exit(0);
    if (r < 0 || SYSCALL4(SYS_wait4, r, &status, 0, 0) != r)
        return why("fork after the reaping: %ld%ld", r, 0);
    printf("  forked %d children before -EAGAIN\n", n);
    return 0;
}

/* wait4 with a status pointer the kernel cannot write: -EFAULT, and the
 * child is still there to be waited for properly. */
static int
wait_bad_status(uint64_t status_ptr)
{
    int status = 0;
    long pid = SYSCALL0(SYS_fork), r;

    if (pid == 0)
        _exit(5);
    if ((r = SYSCALL4(SYS_wait4, pid, status_ptr, 0, 0)) != -EFAULT)
        return why("wait4 into 0x%lx: %ld", status_ptr, r);
    if ((r = SYSCALL4(SYS_wait4, pid, &status, 0, 0)) != pid || status != 5 << 8)
        return why("then wait4: %ld, status 0x%lx", r, status);
    return 0;
}

static int wait_status_read_only(void) { return wait_bad_status((uint64_t)wait_bad_status); }
static int wait_status_kernel(void) { return wait_bad_status(KERNEL_TEXT); }
static int wait_status_non_canonical(void) { return wait_bad_status(NON_CANON); }

static int
wait_wnohang(void)
{
    int status = 0;
    long pid = SYSCALL0(SYS_fork), r;

    if (pid == 0) {
        sleep_ms(50);
        _exit(0);
    }
    if ((r = SYSCALL4(SYS_wait4, pid, &status, WNOHANG, 0)) != 0)
        return why("WNOHANG with a running child: %ld%ld", r, 0);
    if ((r = SYSCALL4(SYS_wait4, pid, &status, 0, 0)) != pid)
        return why("then wait4: %ld%ld", r, 0);
    return 0;
}

static int
exit_status_masked(void)
{
    int status = 0;
    long pid = SYSCALL0(SYS_fork);

    if (pid == 0)
        SYSCALL1(SYS_exit, 256 + 3);
    SYSCALL4(SYS_wait4, pid, &status, 0, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 3 ? 0 : why("status 0x%lx%ld", status, 0);
}

/* A child that exits before its own child: the grandchild runs on and is
 * freed by the kernel when it exits (nobody waits for it). */
static int
orphan(void)
{
    int status = 0;
    long pid = SYSCALL0(SYS_fork);

    if (pid == 0) {
        if (SYSCALL0(SYS_fork) == 0) {
            sleep_ms(2);
            _exit(0);
        }
        _exit(0);
    }
    SYSCALL4(SYS_wait4, pid, &status, 0, 0);
    sleep_ms(10);                       /* the grandchild is gone by now */
    return SYSCALL4(SYS_wait4, -1, &status, 0, 0) == -ECHILD ? 0 : why("a child left%ld%ld", 0, 0);
}

/* A syscall with RFLAGS.NT set: SYSCALL's FMASK clears it for the kernel
 * (an IRETQ with NT set would #GP in ring 0), SYSRET gives it back. */
static int
nt_flag_syscall(void)
{
    long pid;
    uint64_t after;

    __asm__ volatile("pushfq; orq $0x4000, (%%rsp); popfq\n\t"
                     "mov $39, %%eax; syscall\n\t"
                     "pushfq; pop %%rcx; mov %%rcx, %1\n\t"
                     "pushfq; andq $~0x4000, (%%rsp); popfq"
                     : "=a"(pid), "=m"(after) : : "rcx", "r11", "memory", "cc");
    if (pid != SYSCALL0(SYS_getpid) || !(after & RFLAGS_NT))
        return why("getpid %ld, RFLAGS after 0x%lx", pid, after);
    return 0;
}

/* RFLAGS.AC set by the user: SMAP must still stop the kernel (FMASK
 * clears AC on entry); good pointers still work. */
static int
ac_flag_syscall(void)
{
    struct utsname u;
    long bad, good;

    __asm__ volatile("pushfq; orq $0x40000, (%%rsp); popfq" : : : "memory", "cc");
    bad = SYSCALL3(SYS_write, 1, KERNEL_TEXT, 8);
    good = SYSCALL1(SYS_uname, &u);
    __asm__ volatile("pushfq; andq $~0x40000, (%%rsp); popfq" : : : "memory", "cc");
    if (bad != -EFAULT || good != 0 || strcmp(u.sysname, "ringlab") != 0)
        return why("write from the kernel: %ld, uname: %ld", bad, good);
    return 0;
}

/* RFLAGS.DF set by the user: the kernel's `rep movsb` would copy
 * backwards unless the entry clears DF (FMASK). */
static int
df_flag_syscall(void)
{
    struct utsname u;
    long r;

    memset(&u, 0, sizeof(u));
    __asm__ volatile("std" : : : "memory");
    r = SYSCALL1(SYS_uname, &u);
    __asm__ volatile("cld" : : : "memory");
    if (r != 0 || strcmp(u.sysname, "ringlab") != 0 || strcmp(u.machine, "x86_64") != 0)
        return why("uname %ld, sysname starts 0x%lx", r, u.sysname[0]);
    return 0;
}

/* AC, DF and NT set while the timer interrupts ring 3, many times: each
 * IRETQ back must give them back, and the kernel must not mind them.
 * A tick preempts only when another process is READY; the parent keeps
 * itself READY (it polls with WNOHANG) until both children are gone, so
 * each child is preempted however fast or slow the machine is, and the
 * loop ends on the preemptions seen, not on a number of rounds. */
static int
flags_spin(void)
{
    long before = stat_of(RL_STAT_PREEMPTIONS);
    uint64_t lost = 0;
    const uint64_t set = RFLAGS_AC | RFLAGS_DF | RFLAGS_NT;

    for (int round = 0; round < 20000 && stat_of(RL_STAT_PREEMPTIONS) < before + 5; round++) {
        uint64_t f;
        __asm__ volatile("pushfq; orq %1, (%%rsp); popfq\n\t"
                         "mov $200000, %%ecx\n1:\tdec %%ecx\n\tjnz 1b\n\t"
                         "pushfq; pop %0\n\t"
                         "pushfq; andq %2, (%%rsp); popfq"
                         : "=r"(f) : "r"(set), "r"(~set) : "rcx", "memory", "cc");
        lost |= set & ~f;
    }
    if (lost || stat_of(RL_STAT_PREEMPTIONS) < before + 5)
        return why("flags lost 0x%lx, preempted %ld times", lost,
                   stat_of(RL_STAT_PREEMPTIONS) - before);
    return 0;
}

static int
flags_across_preemption(void)
{
    long a = SYSCALL0(SYS_fork), b, r;
    int sa = -1, sb = -1, left = 2;

    if (a == 0)
        _exit(flags_spin());
    if ((b = SYSCALL0(SYS_fork)) == 0)
        _exit(flags_spin());
    while (left > 0) {                  /* READY all the while: no wait4 that sleeps */
        int st = -1;
        if ((r = SYSCALL4(SYS_wait4, -1, &st, WNOHANG, 0)) == a)
            sa = st, left--;
        else if (r == b)
            sb = st, left--;
        else if (r != 0)
            return why("wait4: %ld%ld", r, 0);
    }
    return sa == 0 && sb == 0 ? 0 : why("children: 0x%lx 0x%lx", sa, sb);
}

/* brk: new pages are zeroed, also when they come back after a shrink;
 * a break past the RAM or into the stack is refused. */
static int
brk_limits(void)
{
    uint64_t start = SYSCALL1(SYS_brk, 0), r;
    uint8_t *p = (uint8_t *)start;

    if ((r = SYSCALL1(SYS_brk, start + 3 * 4096)) != start + 3 * 4096)
        return why("grow: 0x%lx, 0x%lx", r, start);
    for (int i = 0; i < 3 * 4096; i++)
        if (p[i])
            return why("byte %ld of new heap is 0x%lx", i, p[i]);
    memset(p, 0xee, 3 * 4096);
    SYSCALL1(SYS_brk, start);
    SYSCALL1(SYS_brk, start + 3 * 4096);
    if (p[4096] || p[2 * 4096 + 17])
        return why("re-grown heap not zeroed: 0x%lx 0x%lx", p[4096], p[2 * 4096 + 17]);
    if ((r = SYSCALL1(SYS_brk, start + (512UL << 20))) != start + 3 * 4096)
        return why("512 MiB of heap on a 128 MiB machine: 0x%lx%ld", r, 0);
    return 0;
}

/* Open until -EMFILE (a process has 16 fds), close them all, open again. */
static int
open_until_emfile(void)
{
    long fds[32], r;
    int n = 0;

    while ((r = SYSCALL2(SYS_open, "/bin/sh", O_RDONLY)) >= 0 && n < 32)
        fds[n++] = r;
    if (r != -EMFILE)
        return why("after %ld opens: %ld", n, r);
    for (int i = 0; i < n; i++)
        SYSCALL1(SYS_close, fds[i]);
    r = SYSCALL2(SYS_open, "/bin/sh", O_RDONLY);
    return r >= 0 ? 0 : why("open after closing all: %ld%ld", r, 0);
}

/* The system's 64 open files run out (-ENFILE) before a process's 16 fds
 * do (-EMFILE): a chain of processes, each holding all the files it can
 * open while its child opens more, until one is told -ENFILE. (Each drops
 * the fds it inherited: its parent still holds those files.) The status
 * travels back up the chain; then, all gone, opening works again. */
static int
chain(int depth)
{
    long r, pid;
    int status = -1;

    for (int fd = 3; fd < 16; fd++)
        SYSCALL1(SYS_close, fd);
    while ((r = SYSCALL2(SYS_open, "/etc/lab4.sh", O_RDONLY)) >= 0)
        ;
    if (r == -ENFILE)
        return ENFILE;
    if (r != -EMFILE || depth == 10)
        return 100 + depth;
    if ((pid = SYSCALL0(SYS_fork)) == 0)
        _exit(chain(depth + 1));
    SYSCALL4(SYS_wait4, pid, &status, 0, 0);
    return WEXITSTATUS(status);
}

static int
file_table_full(void)
{
    int status = -1, got;
    long pid = SYSCALL0(SYS_fork), r;

    if (pid == 0)
        _exit(chain(0));
    SYSCALL4(SYS_wait4, pid, &status, 0, 0);
    got = WEXITSTATUS(status);
    r = SYSCALL2(SYS_open, "/etc/lab4.sh", O_RDONLY);

    if (got != ENFILE || r < 0)
        return why("the chain ended with %ld; open afterwards: %ld", got, r);
    return 0;
}

struct proc_test {
    const char *name;
    int (*fn)(void);
};

static const struct proc_test tests[] = {
    { "fork-until-eagain", fork_until_eagain },
    { "wait4-status-read-only", wait_status_read_only },
    { "wait4-status-kernel", wait_status_kernel },
    { "wait4-status-non-canonical", wait_status_non_canonical },
    { "wait4-wnohang-running-child", wait_wnohang },
    { "exit-status-masked", exit_status_masked },
    { "orphaned-grandchild", orphan },
    { "rflags-nt-syscall", nt_flag_syscall },
    { "rflags-ac-syscall", ac_flag_syscall },
    { "rflags-df-syscall", df_flag_syscall },
    { "rflags-across-preemption", flags_across_preemption },
    { "brk-limits", brk_limits },
    { "open-until-emfile", open_until_emfile },
    { "open-file-table-full", file_table_full },
};

void
ut_processes(void)
{
    for (unsigned i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
        long before = stat_of(RL_STAT_FRAME_BALANCE);
        int status = ut_in_child(tests[i].fn);
        ut_check(tests[i].name, status == 0, "child's wait status 0x%x", status);
        if (i == 0) {                   /* 63 processes created and gone */
            long after = stat_of(RL_STAT_FRAME_BALANCE);
            ut_check("fork-until-eagain-frames-back", after == before,
                     "%ld frames before, %ld after", before, after);
        }
    }
}

/* sigtest.c — /bin/sigtest: signals and the console as a tty (full kernel).
 *
 *   sigtest [word]           every check below; "arg: <word>" at the end
 *   sigtest ctrlc            ^C (stdin: 0x03) caught by a SIGINT handler
 *   sigtest ctrlc-read       ^C interrupts a console read: -EINTR
 *   sigtest ctrlc-default    ^C while spinning, no handler: killed (130)
 *   sigtest exec-check       (run by the exec check: handlers reset)
 *   sigtest altstack-check   (run by altstack-exec-clears: no alternate stack)
 *   sigtest vm-shootdown     on several CPUs: a page unmapped by one process
 *                            is gone for its CLONE_VM sibling on another CPU
 *
 * Also clone(CLONE_VM): a child that shares this process's memory, on a
 * stack of its own (clone_run.asm), and futex waits and wakes between the
 * two.
 *
 * One line per check, "ok <name>" or "FAIL <name>: got <g>, want <w>",
 * then "sigtest: N passed, N failed". The calls are made raw (SYSCALLn)
 * where the kernel's own -errno matters. The expected values are Linux's.
 * Exit status: 0 if every check passed, 1 if not. */
#include <ringlab/abi.h>
#include <ringlab/syscall.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define KERNEL_HALF 0xffffffff80100000UL
#define UNMAPPED    0x10UL
#define IGN ((void *)SIG_IGN)
#define DFL ((void *)SIG_DFL)

#include "expect.h"            /* expect(), passed, failed */

static long
sys_sigaction(long sig, const void *act, void *old, long size)
{
    return SYSCALL4(SYS_rt_sigaction, sig, act, old, size);
}

static void
sleep_ms(long ms)
{
    struct timespec ts = { 0, ms * 1000000 };
    nanosleep(&ts, 0);
}

/* The status wait4 reports for a child running fn. */
static int
child_status(void (*fn)(void))
{
    int status = -1;
    pid_t pid = fork();

    if (pid == 0) {
        fn();
        _exit(0);
    }
    waitpid(pid, &status, 0);
    return status;
}

/* ---- handlers */

static volatile int hits[NSIG_MAX + 1];
static volatile int last_sig;
static volatile siginfo_t last_info;
static volatile uint64_t handler_mask;

static void
count(int sig)
{
    hits[sig]++;
    last_sig = sig;
    SYSCALL4(SYS_rt_sigprocmask, SIG_BLOCK, 0, &handler_mask, 8);
}

/* SA_SIGINFO: keep the siginfo; skip the 2-byte faulting instruction. */
static void
skip_fault(int sig, siginfo_t *si, void *ucv)
{
    struct ucontext *uc = ucv;

    hits[sig]++;
    last_info = *si;
    uc->uc_mcontext.rip += 2;
}

static void
on(int sig, void *fn, unsigned long flags)
{
    struct sigaction sa = { .sa_handler = fn, .sa_flags = flags };

    sigaction(sig, &sa, 0);
}

/* ---- a handler runs and returns: registers and FPU state survive */

static void
clobber(int sig)
{
    volatile double x = 1.0;

    hits[sig]++;
    uint32_t mxcsr;
    __asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
    handler_mask = mxcsr;           /* what the handler starts with */
    mxcsr = 0x7f80;                 /* round toward zero */
    __asm__ volatile("ldmxcsr %0" : : "m"(mxcsr));
    __asm__ volatile("pcmpeqd %%xmm0, %%xmm0; pcmpeqd %%xmm15, %%xmm15" ::: "xmm0", "xmm15");
    for (int i = 0; i < 10; i++)
        x = x * 3.0 + 0.5;
}

/* (the register variables are set after every call: a call clobbers them) */
static void
check_registers(void)
{
    long rax = SYS_kill, pid = getpid();

    on(SIGUSR1, clobber, 0);
    register long r8 __asm__("r8") = 0x0808080808080808;
    register long r9 __asm__("r9") = 0x0909090909090909;
    register long r10 __asm__("r10") = 0x1010101010101010;
    register long r12 __asm__("r12") = 0x1212121212121212;
    register long r13 __asm__("r13") = 0x1313131313131313;
    register long r14 __asm__("r14") = 0x1414141414141414;
    register long r15 __asm__("r15") = 0x1515151515151515;
    register long rdx __asm__("rdx") = 0x0d0d0d0d0d0d0d0d;
    uint64_t xin[2] = { 0x0123456789abcdef, 0xfedcba9876543210 }, x0[2], x15[2];
    uint32_t mxcsr_in = 0x5f80, mxcsr_out;      /* round up */
    uint64_t out[8];

    __asm__ volatile("movdqu %[xin], %%xmm0\n\t"
                     "movdqu %[xin], %%xmm15\n\t"
                     "ldmxcsr %[min]\n\t"
                     "syscall\n\t"
                     "movdqu %%xmm0, %[x0]\n\t"
                     "movdqu %%xmm15, %[x15]\n\t"
                     "stmxcsr %[mout]\n\t"
                     "mov %%r8, 0(%[out]); mov %%r9, 8(%[out]); mov %%r10, 16(%[out])\n\t"
                     "mov %%r12, 24(%[out]); mov %%r13, 32(%[out]); mov %%r14, 40(%[out])\n\t"
                     "mov %%r15, 48(%[out]); mov %%rdx, 56(%[out])"
                     : "+a"(rax), "+r"(r8), "+r"(r9), "+r"(r10), "+r"(r12), "+r"(r13),
                       "+r"(r14), "+r"(r15), "+r"(rdx),
                       [x0] "=m"(x0), [x15] "=m"(x15), [mout] "=m"(mxcsr_out)
                     : "D"(pid), "S"((long)SIGUSR1), [xin] "m"(xin), [min] "m"(mxcsr_in),
                       [out] "r"(out)
                     : "rcx", "r11", "xmm0", "xmm15", "memory");
    uint32_t dflt = 0x1f80;
    __asm__ volatile("ldmxcsr %0" : : "m"(dflt));
    expect("handler-ran", hits[SIGUSR1], 1);
    expect("handler-fpu-clean", (long)handler_mask, 0x1f80);
    expect("kill-self-result", rax, 0);
    /* (read from out[]: a call would clobber the register variables) */
    expect("regs-r8-r10", out[0] == 0x0808080808080808 && out[1] == 0x0909090909090909 &&
           out[2] == 0x1010101010101010, 1);
    expect("regs-r12-r15", out[3] == 0x1212121212121212 && out[4] == 0x1313131313131313 &&
           out[5] == 0x1414141414141414 && out[6] == 0x1515151515151515, 1);
    expect("regs-rdx", out[7], 0x0d0d0d0d0d0d0d0d);
    expect("xmm0-preserved", x0[0] == xin[0] && x0[1] == xin[1], 1);
    expect("xmm15-preserved", x15[0] == xin[0] && x15[1] == xin[1], 1);
    expect("mxcsr-preserved", mxcsr_out, 0x5f80);
}

/* ---- SA_SIGINFO for faults caught by a handler */

static void
check_faults(void)
{
    const volatile char *text = (const char *)check_faults;

    on(SIGSEGV, skip_fault, SA_SIGINFO);
    __asm__ volatile("movl (%%rax), %%eax" : : "a"(UNMAPPED) : "memory");     /* 2 bytes */
    expect("segv-caught", hits[SIGSEGV], 1);
    expect("segv-si-signo", last_info.si_signo, SIGSEGV);
    expect("segv-si-code-maperr", last_info.si_code, SEGV_MAPERR);
    expect("segv-si-addr", (long)last_info.f.fault.addr, UNMAPPED);
    __asm__ volatile("movl %%eax, (%%rdx)" : : "d"(text) : "memory");         /* 2 bytes */
    expect("segv-write-text-caught", hits[SIGSEGV], 2);
    expect("segv-write-text-accerr", last_info.si_code, SEGV_ACCERR);
    expect("segv-write-text-addr", (long)last_info.f.fault.addr, (long)text);

    on(SIGILL, skip_fault, SA_SIGINFO);
    __asm__ volatile("ud2");                                                   /* 2 bytes */
    expect("sigill-caught", hits[SIGILL], 1);
    expect("sigill-si-code", last_info.si_code, ILL_ILLOPN);

    on(SIGFPE, skip_fault, SA_SIGINFO);
    __asm__ volatile("xor %%edx, %%edx; mov $1, %%eax; xor %%ecx, %%ecx; div %%ecx"
                     ::: "rax", "rcx", "rdx");                                 /* div: 2 bytes */
    expect("sigfpe-caught", hits[SIGFPE], 1);
    expect("sigfpe-si-code", last_info.si_code, FPE_INTDIV);
    on(SIGSEGV, DFL, 0);
    on(SIGILL, DFL, 0);
    on(SIGFPE, DFL, 0);
}

/* ---- kill, wait status, masks */

static void spin_forever(void) { for (;;) __asm__ volatile("pause"); }
static void just_exit(void) { _exit(0); }
static void ignore_everything(void)
{
    sigset_t all = ~0ULL;
    for (int s = 1; s <= NSIG_MAX; s++)
        on(s, IGN, 0);
    sigprocmask(SIG_SETMASK, &all, 0);
    kill(getpid(), SIGKILL);
    _exit(3);
}
static void usr1_exits_42(int sig) { _exit(sig == SIGUSR1 ? 42 : 1); }
static void handler_then_wait(void)
{
    on(SIGUSR1, usr1_exits_42, 0);
    for (int i = 0; i < 2000; i++)
        sleep_ms(1);
    _exit(1);
}
static void own_group_spins(void)
{
    SYSCALL2(SYS_setpgid, 0, 0);
    spin_forever();
}

static void
check_kill(void)
{
    pid_t pid;
    int status = -1;

    pid = fork();
    if (pid == 0)
        spin_forever();
    expect("kill-child", kill(pid, SIGTERM), 0);
    expect("kill-child-waited", waitpid(pid, &status, 0), pid);
    expect("kill-child-status-sigterm", status, SIGTERM);
    expect("kill-wifsignaled", WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM, 1);
    expect("sigkill-despite-ignore-and-block", child_status(ignore_everything), SIGKILL);

    pid = fork();
    if (pid == 0)
        handler_then_wait();
    sleep_ms(5);                    /* (the handler is installed by then) */
    kill(pid, SIGUSR1);
    waitpid(pid, &status, 0);
    expect("kill-child-handler-exit-42", status, 42 << 8);

    pid = fork();
    if (pid == 0)
        own_group_spins();
    sleep_ms(5);
    expect("getpgid-child", SYSCALL1(SYS_getpgid, pid), pid);
    expect("kill-group", kill(-pid, SIGQUIT), 0);
    waitpid(pid, &status, 0);
    expect("kill-group-status", status, SIGQUIT);
    expect("kill-sig0-self", kill(getpid(), 0), 0);
    expect("sigchld-default-ignored", kill(getpid(), SIGCHLD), 0);
}

static void
check_masks(void)
{
    sigset_t set = SIGBIT(SIGUSR2), got = 0;

    hits[SIGUSR2] = 0;
    on(SIGUSR2, count, 0);
    sigprocmask(SIG_BLOCK, &set, 0);
    raise(SIGUSR2);
    expect("blocked-not-delivered", hits[SIGUSR2], 0);
    sigpending(&got);
    expect("blocked-pending", got & SIGBIT(SIGUSR2) ? 1 : 0, 1);
    sigprocmask(SIG_UNBLOCK, &set, 0);
    expect("unblock-delivers", hits[SIGUSR2], 1);
    expect("handler-blocks-own-signal", handler_mask & SIGBIT(SIGUSR2) ? 1 : 0, 1);
    on(SIGUSR2, count, SA_NODEFER);
    raise(SIGUSR2);
    expect("nodefer-not-blocked", handler_mask & SIGBIT(SIGUSR2) ? 1 : 0, 0);
    set = ~0ULL;
    sigprocmask(SIG_SETMASK, &set, 0);
    sigprocmask(SIG_SETMASK, 0, &got);
    expect("kill-stop-unblockable", got & (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP)) ? 1 : 0, 0);
    set = 0;
    sigprocmask(SIG_SETMASK, &set, 0);

    struct k_sigaction old;
    on(SIGUSR2, count, SA_RESETHAND);
    raise(SIGUSR2);
    sys_sigaction(SIGUSR2, 0, &old, 8);
    expect("resethand-back-to-default", (long)old.handler, SIG_DFL);
}

/* ---- siginfo of kill() and of tgkill() */

static void
keep_info(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    hits[sig]++;
    last_info = *si;
}

static void
check_info(void)
{
    on(SIGUSR1, keep_info, SA_SIGINFO);
    kill(getpid(), SIGUSR1);
    expect("kill-si-code-user", last_info.si_code, SI_USER);
    expect("kill-si-pid", last_info.f.kill.pid, getpid());
    raise(SIGUSR1);
    expect("tgkill-si-code-tkill", last_info.si_code, SI_TKILL);
    on(SIGUSR1, DFL, 0);
}

/* ---- interrupted system calls: -EINTR, SA_RESTART */

static void
signal_parent_later(int sig1, int sig2)
{
    pid_t parent = getpid();

    if (fork() == 0) {
        sleep_ms(20);
        kill(parent, sig1);
        if (sig2) {
            sleep_ms(20);
            kill(parent, sig2);
        }
        _exit(0);
    }
}

static void
check_restart(void)
{
    char c;
    int status;
    pid_t sleeper;

    hits[SIGUSR1] = hits[SIGUSR2] = 0;
    on(SIGUSR1, count, 0);
    signal_parent_later(SIGUSR1, 0);
    expect("read-console-eintr", SYSCALL3(SYS_read, 0, &c, 1), -EINTR);
    expect("read-console-eintr-handler", hits[SIGUSR1], 1);
    while (waitpid(-1, 0, 0) > 0)
        ;
    on(SIGUSR1, count, SA_RESTART);
    on(SIGUSR2, count, 0);
    signal_parent_later(SIGUSR1, SIGUSR2);
    expect("read-console-restarted", SYSCALL3(SYS_read, 0, &c, 1), -EINTR);
    expect("read-restart-saw-both", hits[SIGUSR1] == 2 && hits[SIGUSR2] == 1, 1);
    while (waitpid(-1, 0, 0) > 0)
        ;
    /* wait4 for a child that exits after the signal: restarted */
    sleeper = fork();
    if (sleeper == 0) {
        sleep_ms(60);
        _exit(7);
    }
    signal_parent_later(SIGUSR1, 0);
    expect("wait4-restarted", waitpid(sleeper, &status, 0), sleeper);
    expect("wait4-restarted-status", status, 7 << 8);
    while (waitpid(-1, 0, 0) > 0)
        ;
    on(SIGUSR1, count, 0);
    sleeper = fork();
    if (sleeper == 0) {
        sleep_ms(60);
        _exit(7);
    }
    signal_parent_later(SIGUSR1, 0);
    expect("wait4-eintr", SYSCALL4(SYS_wait4, sleeper, &status, 0, 0), -EINTR);
    while (waitpid(-1, 0, 0) > 0)
        ;
    on(SIGUSR1, DFL, 0);
    on(SIGUSR2, DFL, 0);
}

/* ---- futex: a wait ends when the word differs, at its timeout, or for
 * a signal; with no other thread, a wake finds nobody */

#define FUTEX_WAIT_PRIVATE (FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)

static uint32_t futex_word = 5;
static const uint32_t futex_ro = 9;

static long
futex(const void *addr, long op, long val, const struct timespec *ts, long val3)
{
    return syscall6(SYS_futex, (long)addr, op, val, (long)ts, 0, val3);
}

static void
check_futex_waits(void)
{
    struct timespec ms = { 0, 1000000 }, zero = { 0, 0 }, second = { 1, 0 }, now;

    expect("futex-wait-differs", futex(&futex_word, FUTEX_WAIT, 6, 0, 0), -EAGAIN);
    expect("futex-wait-private-differs", futex(&futex_ro, FUTEX_WAIT_PRIVATE, 0, 0, 0), -EAGAIN);
    expect("futex-wait-times-out", futex(&futex_word, FUTEX_WAIT, 5, &ms, 0), -ETIMEDOUT);
    expect("futex-wait-zero-timeout", futex(&futex_ro, FUTEX_WAIT_PRIVATE, 9, &zero, 0),
           -ETIMEDOUT);
    clock_gettime(CLOCK_MONOTONIC, &now);
    now.tv_nsec += 1000000;             /* a deadline 1-2 ms ahead */
    if (now.tv_nsec >= 1000000000)
        now.tv_sec++, now.tv_nsec -= 1000000000;
    expect("futex-wait-bitset-deadline", futex(&futex_word, FUTEX_WAIT_BITSET, 5, &now, 1),
           -ETIMEDOUT);
    expect("futex-wait-bitset-realtime-past",
           futex(&futex_word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 5, &ms, -1), -ETIMEDOUT);
    expect("futex-wake-nobody", futex(&futex_word, FUTEX_WAKE, 1, 0, 0), 0);
    expect("futex-wake-private-nobody", futex(&futex_word, FUTEX_WAKE_PRIVATE, 0x7fffffff, 0, 0),
           0);
    /* a signal: -EINTR without SA_RESTART; with it, an untimed wait goes
     * on (until the second signal, whose handler does not restart), and a
     * timed one ends with -EINTR all the same (Linux's rule) */
    hits[SIGUSR1] = hits[SIGUSR2] = 0;
    on(SIGUSR1, count, 0);
    signal_parent_later(SIGUSR1, 0);
    expect("futex-wait-eintr", futex(&futex_word, FUTEX_WAIT, 5, 0, 0), -EINTR);
    expect("futex-wait-eintr-handler", hits[SIGUSR1], 1);
    while (waitpid(-1, 0, 0) > 0)
        ;
    on(SIGUSR1, count, SA_RESTART);
    on(SIGUSR2, count, 0);
    signal_parent_later(SIGUSR1, SIGUSR2);
    expect("futex-wait-restarted", futex(&futex_word, FUTEX_WAIT_PRIVATE, 5, 0, 0), -EINTR);
    expect("futex-restart-saw-both", hits[SIGUSR1] == 2 && hits[SIGUSR2] == 1, 1);
    while (waitpid(-1, 0, 0) > 0)
        ;
    signal_parent_later(SIGUSR1, 0);
    expect("futex-timed-wait-eintr", futex(&futex_word, FUTEX_WAIT, 5, &second, 0), -EINTR);
    while (waitpid(-1, 0, 0) > 0)
        ;
    on(SIGUSR1, DFL, 0);
    on(SIGUSR2, DFL, 0);
}

static void
check_futex_bad_input(void)
{
    struct timespec ms = { 0, 1000000 }, nsec_big = { 0, 1000000000 }, sec_neg = { -1, 0 };

    expect("futex-wait-null", futex(0, FUTEX_WAIT, 0, 0, 0), -EFAULT);
    expect("futex-wait-kernel", futex((void *)KERNEL_HALF, FUTEX_WAIT, 0, 0, 0), -EFAULT);
    expect("futex-wait-unmapped", futex((void *)UNMAPPED, FUTEX_WAIT_PRIVATE, 0, 0, 0), -EFAULT);
    expect("futex-wait-non-canonical", futex((void *)0x800000000000UL, FUTEX_WAIT, 0, 0, 0),
           -EFAULT);
    expect("futex-wait-misaligned", futex((char *)&futex_word + 1, FUTEX_WAIT, 5, 0, 0), -EINVAL);
    expect("futex-timeout-kernel", futex(&futex_word, FUTEX_WAIT, 6, (void *)KERNEL_HALF, 0),
           -EFAULT);
    expect("futex-timeout-unmapped", futex(&futex_word, FUTEX_WAIT, 5, (void *)UNMAPPED, 0),
           -EFAULT);
    expect("futex-timeout-nsec-big", futex(&futex_word, FUTEX_WAIT, 5, &nsec_big, 0), -EINVAL);
    expect("futex-timeout-sec-negative", futex(&futex_word, FUTEX_WAIT, 5, &sec_neg, 0), -EINVAL);
    expect("futex-wait-bitset-zero", futex(&futex_word, FUTEX_WAIT_BITSET, 5, &ms, 0), -EINVAL);
    expect("futex-wake-bitset-zero", futex(&futex_word, FUTEX_WAKE_BITSET, 1, 0, 0), -EINVAL);
    expect("futex-wait-realtime-flag", futex(&futex_word, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 5,
                                             &ms, 0), -ENOSYS);
    expect("futex-wake-private-unmapped", futex((void *)UNMAPPED, FUTEX_WAKE_PRIVATE, 1, 0, 0), 0);
    expect("futex-wake-shared-unmapped", futex((void *)UNMAPPED, FUTEX_WAKE, 1, 0, 0), -EFAULT);
    expect("futex-wake-kernel", futex((void *)KERNEL_HALF, FUTEX_WAKE_PRIVATE, 1, 0, 0), -EFAULT);
    expect("futex-wake-misaligned", futex((char *)&futex_word + 2, FUTEX_WAKE, 1, 0, 0), -EINVAL);
    expect("futex-unknown-op", futex(&futex_word, 14, 0, 0, 0), -ENOSYS);
    expect("futex-op-negative", futex(&futex_word, -1, 0, 0, 0), -ENOSYS);
}

/* ---- sigaltstack: SA_ONSTACK handlers run on the alternate stack */

static char altstack[16384] __attribute__((aligned(16)));
static volatile uint64_t handler_rsp;
static volatile long handler_query, handler_change;

static long
sys_sigaltstack(const void *ss, void *old)
{
    return SYSCALL2(SYS_sigaltstack, ss, old);
}

static int
on_altstack(uint64_t addr)
{
    return addr > (uint64_t)altstack && addr <= (uint64_t)altstack + sizeof(altstack);
}

static void
note_stack(int sig)
{
    stack_t now, other = { (uint64_t)altstack, 0, 0, sizeof(altstack) };
    volatile int here;

    handler_rsp = (uint64_t)&here;
    handler_query = sys_sigaltstack(0, &now) == 0 ? now.ss_flags : -1;
    handler_change = sys_sigaltstack(&other, 0);    /* not while on it */
    hits[sig]++;
}

static void exit_42(int sig) { _exit(sig == SIGSEGV ? 42 : 1); }

/* The stack pointer goes bad: the SIGSEGV handler can run only on the
 * alternate stack (frame-on-bad-stack-killed-segv: without one, killed). */
static void
overflow_on_altstack(void)
{
    stack_t ss = { (uint64_t)altstack, 0, 0, sizeof(altstack) };
    struct sigaction sa = { .sa_handler = exit_42, .sa_flags = SA_ONSTACK };

    sys_sigaltstack(&ss, 0);
    sigaction(SIGSEGV, &sa, 0);
    __asm__ volatile("mov $0x1000, %%rsp; push %%rax; ud2" : : : "memory");
}

/* a child: the alternate stack is its parent's */
static void
just_check_altstack(void)
{
    stack_t old;

    sys_sigaltstack(0, &old);
    _exit(old.ss_sp == (uint64_t)altstack && old.ss_flags == 0 ? 0 : 1);
}

static void
exec_with_altstack(void)
{
    char *argv[] = { "/bin/sigtest", "altstack-check", 0 }, *envp[] = { 0 };
    stack_t ss = { (uint64_t)altstack, 0, 0, sizeof(altstack) };

    sys_sigaltstack(&ss, 0);
    execve(argv[0], argv, envp);
    _exit(9);
}

static void
check_altstack(void)
{
    stack_t ss = { (uint64_t)altstack, 0, 0, sizeof(altstack) }, old;

    expect("altstack-none-at-start", (sys_sigaltstack(0, &old), old.ss_flags), SS_DISABLE);
    expect("altstack-set", sys_sigaltstack(&ss, 0), 0);
    expect("altstack-query", sys_sigaltstack(0, &old) == 0 && old.ss_flags == 0 &&
                             old.ss_sp == (uint64_t)altstack && old.ss_size == sizeof(altstack), 1);
    on(SIGUSR1, note_stack, SA_ONSTACK);
    on(SIGUSR2, note_stack, 0);
    raise(SIGUSR1);
    expect("altstack-handler-on-it", on_altstack(handler_rsp), 1);
    expect("altstack-handler-sees-onstack", handler_query, SS_ONSTACK);
    expect("altstack-change-while-on-it", handler_change, -EPERM);
    raise(SIGUSR2);
    expect("altstack-no-sa-onstack-not-on-it", on_altstack(handler_rsp), 0);
    expect("altstack-overflow-caught", child_status(overflow_on_altstack), 42 << 8);
    expect("altstack-fork-inherits", child_status(just_check_altstack), 0);
    expect("altstack-exec-clears", child_status(exec_with_altstack), 0);
    ss.ss_size = MINSIGSTKSZ - 1;
    expect("altstack-too-small", sys_sigaltstack(&ss, 0), -ENOMEM);
    ss.ss_size = sizeof(altstack), ss.ss_flags = 5;
    expect("altstack-bad-flags", sys_sigaltstack(&ss, 0), -EINVAL);
    ss.ss_flags = (int32_t)SS_AUTODISARM;
    expect("altstack-autodisarm-refused", sys_sigaltstack(&ss, 0), -EINVAL);
    expect("altstack-ss-unmapped", sys_sigaltstack((void *)UNMAPPED, 0), -EFAULT);
    expect("altstack-old-kernel", sys_sigaltstack(0, (void *)KERNEL_HALF), -EFAULT);
    ss.ss_flags = SS_DISABLE;
    expect("altstack-disable", sys_sigaltstack(&ss, 0), 0);
    expect("altstack-disabled", (sys_sigaltstack(0, &old), old.ss_flags), SS_DISABLE);
    on(SIGUSR1, DFL, 0);
    on(SIGUSR2, DFL, 0);
}

/* ---- ppoll's signal mask: in force while it waits, the old one after */

static void
check_ppoll_mask(void)
{
    int fds[2];
    struct pollfd p;
    sigset_t usr1 = 1UL << (SIGUSR1 - 1), none = 0, now;
    struct timespec zero = { 0, 0 }, second = { 1, 0 };

    pipe(fds);
    p = (struct pollfd){ .fd = fds[0], .events = POLLIN };
    hits[SIGUSR1] = 0;
    on(SIGUSR1, count, 0);
    sigprocmask(SIG_BLOCK, &usr1, 0);
    signal_parent_later(SIGUSR1, 0);
    expect("ppoll-mask-unblocks-eintr", syscall6(SYS_ppoll, (long)&p, 1, (long)&second,
                                                 (long)&none, 8, 0), -EINTR);
    expect("ppoll-mask-handler-ran", hits[SIGUSR1], 1);
    expect("ppoll-mask-restored", (sigprocmask(SIG_BLOCK, 0, &now), now & usr1), usr1);
    while (waitpid(-1, 0, 0) > 0)
        ;
    kill(getpid(), SIGUSR1);                /* pending, blocked ... */
    expect("ppoll-mask-still-blocks", syscall6(SYS_ppoll, (long)&p, 1, (long)&zero, (long)&usr1, 8,
                                               0), 0);
    expect("ppoll-mask-pending-kept", hits[SIGUSR1], 1);
    sigprocmask(SIG_UNBLOCK, &usr1, 0);     /* ... delivered now */
    expect("ppoll-mask-delivered-after", hits[SIGUSR1], 2);
    close(fds[0]), close(fds[1]);
    on(SIGUSR1, DFL, 0);
}

/* ---- bad input: each call refuses it, nothing crashes */

static void bad_frame_stack(void)
{
    on(SIGUSR1, count, 0);
    __asm__ volatile("mov $0x1000, %%rsp; syscall; ud2"     /* kill(self) on a bad stack */
                     : : "a"((long)SYS_kill), "D"((long)getpid()), "S"((long)SIGUSR1));
}
static void no_restorer(void)
{
    struct k_sigaction ka = { (uint64_t)count, 0, 0, 0 };
    sys_sigaction(SIGUSR1, &ka, 0, 8);
    raise(SIGUSR1);
    _exit(0);
}
static void sigreturn_garbage(void)
{
    __asm__ volatile("mov $0x10, %%rsp; syscall; ud2" : : "a"((long)SYS_rt_sigreturn));
}
static void to_kernel_cs(int sig, siginfo_t *si, void *ucv)
{
    struct ucontext *uc = ucv;

    (void)sig, (void)si;
    uc->uc_mcontext.cs = 0x08;                  /* the kernel's code segment */
    uc->uc_mcontext.ss = 0x10;
    uc->uc_mcontext.eflags |= 0x3000 | 0x4000;  /* IOPL 3, NT */
}
static void sigreturn_privileged(void)
{
    uint16_t cs;
    uint64_t flags;

    on(SIGUSR1, to_kernel_cs, SA_SIGINFO);
    raise(SIGUSR1);
    __asm__ volatile("mov %%cs, %0; pushfq; pop %1" : "=r"(cs), "=r"(flags));
    _exit((cs & 3) == 3 && !(flags & 0x7000) ? 0 : 1);
}
static void to_non_canonical(int sig, siginfo_t *si, void *ucv)
{
    (void)sig, (void)si;
    ((struct ucontext *)ucv)->uc_mcontext.rip = 0x0000800000000000UL;
}
static void sigreturn_non_canonical(void)
{
    on(SIGUSR1, to_non_canonical, SA_SIGINFO);
    raise(SIGUSR1);
    _exit(0);
}

static void
check_bad_input(void)
{
    struct k_sigaction ka = { (uint64_t)count, SA_RESTORER, (uint64_t)__restore_rt, 0 }, old;
    sigset_t set = 0;

    expect("sigaction-act-unmapped", sys_sigaction(SIGUSR1, (void *)UNMAPPED, 0, 8), -EFAULT);
    expect("sigaction-act-kernel", sys_sigaction(SIGUSR1, (void *)KERNEL_HALF, 0, 8), -EFAULT);
    expect("sigaction-oact-kernel", sys_sigaction(SIGUSR1, 0, (void *)KERNEL_HALF, 8), -EFAULT);
    expect("sigaction-sig-0", sys_sigaction(0, &ka, 0, 8), -EINVAL);
    expect("sigaction-sig-65", sys_sigaction(65, &ka, 0, 8), -EINVAL);
    expect("sigaction-sig-negative", sys_sigaction(-1, &ka, 0, 8), -EINVAL);
    expect("sigaction-sigsetsize-4", sys_sigaction(SIGUSR1, &ka, 0, 4), -EINVAL);
    expect("sigaction-sigkill", sys_sigaction(SIGKILL, &ka, 0, 8), -EINVAL);
    expect("sigaction-sigstop", sys_sigaction(SIGSTOP, &ka, 0, 8), -EINVAL);
    expect("sigaction-sigkill-query", sys_sigaction(SIGKILL, 0, &old, 8), 0);
    expect("sigaction-sig-64-ok", sys_sigaction(64, &ka, 0, 8), 0);
    expect("sigprocmask-bad-how", SYSCALL4(SYS_rt_sigprocmask, 7, &set, 0, 8), -EINVAL);
    expect("sigprocmask-set-unmapped", SYSCALL4(SYS_rt_sigprocmask, SIG_BLOCK, UNMAPPED, 0, 8),
           -EFAULT);
    expect("sigprocmask-oset-kernel", SYSCALL4(SYS_rt_sigprocmask, SIG_BLOCK, 0, KERNEL_HALF, 8),
           -EFAULT);
    expect("sigprocmask-sigsetsize-16", SYSCALL4(SYS_rt_sigprocmask, SIG_BLOCK, &set, 0, 16),
           -EINVAL);
    expect("sigpending-bad-pointer", SYSCALL2(SYS_rt_sigpending, KERNEL_HALF, 8), -EFAULT);
    expect("kill-sig-65", SYSCALL2(SYS_kill, getpid(), 65), -EINVAL);
    expect("kill-no-such-pid", SYSCALL2(SYS_kill, 99999, SIGUSR1), -ESRCH);
    expect("kill-no-such-group", SYSCALL2(SYS_kill, -99999, SIGUSR1), -ESRCH);
    expect("tgkill-tgid-0", SYSCALL3(SYS_tgkill, 0, getpid(), SIGUSR1), -EINVAL);
    expect("tgkill-tid-negative", SYSCALL3(SYS_tgkill, getpid(), -5, SIGUSR1), -EINVAL);
    expect("tgkill-no-such-tid", SYSCALL3(SYS_tgkill, getpid(), 99999, SIGUSR1), -ESRCH);
    expect("tgkill-wrong-tgid", SYSCALL3(SYS_tgkill, getpid() + 1000, getpid(), SIGUSR1), -ESRCH);
    expect("tgkill-sig-65", SYSCALL3(SYS_tgkill, getpid(), getpid(), 65), -EINVAL);
    expect("tkill-no-such-tid", SYSCALL2(SYS_tkill, 99999, SIGUSR1), -ESRCH);
    expect("setpgid-no-such-pid", SYSCALL2(SYS_setpgid, 99999, 0), -ESRCH);
    expect("setpgid-negative", SYSCALL2(SYS_setpgid, 0, -1), -EINVAL);
    expect("setpgid-no-such-group", SYSCALL2(SYS_setpgid, 0, 99999), -EPERM);
    expect("getpgid-no-such-pid", SYSCALL1(SYS_getpgid, 99999), -ESRCH);
    /* frames: no room on the stack, no restorer, garbage, privilege */
    expect("frame-on-bad-stack-killed-segv", child_status(bad_frame_stack), SIGSEGV);
    expect("no-restorer-killed-segv", child_status(no_restorer), SIGSEGV);
    expect("sigreturn-garbage-killed-segv", child_status(sigreturn_garbage), SIGSEGV);
    expect("sigreturn-kernel-cs-iopl-refused", child_status(sigreturn_privileged), 0);
    expect("sigreturn-non-canonical-killed-segv", child_status(sigreturn_non_canonical), SIGSEGV);
    sys_sigaction(64, 0, 0, 8);
}

/* ---- clone(CLONE_VM): one address space, two processes */

#define CLONE_FILES   0x00000400
#define CLONE_SIGHAND 0x00000800
#define CLONE_THREAD  0x00010000

long clone_run(unsigned long flags, void *stack_top, int (*fn)(void *), void *arg);

static char vm_stack[16384] __attribute__((aligned(16)));      /* the child's */
static volatile long vm_word;           /* written by the child, read by the parent */
static volatile char *vm_area;          /* an mmap of the child's */
static uint32_t vm_futex;               /* the word the child waits on */
static volatile long vm_waited = -1;    /* what its FUTEX_WAIT returned */
static long *volatile vm_bad = (long *)UNMAPPED;    /* the compiler cannot see it */

static int
vm_writer(void *arg)
{
    vm_word = (long)arg;
    vm_area = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (vm_area != MAP_FAILED)
        vm_area[100] = 7;
    SYSCALL1(SYS_brk, SYSCALL1(SYS_brk, 0) + 4096);     /* the heap grows for both */
    return 3;
}

static int
vm_waiter(void *arg)
{
    (void)arg;
    vm_waited = futex(&vm_futex, FUTEX_WAIT_PRIVATE, 0, 0, 0);
    return 0;
}

static int
vm_faulter(void *arg)
{
    (void)arg;
    vm_word = 1;
    *vm_bad = 1;                        /* killed: SIGSEGV, the parent lives on */
    return 0;
}

/* wait4's status for pid, or pid itself if clone failed. */
static int
vm_status(long pid)
{
    int status = -1;

    return pid > 0 && waitpid((pid_t)pid, &status, 0) == pid ? status : (int)pid;
}

/* The child writes a word, maps a page, moves the break; with CLONE_VFORK
 * the parent goes on once it has exited, and finds all three in its own
 * memory, which the child's exit left intact. */
static void
check_clone_vm(void)
{
    char *top = vm_stack + sizeof(vm_stack);
    long brk_before = SYSCALL1(SYS_brk, 0), pid, woken = 0;

    pid = clone_run(CLONE_VM | CLONE_VFORK | SIGCHLD_NUMBER, top, vm_writer, (void *)42L);
    expect("clone-vm-status", vm_status(pid), 3 << 8);
    expect("clone-vm-child-write-seen", vm_word, 42);
    expect("clone-vm-child-mmap-seen", vm_area != MAP_FAILED && vm_area && vm_area[100] == 7, 1);
    expect("clone-vm-child-brk-seen", SYSCALL1(SYS_brk, 0), brk_before + 4096);
    expect("clone-vm-munmap-child-area", munmap((void *)vm_area, 4096), 0);
    SYSCALL1(SYS_brk, brk_before);

    /* without CLONE_VFORK both run: the child sleeps in FUTEX_WAIT, and
     * the parent's FUTEX_WAKE finds it (yielding until it is asleep) */
    pid = clone_run(CLONE_VM | SIGCHLD_NUMBER, top, vm_waiter, 0);
    for (int i = 0; pid > 0 && i < 1000 && !woken; i++) {
        SYSCALL0(SYS_sched_yield);
        woken = futex(&vm_futex, FUTEX_WAKE_PRIVATE, 1, 0, 0);
    }
    expect("futex-wake-clone-vm-waiter", woken, 1);
    expect("futex-wait-woken-clone-vm", (vm_status(pid), vm_waited), 0);

    /* a fault kills only the child; the shared memory stays the parent's */
    vm_word = 0;
    pid = clone_run(CLONE_VM | CLONE_VFORK | SIGCHLD_NUMBER, top, vm_faulter, 0);
    expect("clone-vm-fault-kills-child", vm_status(pid), SIGSEGV);
    expect("clone-vm-parent-memory-intact", vm_word, 1);

    expect("clone-vm-no-stack", SYSCALL2(SYS_clone, CLONE_VM | CLONE_VFORK | SIGCHLD_NUMBER, 0),
           -EINVAL);
    expect("clone-vm-cleartid", clone_run(CLONE_VM | CLONE_CHILD_CLEARTID | SIGCHLD_NUMBER, top,
                                          vm_writer, 0), -EINVAL);
    expect("clone-thread-flags", clone_run(CLONE_VM | CLONE_SIGHAND | CLONE_THREAD, top, vm_writer, 0),
           -EINVAL);
    expect("clone-vm-files", clone_run(CLONE_VM | CLONE_FILES | SIGCHLD_NUMBER, top, vm_writer, 0),
           -EINVAL);
}

/* sigtest vm-shootdown: the child reads a page over and over on another
 * CPU (its TLB holds the page); the parent unmaps it without ever giving
 * way. The unmapping CPU must make the other forget the page (mm/tlb.h's
 * tlb_shootdown_user): the child's next read faults, SIGSEGV. Without the
 * shootdown it goes on reading the freed frame through its stale
 * translation, and exits 0 after 100,000 more reads. */
static volatile long vm_reads;          /* the child's reads of the page */
static volatile int vm_unmapped;        /* set by the parent after munmap */

static int
vm_reader(void *arg)
{
    volatile long *page = arg;
    long after = 0;

    while (after < 100000) {
        vm_word = *page;                /* faults once the page is gone */
        vm_reads++;
        if (vm_unmapped)
            after++;
    }
    return 0;
}

static int
vm_shootdown(void)
{
    long *page = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    long pid;

    expect("shootdown-mmap", page != MAP_FAILED, 1);
    *page = 5;
    pid = clone_run(CLONE_VM | SIGCHLD_NUMBER, vm_stack + sizeof(vm_stack), vm_reader, page);
    while (pid > 0 && vm_reads < 1000)
        ;                               /* until it runs, on another CPU */
    expect("shootdown-munmap", munmap(page, 4096), 0);
    vm_unmapped = 1;
    expect("shootdown-sibling-faults", vm_status(pid), SIGSEGV);
    printf("sigtest vm-shootdown: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}

/* ---- the console as a terminal */

static void
check_tty(void)
{
    struct termios t;
    struct winsize ws;
    int pgrp = -1, me = (int)SYSCALL0(SYS_getpgrp);

    expect("tcgets", SYSCALL3(SYS_ioctl, 0, TCGETS, &t), 0);
    expect("tcgets-icanon-isig", (t.c_lflag & (ICANON | ISIG)) == (ICANON | ISIG), 1);
    expect("tcgets-vintr", t.c_cc[VINTR], 3);
    expect("tcsets", SYSCALL3(SYS_ioctl, 0, TCSETS, &t), 0);
    expect("tcsetsw", SYSCALL3(SYS_ioctl, 1, TCSETSW, &t), 0);
    expect("tiocgwinsz", SYSCALL3(SYS_ioctl, 1, TIOCGWINSZ, &ws), 0);
    expect("tiocgwinsz-80-cols", ws.ws_col, 80);
    expect("tiocgpgrp", SYSCALL3(SYS_ioctl, 0, TIOCGPGRP, &pgrp), 0);
    expect("tiocgpgrp-is-init", pgrp, me);
    expect("tiocspgrp-self", SYSCALL3(SYS_ioctl, 0, TIOCSPGRP, &me), 0);
    pgrp = 99999;
    expect("tiocspgrp-no-such-group", SYSCALL3(SYS_ioctl, 0, TIOCSPGRP, &pgrp), -ESRCH);
    pgrp = -1;
    expect("tiocspgrp-negative", SYSCALL3(SYS_ioctl, 0, TIOCSPGRP, &pgrp), -EINVAL);
    expect("tiocspgrp-bad-pointer", SYSCALL3(SYS_ioctl, 0, TIOCSPGRP, KERNEL_HALF), -EFAULT);
    expect("tcgets-bad-pointer", SYSCALL3(SYS_ioctl, 0, TCGETS, UNMAPPED), -EFAULT);
    expect("tcsets-bad-pointer", SYSCALL3(SYS_ioctl, 0, TCSETS, KERNEL_HALF), -EFAULT);
    expect("ioctl-unknown-enotty", SYSCALL3(SYS_ioctl, 0, 0x1234, 0), -ENOTTY);
    expect("ioctl-bad-fd", SYSCALL3(SYS_ioctl, 99, TCGETS, &t), -EBADF);
}

/* ---- exec: handlers back to SIG_DFL, ignored stays ignored */

static int
exec_check(void)
{
    struct k_sigaction a, b;

    sys_sigaction(SIGUSR1, 0, &a, 8);
    sys_sigaction(SIGUSR2, 0, &b, 8);
    return a.handler == SIG_DFL && b.handler == SIG_IGN ? 0 : 1;
}

static void
check_exec(void)
{
    int status = -1;
    pid_t pid = fork();

    if (pid == 0) {
        char *argv[] = { "/bin/sigtest", "exec-check", 0 }, *envp[] = { 0 };
        on(SIGUSR1, count, 0);
        on(SIGUSR2, IGN, 0);
        execve(argv[0], argv, envp);
        _exit(9);
    }
    waitpid(pid, &status, 0);
    expect("exec-resets-handlers-keeps-ignored", status, 0);
}

/* ---- SIGCHLD: sent at a child's exit, ignored by default */

static void
check_sigchld(void)
{
    hits[SIGCHLD] = 0;
    on(SIGCHLD, count, 0);
    expect("sigchld-child-status", child_status(just_exit), 0);
    expect("sigchld-handler-ran", hits[SIGCHLD], 1);
    on(SIGCHLD, DFL, 0);
}

/* ---- Ctrl-C on the console (stdin holds a 0x03) */

static int
ctrlc(const char *mode)
{
    struct termios t;
    char c;

    if (!strcmp(mode, "ctrlc-default")) {
        printf("sigtest: spinning until ^C\n");
        SYSCALL3(SYS_ioctl, 0, TCGETS, &t);     /* the terminal starts: ^C arrives */
        for (volatile long i = 0; i < 4000000000L; i++)
            ;
        printf("sigtest: NOT KILLED\n");
        return 1;
    }
    on(SIGINT, count, 0);
    if (!strcmp(mode, "ctrlc-read")) {
        expect("ctrlc-interrupts-read", SYSCALL3(SYS_read, 0, &c, 1), -EINTR);
    } else {
        SYSCALL3(SYS_ioctl, 0, TCGETS, &t);
        for (volatile long i = 0; i < 100000000L && !hits[SIGINT]; i++)
            ;
    }
    expect("ctrlc-sigint-caught", hits[SIGINT], 1);
    printf("sigtest: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}

int
main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "exec-check"))
        return exec_check();
    if (argc > 1 && !strcmp(argv[1], "altstack-check")) {   /* exec dropped it */
        stack_t old;
        return sys_sigaltstack(0, &old) == 0 && old.ss_flags == SS_DISABLE ? 0 : 1;
    }
    if (argc > 1 && !strcmp(argv[1], "vm-shootdown"))
        return vm_shootdown();
    if (argc > 1 && !strncmp(argv[1], "ctrlc", 5))
        return ctrlc(argv[1]);
    check_registers();
    check_faults();
    check_info();
    check_masks();
    check_kill();
    check_restart();
    check_futex_waits();
    check_altstack();
    check_ppoll_mask();
    check_futex_bad_input();
    check_clone_vm();
    check_bad_input();
    check_tty();
    check_exec();
    check_sigchld();
    printf("sigtest: %d passed, %d failed\n", passed, failed);
    if (argc > 1)
        printf("arg: %s\n", argv[1]);
    return failed != 0;
}

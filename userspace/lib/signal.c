/* signal.c — the signal wrappers (see <signal.h>). */
#include <ringlab/syscall.h>
#include <errno.h>
#include <signal.h>

/* A handler's return address: rt_sigreturn takes the frame below RSP
 * (the kernel's rt_sigframe) and never returns here. */
__asm__(".text\n"
        ".globl __restore_rt\n"
        ".type __restore_rt, @function\n"
        "__restore_rt:\n"
        "    mov $15, %eax\n"           /* SYS_rt_sigreturn */
        "    syscall\n"
        "    hlt\n"                     /* (never reached) */
        ".size __restore_rt, . - __restore_rt\n");

int
sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
    struct sigaction k;

    if (act) {
        k = *act;
        k.sa_flags |= SA_RESTORER;
        k.sa_restorer = __restore_rt;
        act = &k;
    }
    return (int)syscall_result(SYSCALL4(SYS_rt_sigaction, sig, act, old, sizeof(sigset_t)));
}

sighandler_t
signal(int sig, sighandler_t handler)
{
    struct sigaction sa = { .sa_handler = handler, .sa_flags = SA_RESTART }, old;

    if (sigaction(sig, &sa, &old) < 0)
        return SIG_ERR;
    return old.sa_handler;
}

int
sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
    return (int)syscall_result(SYSCALL4(SYS_rt_sigprocmask, how, set, old, sizeof(sigset_t)));
}

int
sigpending(sigset_t *set)
{
    return (int)syscall_result(SYSCALL2(SYS_rt_sigpending, set, sizeof(sigset_t)));
}

int
kill(pid_t pid, int sig)
{
    return (int)syscall_result(SYSCALL2(SYS_kill, pid, sig));
}

int
raise(int sig)
{
    long pid = SYSCALL0(SYS_getpid);

    return (int)syscall_result(SYSCALL3(SYS_tgkill, pid, pid, sig));
}

static int
bad(int sig)
{
    if (sig >= 1 && sig <= NSIG_MAX)
        return 0;
    errno = EINVAL;
    return 1;
}

int sigemptyset(sigset_t *set) { *set = 0; return 0; }
int sigfillset(sigset_t *set) { *set = ~0ULL; return 0; }
int sigaddset(sigset_t *set, int sig) { return bad(sig) ? -1 : (*set |= SIGBIT(sig), 0); }
int sigdelset(sigset_t *set, int sig) { return bad(sig) ? -1 : (*set &= ~SIGBIT(sig), 0); }
int sigismember(const sigset_t *set, int sig) { return bad(sig) ? -1 : !!(*set & SIGBIT(sig)); }

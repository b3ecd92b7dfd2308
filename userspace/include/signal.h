/* signal.h — signals: handlers, masks, kill (the full kernel has them).
 *
 * struct sigaction here has the kernel's layout (<ringlab/abi.h>'s struct
 * k_sigaction), so sigaction() hands it over as it is, with SA_RESTORER
 * and libc's __restore_rt, the function a handler returns to: it calls
 * rt_sigreturn. The numbers, siginfo_t and ucontext are <ringlab/abi.h>'s. */
#ifndef _SIGNAL_H
#define _SIGNAL_H

#include <ringlab/abi.h>
#include <sys/types.h>

typedef uint64_t sigset_t;
typedef void (*sighandler_t)(int);

struct sigaction {
    union {
        void (*sa_handler)(int);
        void (*sa_sigaction)(int, siginfo_t *, void *);
    };
    unsigned long sa_flags;
    void (*sa_restorer)(void);
    sigset_t sa_mask;
};
_Static_assert(sizeof(struct sigaction) == sizeof(struct k_sigaction), "the kernel's layout");

#define SIG_ERR ((sighandler_t)-1)

int sigaction(int sig, const struct sigaction *act, struct sigaction *old);
sighandler_t signal(int sig, sighandler_t handler);     /* with SA_RESTART */
int sigprocmask(int how, const sigset_t *set, sigset_t *old);
int sigpending(sigset_t *set);
int kill(pid_t pid, int sig);
int raise(int sig);
int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int sig);
int sigdelset(sigset_t *set, int sig);
int sigismember(const sigset_t *set, int sig);
void __restore_rt(void);        /* what handlers return to (SA_RESTORER) */

#endif

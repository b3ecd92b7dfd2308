/* signal.h — signals (the full kernel): sending, masks, delivery.
 *
 * A signal sent to a process becomes a bit in its pending set. It is
 * delivered on the process's next way back to ring 3, unless blocked: the
 * way back (interrupt_exit, and the SYSRET path, which turns to IRETQ)
 * tests one per-CPU byte, percpu.signal_work, and only if it is set calls
 * signal_return_to_user. That byte says "the running process has an
 * unblocked pending signal, or a frame to leave with IRETQ"; the
 * scheduler sets it for each process it runs (signal_work_refresh).
 *
 * Delivery runs the signal's action: ignore, terminate (wait4 shows the
 * signal), or a handler, for which a Linux rt_sigframe is written on the
 * user stack (struct rt_sigframe, <ringlab/abi.h>). The handler returns to
 * sa_restorer, which calls rt_sigreturn (sys_signal.c), which puts the
 * saved registers back. */
#ifndef RINGLAB_SIGNAL_H
#define RINGLAB_SIGNAL_H

#include <stdint.h>
#include "arch/x86_64/trap_frame.h"
#include "ringlab/abi.h"

/* Kernel-only result: "interrupted by a signal; restart me if the handler
 * says SA_RESTART, else the caller sees -EINTR". Never reaches ring 3. */
#define ERESTARTSYS 512

struct sig_info {                   /* what siginfo_t will say */
    int32_t code, pid;
    uint64_t addr;
};

/* A process's signal state (struct process, field sig). */
struct signals {
    uint64_t pending, blocked;      /* SIGBIT(n) for signal n */
    struct k_sigaction action[NSIG_MAX];
    struct sig_info info[NSIG_MAX];
    uint64_t fault_trapno, fault_err, fault_cr2;   /* the last user fault */
    int pgid;                       /* process group; 0: its own pid */
    int restart_nr;                 /* the syscall that said -ERESTARTSYS */
    uint8_t restart;                /* ... if set */
    uint8_t restore_blocked;        /* ppoll: `saved_blocked` is the mask to go back to */
    uint64_t saved_blocked;
    uint64_t alt_sp, alt_size;      /* sigaltstack; alt_size 0: none */
};

struct process;

/* Sends sig (1..64) to p as the kernel (si_code SI_KERNEL): for others,
 * e.g. SIGPIPE from a pipe. A process that has exited ignores it. */
void signal_send(struct process *p, int sig);
/* ... with the siginfo fields given (kill: SI_USER and the sender's pid). */
void signal_send_info(struct process *p, int sig, int code, int pid, uint64_t addr);
/* Sends sig to every live process of group pgid; how many there were. */
int signal_send_group(int pgid, int sig, int code, int pid);

/* p's process group. */
int signal_pgid(const struct process *p);
/* Has p an unblocked signal pending? (A blocking syscall asks, to stop.) */
int signal_pending(const struct process *p);
/* A blocking syscall `nr` gives up for a signal: -ERESTARTSYS. */
int64_t signal_interrupted(int nr);
/* percpu.signal_work := whether the running process p has work (sched.c). */
void signal_work_refresh(struct process *p);

/* A ring-3 fault (user_fault.c): queued for a handler if one is installed
 * and the signal is not blocked (1), else 0: the caller kills as before. */
int signal_user_fault(struct process *p, struct trap_frame *tf, int sig);

/* fork: the child's copy; exec: handlers back to SIG_DFL. */
void signal_fork(struct process *child, const struct process *parent);
void signal_exec(struct process *p);

/* ppoll: `mask` is the signal mask while it waits; after, the old one is
 * back — at once (signal_mask_after_wait), or, if the wait ended for a
 * signal, once its handler has run (the frame keeps the old mask). */
void signal_mask_during_wait(struct process *p, uint64_t mask);
void signal_mask_after_wait(struct process *p);

/* sigaltstack: the alternate stack's settings into *old (if old), then
 * `ss` (if ss) made the new ones. rsp: the caller's user stack pointer.
 * 0, -EPERM (changing it while on it), -EINVAL, -ENOMEM (too small). */
int signal_altstack(struct process *p, const stack_t *ss, stack_t *old, uint64_t rsp);

/* rt_sigreturn: the frame at the user RSP back into tf (0), or kills. */
int64_t signal_return(struct trap_frame *tf);

/* Called by interrupt_return.asm when percpu.signal_work is set, with the
 * frame about to be returned to. Interrupts are off. */
void signal_return_to_user(struct trap_frame *tf);

#endif

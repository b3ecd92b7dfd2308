/* sys_signal.c — the signal system calls (the full kernel).
 *
 * rt_sigaction, rt_sigprocmask, rt_sigpending, rt_sigreturn; kill, tkill,
 * tgkill; and process groups (setpgid, getpgid, getpgrp), which kill(0)
 * and kill(-pgid) and the console's Ctrl-C address. The work is in
 * proc/signal.c; here are the arguments and Linux's errors. */
#include "syscall/handlers.h"
#include "syscall/syscall.h"
#include "lib/errno.h"
#include "mm/usercopy.h"
#include "proc/process.h"
#include "proc/signal.h"

#define SIGSET_SIZE 8               /* the kernel's sigset_t: 64 bits */
#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))

static int
valid_signal(uint64_t sig)
{
    return sig >= 1 && sig <= NSIG_MAX;
}

/* rt_sigaction(sig, act, oact, sigsetsize) */
int64_t
sys_rt_sigaction(struct trap_frame *tf)
{
    struct process *p = current_process();
    uint64_t sig = syscall_arg(tf, 1), act = syscall_arg(tf, 2), oact = syscall_arg(tf, 3);
    struct k_sigaction new, old;

    if (syscall_arg(tf, 4) != SIGSET_SIZE || !valid_signal(sig))
        return -EINVAL;
    if (act && (sig == SIGKILL || sig == SIGSTOP))
        return -EINVAL;             /* their actions cannot change */
    if (act && copy_from_user(&new, act, sizeof(new)))
        return -EFAULT;
    old = p->sig.action[sig - 1];
    if (act) {
        new.mask &= ~UNBLOCKABLE;
        p->sig.action[sig - 1] = new;
        /* now ignored: a pending one goes (POSIX), blocked or not */
        if (new.handler == SIG_IGN || (new.handler == SIG_DFL &&
            (sig == SIGCHLD || sig == SIGCONT || sig == SIGURG || sig == SIGWINCH)))
            p->sig.pending &= ~SIGBIT(sig);
    }
    if (oact && copy_to_user(oact, &old, sizeof(old)))
        return -EFAULT;
    return 0;
}

/* rt_sigprocmask(how, set, oset, sigsetsize) */
int64_t
sys_rt_sigprocmask(struct trap_frame *tf)
{
    struct process *p = current_process();
    uint64_t how = syscall_arg(tf, 1), set = syscall_arg(tf, 2), oset = syscall_arg(tf, 3);
    uint64_t old = p->sig.blocked, mask;

    if (syscall_arg(tf, 4) != SIGSET_SIZE)
        return -EINVAL;
    if (set) {
        if (copy_from_user(&mask, set, sizeof(mask)))
            return -EFAULT;
        switch (how) {
        case SIG_BLOCK: p->sig.blocked |= mask; break;
        case SIG_UNBLOCK: p->sig.blocked &= ~mask; break;
        case SIG_SETMASK: p->sig.blocked = mask; break;
        default: return -EINVAL;
        }
        p->sig.blocked &= ~UNBLOCKABLE;
        signal_work_refresh(p);     /* an unblocked pending one: delivered now */
    }
    if (oset && copy_to_user(oset, &old, sizeof(old)))
        return -EFAULT;
    return 0;
}

/* rt_sigpending(set, sigsetsize): pending and blocked. */
int64_t
sys_rt_sigpending(struct trap_frame *tf)
{
    struct process *p = current_process();
    uint64_t set = p->sig.pending & p->sig.blocked;

    if (syscall_arg(tf, 2) > SIGSET_SIZE)
        return -EINVAL;
    return copy_to_user(syscall_arg(tf, 1), &set, syscall_arg(tf, 2));
}

/* sigaltstack(ss, old_ss): an alternate stack for SA_ONSTACK handlers
 * (signal.c delivers on it); old_ss gets the settings as they were, if
 * the new ones were taken. */
int64_t
sys_sigaltstack(struct trap_frame *tf)
{
    struct process *p = current_process();
    uint64_t user_ss = syscall_arg(tf, 1), user_old = syscall_arg(tf, 2);
    stack_t ss, old;
    int err;

    if (user_ss && copy_from_user(&ss, user_ss, sizeof(ss)))
        return -EFAULT;
    err = signal_altstack(p, user_ss ? &ss : 0, &old, tf->rsp);
    if (!err && user_old && copy_to_user(user_old, &old, sizeof(old)))
        return -EFAULT;
    return err;
}

int64_t
sys_rt_sigreturn(struct trap_frame *tf)
{
    return signal_return(tf);
}

/* kill(pid, sig): pid > 0 that process, 0 the caller's group, -1 every
 * process but the caller and those the kernel started, < -1 group -pid.
 * sig 0 only checks that the target exists. */
int64_t
sys_kill(struct trap_frame *tf)
{
    struct process *p = current_process(), *q;
    int pid = (int)syscall_arg(tf, 1);
    uint64_t sig = syscall_arg(tf, 2);
    int n = 0;

    if (sig && !valid_signal(sig))
        return -EINVAL;
    if (pid > 0) {
        if (!(q = process_by_pid(pid)))
            return -ESRCH;
        if (sig)
            signal_send_info(q, (int)sig, SI_USER, p->pid, 0);
        return 0;
    }
    if (pid != -1)
        n = signal_send_group(pid ? -pid : signal_pgid(p), (int)sig, SI_USER, p->pid);
    else
        for (int i = 0; i < process_slots_used(); i++) {
            q = process_slot(i);
            if (q == p || q->is_init || q->state == PROC_FREE || q->state == PROC_ZOMBIE)
                continue;
            if (sig)
                signal_send_info(q, (int)sig, SI_USER, p->pid, 0);
            n++;
        }
    return n ? 0 : -ESRCH;
}

/* One thread per process: thread id = pid = thread group id. */
static int64_t
thread_kill(int tgid, int tid, uint64_t sig)
{
    struct process *q;

    if (tid <= 0 || tgid == 0 || tgid < -1 || (sig && !valid_signal(sig)))
        return -EINVAL;
    if (!(q = process_by_pid(tid)) || (tgid > 0 && tgid != tid) || q->state == PROC_ZOMBIE)
        return -ESRCH;
    if (sig)
        signal_send_info(q, (int)sig, SI_TKILL, current_process()->pid, 0);
    return 0;
}

int64_t
sys_tkill(struct trap_frame *tf)
{
    return thread_kill(-1, (int)syscall_arg(tf, 1), syscall_arg(tf, 2));
}

int64_t
sys_tgkill(struct trap_frame *tf)
{
    return thread_kill((int)syscall_arg(tf, 1), (int)syscall_arg(tf, 2), syscall_arg(tf, 3));
}

/* setpgid(pid, pgid): the caller or a child of it (0: the caller) joins
 * group pgid (0: its own pid), which must be its own or an existing one. */
int64_t
sys_setpgid(struct trap_frame *tf)
{
    struct process *p = current_process(), *q;
    int pid = (int)syscall_arg(tf, 1), pgid = (int)syscall_arg(tf, 2);

    if (pgid < 0)
        return -EINVAL;
    q = pid ? process_by_pid(pid) : p;
    if (!q || (q != p && q->parent != p) || q->state == PROC_ZOMBIE)
        return -ESRCH;
    if (!pgid)
        pgid = q->pid;
    if (pgid != q->pid && !signal_send_group(pgid, 0, 0, 0))
        return -EPERM;
    q->sig.pgid = pgid;
    return 0;
}

int64_t
sys_getpgid(struct trap_frame *tf)
{
    int pid = (int)syscall_arg(tf, 1);
    struct process *q = pid ? process_by_pid(pid) : current_process();

    if (pid < 0)
        return -EINVAL;
    return q ? signal_pgid(q) : -ESRCH;
}

int64_t
sys_getpgrp(struct trap_frame *tf)
{
    return signal_pgid(current_process());
}

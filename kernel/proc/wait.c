/* wait.c — wait4: collecting a child's exit status (lab 4).
 *
 * A child that has exited is a ZOMBIE: its address space is gone, its
 * process-table slot and kernel stack are kept only for its status. The
 * parent's wait4 takes the status and frees the rest. A parent without an
 * exited child BLOCKs; the child's exit wakes it (process_exit). */
#include "proc/process.h"
#include "lib/errno.h"
#include "mm/usercopy.h"
#include "proc/sched.h"
#include "ringlab/abi.h"            /* WNOHANG, struct rusage */
#if RINGLAB_LAB >= 6
#include "ringlab/syscall_numbers.h"
#endif

/* The status word wait4 reports (Linux's encoding): the exit code in bits
 * 8..15, or the number of the signal that killed it in bits 0..6. */
static int
wait_status(const struct process *q)
{
    return q->term_signal ? q->term_signal : (q->exit_status & 0xff) << 8;
}

/* Finds a child matching `pid` (-1: any): a zombie if there is one.
 * Returns NULL and *any = 0 if there is no matching child at all. */
static struct process *
find_child(struct process *p, int pid, int *any)
{
    *any = 0;
    for (int i = 0; i < NPROC; i++) {
        struct process *q = process_slot(i);
        if (q->state == PROC_FREE || q->parent != p || (pid != -1 && q->pid != pid))
            continue;
        *any = 1;
        if (q->state == PROC_ZOMBIE)
            return q;
    }
    return 0;
}

int64_t
process_wait(int pid, uint64_t status_ptr, int options, uint64_t rusage_ptr)
{
    struct process *p = current_process(), *q;
    int any;

    if (pid < -1 || pid == 0 || (options & ~WNOHANG))
        return -EINVAL;                     /* no process groups here */
    if ((status_ptr && !user_range_ok(status_ptr, sizeof(int))) ||
        (rusage_ptr && !user_range_ok(rusage_ptr, sizeof(struct rusage))))
        return -EFAULT;
    for (;;) {
        if ((q = find_child(p, pid, &any))) {
            int status = wait_status(q), id = q->pid;
            struct rusage ru = { .ru_nivcsw = (int64_t)q->preemptions };
            /* (a copy that faults leaves the child to be waited for again) */
            if ((status_ptr && copy_to_user(status_ptr, &status, sizeof(status))) ||
                (rusage_ptr && copy_to_user(rusage_ptr, &ru, sizeof(ru))))
                return -EFAULT;
            process_free(q);
            return id;
        }
        if (!any)
            return -ECHILD;
        if (options & WNOHANG)
            return 0;
#if RINGLAB_LAB >= 6
        if (signal_pending(p))
            return signal_interrupted(SYS_wait4);   /* proc/signal.h */
#endif
        sched_block();                      /* until a child exits */
    }
}

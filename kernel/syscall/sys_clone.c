/* sys_clone.c — clone and vfork, as far as processes without threads go.
 *
 * clone with fork's flags is fork: SIGCHLD alone, or glibc's fork
 * (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD, 0x1200011). vfork
 * (and clone with CLONE_VM | CLONE_VFORK, which glibc's posix_spawn uses)
 * is a fork too — the child gets a copy of the memory, not the parent's
 * own — and the parent waits until the child has exec'd or exited, as a
 * vfork parent does. What differs from Linux: a vfork child's writes to
 * memory are not seen by the parent (musl's posix_spawn reports an exec
 * failure through a close-on-exec pipe, and works; glibc's writes it to
 * the shared memory, which the parent here never sees). CLONE_VM without
 * CLONE_VFORK (a thread) is -EINVAL: there are no threads. */
#include "syscall/handlers.h"
#include "arch/x86_64/memlayout.h"
#include "lib/errno.h"
#include "mm/usercopy.h"
#include "mm/vas.h"
#include "proc/process.h"
#include "proc/sleep.h"
#include "ringlab/abi.h"
#include "syscall/syscall.h"

#define CLONE_KNOWN (CSIGNAL | CLONE_VM | CLONE_VFORK | CLONE_SETTLS | CLONE_PARENT_SETTID | \
                     CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID)

static struct process *
child_by_pid(int pid)
{
    for (int i = 0; i < process_slots_used(); i++) {
        struct process *q = process_slot(i);
        if (q->state != PROC_FREE && q->pid == pid)
            return q;
    }
    return 0;
}

/* The vfork parent's wait: until the child execs (process_exec_files
 * clears vfork_pending and wakes us) or exits (process_exit wakes its
 * parent). */
static void
wait_for_vfork_child(struct process *child, int pid)
{
    while (child->pid == pid && child->vfork_pending &&
           child->state != PROC_ZOMBIE && child->state != PROC_FREE)
        sleep_on(child);
}

/* CLONE_CHILD_SETTID: the tid goes into the child's copy of memory. On
 * the child's tables for a moment, copy_to_user checks the page as for any
 * write (user, writable: CR0.WP); a bad address is ignored, as on Linux. */
static void
write_in_child(struct process *child, uint64_t va, int32_t id)
{
    vas_switch(child->vas);
    copy_to_user(va, &id, sizeof(id));
    vas_switch(current_process()->vas);
}

/* clone(flags, stack, parent_tid, child_tid, tls) */
static int64_t
do_clone(const struct trap_frame *tf, uint64_t flags, uint64_t stack, uint64_t ptid,
         uint64_t ctid, uint64_t tls)
{
    struct process *child;
    int64_t pid;
    int32_t id;

    if ((flags & ~CLONE_KNOWN) || (flags & CSIGNAL) != SIGCHLD_NUMBER)
        return -EINVAL;             /* only SIGCHLD is sent at exit */
    if ((flags & CLONE_VM) && !(flags & CLONE_VFORK))
        return -EINVAL;             /* a thread */
    if ((flags & CLONE_SETTLS) && tls >= USER_TOP - PAGE_SIZE)
        return -EPERM;              /* arch_prctl's rule for the FS base */
    if ((flags & CLONE_PARENT_SETTID) && !user_range_ok(ptid, sizeof(id)))
        return -EFAULT;
    if ((pid = process_fork(tf)) < 0)
        return pid;
    child = child_by_pid((int)pid);
    id = (int32_t)pid;
    if (stack)
        child->frame->rsp = stack;  /* the child starts on its own stack */
    if (flags & CLONE_SETTLS)
        child->fs_base = tls;
    if (flags & CLONE_CHILD_SETTID)
        write_in_child(child, ctid, id);
    if (flags & CLONE_PARENT_SETTID)
        copy_to_user(ptid, &id, sizeof(id));
    /* CLONE_CHILD_CLEARTID: the address would be cleared at exit for a
     * thread that shares the memory; with no threads, nobody can see it. */
    if (flags & CLONE_VFORK) {
        child->vfork_pending = 1;
        wait_for_vfork_child(child, (int)pid);
    }
    return pid;
}

int64_t
sys_clone(struct trap_frame *tf)
{
    return do_clone(tf, syscall_arg(tf, 1), syscall_arg(tf, 2), syscall_arg(tf, 3),
                    syscall_arg(tf, 4), syscall_arg(tf, 5));
}

int64_t
sys_vfork(struct trap_frame *tf)
{
    return do_clone(tf, CLONE_VM | CLONE_VFORK | SIGCHLD_NUMBER, 0, 0, 0, 0);
}

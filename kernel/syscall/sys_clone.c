/* sys_clone.c — clone and vfork, as far as processes without threads go.
 *
 * clone with fork's flags is fork: SIGCHLD alone, or glibc's fork
 * (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD, 0x1200011).
 *
 * CLONE_VM: the child shares the parent's address space — its pages, its
 * areas, its heap (proc/fork.c: process_clone) — where fork copies them;
 * what one writes, the other reads. Each keeps its own registers, kernel
 * stack, files (copied: CLONE_FILES is -EINVAL) and signal state; the
 * space lives until the last of them execs or exits, and a fault kills
 * only the one that made it. The child starts on the stack the caller
 * passes: a stack of 0 with CLONE_VM is -EINVAL (Linux would let both run
 * on one stack, which only assembly that never returns can survive).
 *
 * CLONE_VFORK: the parent sleeps until the child has exec'd or exited.
 * glibc's and musl's posix_spawn use CLONE_VM | CLONE_VFORK with a stack of
 * their own: the child writes an exec failure into memory its parent reads.
 *
 * vfork() is CLONE_VFORK alone here: the child gets a copy, not the
 * parent's memory. Linux's vfork child runs on its parent's stack, which
 * is safe only if it never returns from the function that called vfork:
 * through a C wrapper such as our libc's syscall6, the child's next call
 * would overwrite the return address the sleeping parent returns through.
 * A vfork child may only exec or _exit (POSIX), and a copy cannot tell.
 *
 * -EINVAL for the rest: CLONE_THREAD, CLONE_SIGHAND, CLONE_FILES, CLONE_FS
 * (there are no threads), and CLONE_CHILD_CLEARTID with CLONE_VM (the word
 * a thread's join waits on: no threads to join). */
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

/* CLONE_CHILD_SETTID: the tid goes into the child's memory (a copy, or
 * with CLONE_VM the parent's own). On the child's tables for a moment,
 * copy_to_user checks the page as for any write (user, writable: CR0.WP);
 * a bad address is ignored, as on Linux. */
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
    if ((flags & CLONE_VM) && (!stack || (flags & CLONE_CHILD_CLEARTID)))
        return -EINVAL;             /* one stack for two, or a thread's join */
    if ((flags & CLONE_SETTLS) && tls >= USER_TOP - PAGE_SIZE)
        return -EPERM;              /* arch_prctl's rule for the FS base */
    if ((flags & CLONE_PARENT_SETTID) && !user_range_ok(ptid, sizeof(id)))
        return -EFAULT;
    if ((pid = process_clone(tf, (flags & CLONE_VM) != 0)) < 0)
        return pid;
    child = process_by_pid((int)pid);
    id = (int32_t)pid;
    if (stack)
        child->frame->rsp = stack;  /* the child starts on its own stack */
    if (flags & CLONE_SETTLS)
        child->fs_base = tls;
    if (flags & CLONE_CHILD_SETTID)
        write_in_child(child, ctid, id);
    if (flags & CLONE_PARENT_SETTID)
        copy_to_user(ptid, &id, sizeof(id));
    /* CLONE_CHILD_CLEARTID (fork's, without CLONE_VM): the word is in the
     * child's own copy, where nobody else could see it cleared at exit. */
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
    return do_clone(tf, CLONE_VFORK | SIGCHLD_NUMBER, 0, 0, 0, 0);     /* a copy: above */
}

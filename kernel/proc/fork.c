/* fork.c — a new process that is a copy of the calling one (lab 4).
 *
 * The child gets its own copy of every user page (no copy-on-write: simple,
 * and fast enough for programs this size), the same open files, a copy of
 * the parent's registers with RAX = 0, and a kernel stack of its own. Its
 * first run starts in fork_child_entry, which returns to ring 3 with that
 * frame: to the instruction after the parent's `syscall`. */
#include "proc/process.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/syscall.h"
#if RINGLAB_LAB >= 5
#include "arch/x86_64/kernel_lock.h"
#endif
#include "fs/file.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/vas.h"
#include "proc/kstack.h"
#include "proc/sched.h"
#if RINGLAB_LAB >= 6
#include "proc/vma.h"
#endif

static void
fork_child_entry(void)
{
    struct process *p = current_process();

    fpu_restore(p);
#if RINGLAB_LAB >= 5
    kernel_unlock();                    /* taken by the scheduler loop that ran it */
#endif
    return_to_user(p->frame);
}

#if RINGLAB_LAB >= 6
/* The child's memory: a copy of the parent's — every user page, and the
 * areas — or, for clone(CLONE_VM), the parent's own address space and
 * areas, shared (one more reference to each). 0 or an error. */
static int
child_memory(struct process *child, struct process *parent, int share_vm)
{
    int err;

    if (share_vm) {
        child->vas = vas_get(parent->vas);
        return vma_share(child, parent);
    }
    if (!(child->vas = vas_create()))
        return -ENOMEM;
    if ((err = vas_copy_user(child->vas, parent->vas)))
        return err;
    return vma_fork(child, parent);
}

int64_t
process_fork(const struct trap_frame *tf)
{
    return process_clone(tf, 0);
}

int64_t
process_clone(const struct trap_frame *tf, int share_vm)
#else
int64_t
process_fork(const struct trap_frame *tf)
#endif
{
    struct process *parent = current_process(), *child = process_alloc();
    int err = 0;

    if (!child)
        return -EAGAIN;
    child->kstack_top = kstack_alloc(child->slot);
#if RINGLAB_LAB >= 6
    if (child->kstack_top)
        err = child_memory(child, parent, share_vm);
    if (!child->kstack_top || err) {
#else
    child->vas = vas_create();
    if (child->kstack_top && child->vas)
        err = vas_copy_user(child->vas, parent->vas);   /* every user page */
    if (!child->kstack_top || !child->vas || err) {
#endif
        child->state = PROC_ZOMBIE;
        process_free(child);
        return -ENOMEM;
    }
    process_prepare_stack(child, fork_child_entry);
    *child->frame = *tf;
    child->frame->rax = 0;                  /* fork() returns 0 in the child */
    memcpy(child->name, parent->name, sizeof(child->name));
    child->image = parent->image, child->image_size = parent->image_size;
    child->load_bias = parent->load_bias;
    child->brk_start = parent->brk_start, child->brk = parent->brk;
    child->fs_base = parent->fs_base;
#if RINGLAB_LAB >= 5
    child->cpus_allowed = parent->cpus_allowed;     /* as Linux: inherited */
#endif
    fxsave(child->fpu);                     /* the parent's registers, now */
    files_clone(child, parent);
#if RINGLAB_LAB >= 6
    signal_fork(child, parent);             /* handlers, mask, group */
    child->fs = parent->fs;                 /* cwd, close-on-exec fds, limits */
#endif
    child->parent = parent;
    child->state = PROC_READY;
    return child->pid;
}

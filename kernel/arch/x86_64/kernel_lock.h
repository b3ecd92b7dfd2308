/* kernel_lock.h — the one lock of lab 5's kernel.
 *
 * Stage 5 runs user code on every CPU at once, but kernel code on one CPU
 * at a time: a CPU takes this lock whenever it enters the kernel (a system
 * call, an interrupt, an exception) or runs its scheduler loop, and gives
 * it up when it goes back to ring 3 or idles. The process table, the
 * allocators, the files: everything the kernel shares is behind it, so
 * the code of labs 1-4, written for one CPU, stays correct unchanged. Linux
 * began its SMP support the same way (2.0's "big kernel lock") and spent
 * the next years replacing it with locks of their own per structure
 * (spinlock.h: this kernel's are for what must work outside this lock).
 *
 * Unlike a spinlock, its holder may turn interrupts on (exec loads a
 * program with the timer on): an interrupt on the CPU that holds it finds
 * it held by its own CPU and runs on, under the same hold. It belongs to
 * the CPU, not to the process: a process that calls schedule() leaves it
 * to the scheduler loop of its CPU, and a process that resumes (on any
 * CPU) finds it held by the scheduler loop that switched to it.
 *
 * Interrupts must be off to take it.
 *
 * With one CPU there is nobody to lock out: until smp_start_aps starts a
 * second CPU (kernel_lock_start), taking and giving back are a load and a
 * branch, inline, so the kernel on one CPU costs what it did before lab 5
 * (`make bench`'s null_syscall_insns). */
#ifndef RINGLAB_KERNEL_LOCK_H
#define RINGLAB_KERNEL_LOCK_H

#include <stdbool.h>

extern bool kernel_lock_in_use;

/* From now on the lock is taken: before the second CPU starts, and before
 * the boot CPU takes it. */
void kernel_lock_start(void);

void kernel_lock_acquire(void);
void kernel_lock_release(void);
/* Does this CPU hold it? */
bool kernel_lock_held(void);

static inline void
kernel_lock(void)
{
    if (kernel_lock_in_use)
        kernel_lock_acquire();
}

static inline void
kernel_unlock(void)
{
    if (kernel_lock_in_use)
        kernel_lock_release();
}

/* For an entry that may find it already held by this CPU (an interrupt of
 * the kernel itself): takes it unless so, and says whether it did ... */
static inline bool
kernel_lock_enter(void)
{
    if (!kernel_lock_in_use || kernel_lock_held())
        return false;
    kernel_lock_acquire();
    return true;
}

/* ... for the matching leave to give it back only then. */
static inline void
kernel_lock_leave(bool taken)
{
    if (taken)
        kernel_lock_release();
}

#endif

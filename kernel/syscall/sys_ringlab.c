/* sys_ringlab.c — ringlab_stat(what): the kernel's own figures, for tests.
 *
 * Not a Linux system call: number SYS_ringlab_stat (1000), far above
 * Linux's. /bin/usertests checks that every frame comes back once its
 * tests are over; /bin/regstress that it really was preempted thousands of
 * times. It only reads counters, so any process may call it, with any
 * argument (an unknown one is -EINVAL). */
#include "syscall/handlers.h"
#include "syscall/syscall.h"
#include "lib/errno.h"
#include "mm/memstat.h"
#include "proc/process.h"
#include "ringlab/abi.h"

static int64_t
processes_in_use(void)
{
    int64_t n = 0;

    for (int i = 0; i < NPROC; i++)
        n += process_slot(i)->state != PROC_FREE;
    return n;
}

int64_t
sys_ringlab_stat(struct trap_frame *tf)
{
    struct memstat m;

    switch (syscall_arg(tf, 1)) {
    case RL_STAT_FREE_FRAMES:
    case RL_STAT_FRAME_BALANCE:
    case RL_STAT_HEAP_USED:
        memstat_snapshot(&m);
        if (syscall_arg(tf, 1) == RL_STAT_FREE_FRAMES)
            return (int64_t)m.free_frames;
        if (syscall_arg(tf, 1) == RL_STAT_HEAP_USED)
            return (int64_t)m.heap_used;
        return (int64_t)(m.free_frames + m.heap_pages + m.kernel_tables);
    case RL_STAT_PREEMPTIONS:
        return (int64_t)current_process()->preemptions;
    case RL_STAT_PROCESSES:
        return processes_in_use();
    default:
        return -EINVAL;
    }
}

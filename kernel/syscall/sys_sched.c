/* sys_sched.c — which CPUs a process may run on, and which one it is on
 * (lab 5). Linux's calls, with a CPU set of 64 bits (one long):
 *
 *   sched_setaffinity(pid, len, mask)   pid 0: the caller. The set is cut to
 *                                       the CPUs online; empty: -EINVAL. A
 *                                       caller no longer allowed where it runs
 *                                       gives up the CPU, and comes back on
 *                                       one of the set before this returns.
 *   sched_getaffinity(pid, len, mask)   writes 8 bytes; returns 8
 *   getcpu(&cpu, &node, 0)              the CPU it runs on now; node 0
 *
 * The scheduler loops (sched.c) pick only processes that allow their CPU,
 * so a test can put a process on the CPU it wants, when it wants: lab 5's
 * /bin/lazytlb moves itself from CPU to CPU that way. */
#include "syscall/handlers.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/smp.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/usercopy.h"
#include "proc/process.h"
#include "proc/sched.h"
#include "syscall/syscall.h"

/* pid 0: the caller; a zombie runs nowhere any more (-ESRCH). */
static struct process *
find_process(int pid)
{
    struct process *p = pid ? process_by_pid(pid) : current_process();

    return p && p->state != PROC_ZOMBIE ? p : 0;
}

static uint32_t
cpus_online(void)
{
    return (1u << smp_cpu_count()) - 1;         /* CPUs 0..n-1; n <= SMP_MAX_CPUS */
}

int64_t
sys_sched_setaffinity(struct trap_frame *tf)
{
    struct process *p = find_process((int)syscall_arg(tf, 1));
    uint64_t len = syscall_arg(tf, 2), mask = 0;

    if (!p)
        return -ESRCH;
    if (len == 0)
        return -EINVAL;
    if (copy_from_user(&mask, syscall_arg(tf, 3), len < sizeof(mask) ? len : sizeof(mask)))
        return -EFAULT;
    if (!(mask & cpus_online()))
        return -EINVAL;                         /* no CPU it could run on */
    p->cpus_allowed = (uint32_t)(mask & cpus_online());
    if (p == current_process() && !(p->cpus_allowed & (1u << this_cpu()->cpu)))
        schedule();                             /* another CPU's loop takes it */
    return 0;
}

int64_t
sys_sched_getaffinity(struct trap_frame *tf)
{
    struct process *p = find_process((int)syscall_arg(tf, 1));
    uint64_t mask;

    if (!p)
        return -ESRCH;
    if (syscall_arg(tf, 2) < sizeof(mask))
        return -EINVAL;
    mask = p->cpus_allowed & cpus_online();
    if (copy_to_user(syscall_arg(tf, 3), &mask, sizeof(mask)))
        return -EFAULT;
    return sizeof(mask);
}

int64_t
sys_getcpu(struct trap_frame *tf)
{
    unsigned int cpu = this_cpu()->cpu, node = 0;
    uint64_t ucpu = syscall_arg(tf, 1), unode = syscall_arg(tf, 2);

    if (ucpu && copy_to_user(ucpu, &cpu, sizeof(cpu)))
        return -EFAULT;
    if (unode && copy_to_user(unode, &node, sizeof(node)))
        return -EFAULT;
    return 0;
}

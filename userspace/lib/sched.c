/* sched.c — which CPUs a process runs on (lab 5): sched_setaffinity,
 * sched_getaffinity, sched_getcpu. The kernel's CPU set is one 64-bit
 * word, as our cpu_set_t. (A file of its own: a program that does not
 * call them links none of it.) */
#include <ringlab/syscall.h>
#include <sched.h>

int
sched_setaffinity(pid_t pid, size_t size, const cpu_set_t *set)
{
    return (int)syscall_result(SYSCALL3(SYS_sched_setaffinity, pid, size, set));
}

int
sched_getaffinity(pid_t pid, size_t size, cpu_set_t *set)
{
    long n = syscall_result(SYSCALL3(SYS_sched_getaffinity, pid, size, set));

    return n < 0 ? -1 : 0;              /* the raw call returns the bytes written */
}

int
sched_getcpu(void)
{
    unsigned int cpu;
    long r = syscall_result(SYSCALL3(SYS_getcpu, &cpu, 0, 0));

    return r < 0 ? -1 : (int)cpu;
}

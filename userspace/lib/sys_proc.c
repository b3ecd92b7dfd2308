/* sys_proc.c — the process system calls. */
#include <ringlab/syscall.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

pid_t
getpid(void)
{
    return (pid_t)SYSCALL0(SYS_getpid);         /* cannot fail */
}

pid_t
fork(void)
{
    return (pid_t)syscall_result(SYSCALL0(SYS_fork));
}

int
execve(const char *path, char *const argv[], char *const envp[])
{
    return (int)syscall_result(SYSCALL3(SYS_execve, path, argv, envp));
}

pid_t
wait4(pid_t pid, int *status, int options, struct rusage *ru)
{
    return (pid_t)syscall_result(SYSCALL4(SYS_wait4, pid, status, options, ru));
}

pid_t
waitpid(pid_t pid, int *status, int options)
{
    return wait4(pid, status, options, 0);
}

int
sched_yield(void)
{
    return (int)syscall_result(SYSCALL0(SYS_sched_yield));
}

/* exit_group ends every thread of the process, exit only the calling
 * one; with one thread they are the same. A kernel that knows only exit
 * (60) answers exit_group with -ENOSYS, so fall back to it. */
_Noreturn void
exit_group(int status)
{
    SYSCALL1(SYS_exit_group, status);
    SYSCALL1(SYS_exit, status);
    for (;;)
        __asm__ volatile("ud2");        /* still here: a kernel bug */
}

_Noreturn void
_exit(int status)
{
    exit_group(status);
}

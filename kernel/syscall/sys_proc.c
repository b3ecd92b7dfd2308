/* sys_proc.c — the process syscalls: getpid and exit (stage 2), fork,
 * execve and wait4 (lab 4). Each only decodes its arguments; the work is
 * proc/'s (process.c, fork.c, exec.c, wait.c). */
#include "syscall/handlers.h"
#include "syscall/syscall.h"
#include "lib/kprintf.h"
#include "proc/process.h"
#include "proc/sched.h"

int64_t
sys_getpid(struct trap_frame *tf)
{
    (void)tf;
    return current_process()->pid;
}

/* exit and exit_group: one thread per process, so they are the same. */
int64_t
sys_exit(struct trap_frame *tf)
{
    int status = (int)(syscall_arg(tf, 1) & 0xff);

    if (syscall_tracing())
        kprintf("[syscall] exit(%d)\n", status);
    process_exit(current_process(), status);
}

#if RINGLAB_LAB >= 4
/* fork(): the child starts from a copy of these registers. */
int64_t
sys_fork(struct trap_frame *tf)
{
    int64_t pid = process_fork(tf);

    sched_give_way();                   /* the child runs first */
    return pid;
}

/* execve(path, argv, envp): three user pointers. */
int64_t
sys_execve(struct trap_frame *tf)
{
    return process_exec(syscall_arg(tf, 1), syscall_arg(tf, 2), syscall_arg(tf, 3));
}

/* wait4(pid, &status, options, &rusage) */
int64_t
sys_wait4(struct trap_frame *tf)
{
    return process_wait((int)syscall_arg(tf, 1), syscall_arg(tf, 2),
                        (int)syscall_arg(tf, 3), syscall_arg(tf, 4));
}
#endif

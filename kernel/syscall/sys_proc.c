/* sys_proc.c — the process syscalls of stage 2: getpid and exit. */
#include "syscall/syscall.h"
#include "lib/kprintf.h"
#include "proc/process.h"

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

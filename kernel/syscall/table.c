/* table.c — from a syscall number to its handler.
 *
 * syscall_entry (syscall_entry.asm) calls syscall_dispatch with the saved
 * frame; the result goes back in the frame's RAX. The return value tells the
 * assembly how to go back: 0 = SYSRET is safe, 1 = use IRETQ. */
#include "syscall/syscall.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/percpu.h"
#if RINGLAB_LAB >= 5
#include "arch/x86_64/kernel_lock.h"
#endif
#include "lib/errno.h"
#include "lib/kprintf.h"
#include "proc/process.h"
#include "syscall/handlers.h"

static const struct syscall_entry table[] = {
    [SYS_read] = { "read", sys_read },
    [SYS_write] = { "write", sys_write },
    [SYS_getpid] = { "getpid", sys_getpid },
    [SYS_exit] = { "exit", sys_exit },
    [SYS_exit_group] = { "exit_group", sys_exit },
#if RINGLAB_LAB >= 4
    /* lab 4: processes */
    [SYS_fork] = { "fork", sys_fork },
    [SYS_execve] = { "execve", sys_execve },
    [SYS_wait4] = { "wait4", sys_wait4 },
#endif
#if RINGLAB_LAB >= 4
    /* lab 4: files, memory, time, names (handlers.h) */
    [SYS_open] = { "open", sys_open },
    [SYS_close] = { "close", sys_close },
    [SYS_lseek] = { "lseek", sys_lseek },
    [SYS_getdents64] = { "getdents64", sys_getdents64 },
    [SYS_writev] = { "writev", sys_writev },
    [SYS_ioctl] = { "ioctl", sys_ioctl },
    [SYS_brk] = { "brk", sys_brk },
    [SYS_uname] = { "uname", sys_uname },
    [SYS_clock_gettime] = { "clock_gettime", sys_clock_gettime },
    [SYS_nanosleep] = { "nanosleep", sys_nanosleep },
    [SYS_sched_yield] = { "sched_yield", sys_sched_yield },
    [SYS_set_tid_address] = { "set_tid_address", sys_set_tid_address },
    [SYS_arch_prctl] = { "arch_prctl", sys_arch_prctl },
    [SYS_getppid] = { "getppid", sys_getppid },
    [SYS_gettid] = { "gettid", sys_gettid },
#endif
#if RINGLAB_LAB >= 5
    /* lab 5: several CPUs (sys_sched.c) */
    [SYS_sched_setaffinity] = { "sched_setaffinity", sys_sched_setaffinity },
    [SYS_sched_getaffinity] = { "sched_getaffinity", sys_sched_getaffinity },
    [SYS_getcpu] = { "getcpu", sys_getcpu },
#endif
#if RINGLAB_LAB >= 6
    /* full kernel: memory */
    [SYS_mmap] = { "mmap", sys_mmap },
    [SYS_munmap] = { "munmap", sys_munmap },
    [SYS_mprotect] = { "mprotect", sys_mprotect },
    /* full kernel: signals and the tty (sys_signal.c) */
    [SYS_rt_sigaction] = { "rt_sigaction", sys_rt_sigaction },
    [SYS_rt_sigprocmask] = { "rt_sigprocmask", sys_rt_sigprocmask },
    [SYS_rt_sigreturn] = { "rt_sigreturn", sys_rt_sigreturn },
    [SYS_sigaltstack] = { "sigaltstack", sys_sigaltstack },
    [SYS_rt_sigpending] = { "rt_sigpending", sys_rt_sigpending },
    [SYS_kill] = { "kill", sys_kill },
    [SYS_tkill] = { "tkill", sys_tkill },
    [SYS_tgkill] = { "tgkill", sys_tgkill },
    [SYS_setpgid] = { "setpgid", sys_setpgid },
    [SYS_getpgid] = { "getpgid", sys_getpgid },
    [SYS_getpgrp] = { "getpgrp", sys_getpgrp },
    /* full kernel: files and processes (handlers.h) */
    [SYS_openat] = { "openat", sys_openat },
    [SYS_stat] = { "stat", sys_stat },
    [SYS_lstat] = { "lstat", sys_stat },
    [SYS_fstat] = { "fstat", sys_fstat },
    [SYS_newfstatat] = { "newfstatat", sys_newfstatat },
    [SYS_access] = { "access", sys_access },
    [SYS_faccessat] = { "faccessat", sys_faccessat },
    [SYS_faccessat2] = { "faccessat2", sys_faccessat2 },
    [SYS_statx] = { "statx", sys_statx },
    [SYS_truncate] = { "truncate", sys_truncate },
    [SYS_ftruncate] = { "ftruncate", sys_ftruncate },
    [SYS_readlink] = { "readlink", sys_readlink },
    [SYS_readlinkat] = { "readlinkat", sys_readlinkat },
    [SYS_getcwd] = { "getcwd", sys_getcwd },
    [SYS_chdir] = { "chdir", sys_chdir },
    [SYS_fchdir] = { "fchdir", sys_fchdir },
    [SYS_unlink] = { "unlink", sys_unlink },
    [SYS_unlinkat] = { "unlinkat", sys_unlinkat },
    [SYS_rmdir] = { "rmdir", sys_rmdir },
    [SYS_mkdir] = { "mkdir", sys_mkdir },
    [SYS_mkdirat] = { "mkdirat", sys_mkdirat },
    [SYS_rename] = { "rename", sys_rename },
    [SYS_renameat] = { "renameat", sys_renameat },
    [SYS_pread64] = { "pread64", sys_pread64 },
    [SYS_pwrite64] = { "pwrite64", sys_pwrite64 },
    [SYS_readv] = { "readv", sys_readv },
    [SYS_dup] = { "dup", sys_dup },
    [SYS_dup2] = { "dup2", sys_dup2 },
    [SYS_dup3] = { "dup3", sys_dup3 },
    [SYS_fcntl] = { "fcntl", sys_fcntl },
    [SYS_pipe] = { "pipe", sys_pipe },
    [SYS_pipe2] = { "pipe2", sys_pipe2 },
    [SYS_poll] = { "poll", sys_poll },
    [SYS_ppoll] = { "ppoll", sys_ppoll },
    [SYS_clone] = { "clone", sys_clone },
    [SYS_vfork] = { "vfork", sys_vfork },
    [SYS_getuid] = { "getuid", sys_getuid },
    [SYS_geteuid] = { "geteuid", sys_geteuid },
    [SYS_getgid] = { "getgid", sys_getgid },
    [SYS_getegid] = { "getegid", sys_getegid },
    [SYS_umask] = { "umask", sys_umask },
    [SYS_prlimit64] = { "prlimit64", sys_prlimit64 },
    [SYS_getrlimit] = { "getrlimit", sys_getrlimit },
    [SYS_sysinfo] = { "sysinfo", sys_sysinfo },
    [SYS_getrandom] = { "getrandom", sys_getrandom },
    [SYS_futex] = { "futex", sys_futex },
#endif
};

#define TABLE_SIZE (sizeof(table) / sizeof(table[0]))

static int tracing;

void
syscall_trace(int on)
{
    tracing = on;
    process_trace_exec = on;    /* program_load's "[exec]" lines (proc/) */
}

int
syscall_tracing(void)
{
    return tracing;
}

static void
trace(const struct trap_frame *tf, uint64_t nr, const char *name, int64_t result)
{
    if (name)
        kprintf("[syscall] %s(", name);
    else
        kprintf("[syscall] #%lu(", nr);
    kprintf("%lx, %lx, %lx) = %ld%s%s\n", tf->rdi, tf->rsi, tf->rdx, result,
            result < 0 ? " " : "", result < 0 ? errno_name(result) : "");
}

/* Can SYSRET return to this frame? Only to a user-half RIP. SYSRET with a
 * non-canonical RCX raises #GP — on Intel CPUs in ring 0 but with the user's
 * RSP already loaded, which let a user take over the kernel
 * (CVE-2012-0217). IRETQ checks RIP against CS's limit and faults in ring 3
 * (under QEMU's TCG both fault in ring 3; AMD CPUs agree). */
static int
needs_iretq(const struct trap_frame *tf)
{
    return tf->rip >= USER_TOP;         /* non-canonical, or a kernel address */
}

int
syscall_dispatch(struct trap_frame *tf)
{
    uint64_t nr = tf->rax;
    int64_t result = -ENOSYS;
    const char *name = 0;

#if RINGLAB_LAB >= 5
    kernel_lock();                      /* lab 5: one CPU in the kernel at a time */
#endif
    this_cpu()->syscalls++;
    if (nr < TABLE_SIZE && table[nr].fn) {
        name = table[nr].name;
        result = table[nr].fn(tf);
    }
#if RINGLAB_LAB >= 4
    else if (nr == SYS_ringlab_stat) {  /* ringlab's own, far past the table */
        name = "ringlab_stat";
        result = sys_ringlab_stat(tf);
    }
#endif
    tf->rax = (uint64_t)result;
    if (tracing)
        trace(tf, nr, name, result);
#if RINGLAB_LAB >= 5
    kernel_unlock();                    /* (this CPU's: the process may have moved) */
#endif
    return needs_iretq(tf);             /* (its own frame: no lock needed) */
}

/* handlers.h — every system call handler, by the file that defines it.
 *
 * Each takes the caller's saved registers, decodes its arguments
 * (syscall_arg in syscall.h) and returns a result or -errno; the table
 * (table.c) maps numbers to them. The work itself is done below syscall/:
 * fork, execve and wait4 are thin wrappers over proc/'s process_fork,
 * process_exec and process_wait. Lab 4's calls are enough of Linux's for
 * static binaries (our libc's, musl's) to run unmodified. */
#ifndef RINGLAB_HANDLERS_H
#define RINGLAB_HANDLERS_H

#include <stdint.h>
#include "arch/x86_64/trap_frame.h"

/* sys_console.c: the console */
int64_t sys_write(struct trap_frame *tf);
int64_t sys_read(struct trap_frame *tf);

/* sys_proc.c: processes */
int64_t sys_getpid(struct trap_frame *tf);
int64_t sys_exit(struct trap_frame *tf);

#if RINGLAB_LAB >= 4
/* sys_proc.c, lab 4 */
int64_t sys_fork(struct trap_frame *tf);
int64_t sys_execve(struct trap_frame *tf);
int64_t sys_wait4(struct trap_frame *tf);

/* sys_ringlab.c: ringlab's own */
int64_t sys_ringlab_stat(struct trap_frame *tf);

/* sys_file.c: the initrd's files and directories */
int64_t sys_open(struct trap_frame *tf);
int64_t sys_close(struct trap_frame *tf);
int64_t sys_lseek(struct trap_frame *tf);
int64_t sys_getdents64(struct trap_frame *tf);
struct file;
/* read() of an open file that is not the console (sys_console.c's sys_read
 * calls it): len bytes at most from its position into user memory. */
int64_t file_read(struct file *f, uint64_t buf, uint64_t len);

/* sys_console.c: write() of several buffers */
int64_t sys_writev(struct trap_frame *tf);

/* sys_mem.c: the heap */
int64_t sys_brk(struct trap_frame *tf);

/* sys_misc.c: time, names, the FS base, the scheduler */
int64_t sys_uname(struct trap_frame *tf);
int64_t sys_clock_gettime(struct trap_frame *tf);
int64_t sys_nanosleep(struct trap_frame *tf);
int64_t sys_ioctl(struct trap_frame *tf);
int64_t sys_set_tid_address(struct trap_frame *tf);
int64_t sys_arch_prctl(struct trap_frame *tf);
int64_t sys_sched_yield(struct trap_frame *tf);
int64_t sys_getppid(struct trap_frame *tf);
int64_t sys_gettid(struct trap_frame *tf);
#endif
#if RINGLAB_LAB >= 5

/* full kernel: memory (sys_mmap.c) */
int64_t sys_mmap(struct trap_frame *tf);
int64_t sys_munmap(struct trap_frame *tf);
int64_t sys_mprotect(struct trap_frame *tf);
/* ---- full kernel: signals (sys_signal.c) and the console as a tty
 * (sys_tty.c) ---- */
int64_t sys_rt_sigaction(struct trap_frame *tf);
int64_t sys_rt_sigprocmask(struct trap_frame *tf);
int64_t sys_rt_sigpending(struct trap_frame *tf);
int64_t sys_rt_sigreturn(struct trap_frame *tf);
int64_t sys_kill(struct trap_frame *tf);
int64_t sys_tkill(struct trap_frame *tf);
int64_t sys_tgkill(struct trap_frame *tf);
int64_t sys_setpgid(struct trap_frame *tf);
int64_t sys_getpgid(struct trap_frame *tf);
int64_t sys_getpgrp(struct trap_frame *tf);
/* read() and ioctl() of a console fd */
int64_t tty_read(uint64_t buf, uint64_t len);
int64_t tty_ioctl(uint64_t request, uint64_t arg);
/* ---- end of signals ---- */
#endif

#endif

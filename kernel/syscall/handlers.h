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

/* sys_sched.c (lab 5): which CPUs a process may run on, which it runs on */
int64_t sys_sched_setaffinity(struct trap_frame *tf);
int64_t sys_sched_getaffinity(struct trap_frame *tf);
int64_t sys_getcpu(struct trap_frame *tf);
#endif
#if RINGLAB_LAB >= 6

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
int64_t sys_sigaltstack(struct trap_frame *tf);
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
/* ---- full kernel: files and processes ---- */
/* sys_file_at.c: paths (the cwd, /tmp), stat, access, readlink, pread */
int64_t file_openat(int dirfd, uint64_t user_path, int flags, unsigned mode);
int64_t sys_openat(struct trap_frame *tf);
int64_t sys_stat(struct trap_frame *tf);
int64_t sys_fstat(struct trap_frame *tf);
int64_t sys_newfstatat(struct trap_frame *tf);
int64_t sys_access(struct trap_frame *tf);
int64_t sys_faccessat(struct trap_frame *tf);
int64_t sys_faccessat2(struct trap_frame *tf);
int64_t sys_statx(struct trap_frame *tf);
int64_t sys_ftruncate(struct trap_frame *tf);
int64_t sys_truncate(struct trap_frame *tf);
int64_t sys_readlink(struct trap_frame *tf);
int64_t sys_readlinkat(struct trap_frame *tf);
int64_t sys_getcwd(struct trap_frame *tf);
int64_t sys_chdir(struct trap_frame *tf);
int64_t sys_fchdir(struct trap_frame *tf);
int64_t sys_unlink(struct trap_frame *tf);
int64_t sys_unlinkat(struct trap_frame *tf);
int64_t sys_rmdir(struct trap_frame *tf);
int64_t sys_mkdir(struct trap_frame *tf);
int64_t sys_mkdirat(struct trap_frame *tf);
int64_t sys_rename(struct trap_frame *tf);
int64_t sys_renameat(struct trap_frame *tf);
int64_t sys_pread64(struct trap_frame *tf);
int64_t sys_pwrite64(struct trap_frame *tf);
int64_t sys_readv(struct trap_frame *tf);
/* sys_fd.c: dup, fcntl, pipes, poll */
int64_t sys_dup(struct trap_frame *tf);
int64_t sys_dup2(struct trap_frame *tf);
int64_t sys_dup3(struct trap_frame *tf);
int64_t sys_fcntl(struct trap_frame *tf);
int64_t sys_pipe(struct trap_frame *tf);
int64_t sys_pipe2(struct trap_frame *tf);
int64_t sys_poll(struct trap_frame *tf);
int64_t sys_ppoll(struct trap_frame *tf);
/* ioctl() requests of any open fd (FIONBIO, FIOCLEX, FIONCLEX), else -ENOTTY */
int64_t fd_ioctl(int fd, uint64_t request, uint64_t arg);
/* sys_clone.c */
int64_t sys_clone(struct trap_frame *tf);
int64_t sys_vfork(struct trap_frame *tf);
/* sys_system.c: ids, umask, limits, sysinfo, getrandom */
int64_t sys_getuid(struct trap_frame *tf);
int64_t sys_geteuid(struct trap_frame *tf);
int64_t sys_getgid(struct trap_frame *tf);
int64_t sys_getegid(struct trap_frame *tf);
int64_t sys_umask(struct trap_frame *tf);
int64_t sys_prlimit64(struct trap_frame *tf);
int64_t sys_getrlimit(struct trap_frame *tf);
int64_t sys_sysinfo(struct trap_frame *tf);
int64_t sys_getrandom(struct trap_frame *tf);
/* sys_futex.c */
int64_t sys_futex(struct trap_frame *tf);
#endif

#endif

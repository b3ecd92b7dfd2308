/* syscall_numbers.h — the system call numbers, shared by the kernel and libc.
 *
 * ringlab speaks the Linux x86-64 system call ABI, so these are Linux's
 * numbers (arch/x86/entry/syscalls/syscall_64.tbl). The calling convention:
 *
 *   rax = number; arguments in rdi, rsi, rdx, r10, r8, r9 (r10, not rcx:
 *   the `syscall` instruction overwrites rcx with the return RIP and r11
 *   with RFLAGS); result in rax, -errno (-4095..-1) on error.
 *
 * The kernel implements a subset; every other number returns -ENOSYS.
 * Only #defines here: the kernel and user programs both include this file. */
#ifndef RINGLAB_SYSCALL_NUMBERS_H
#define RINGLAB_SYSCALL_NUMBERS_H

#define SYS_read             0
#define SYS_write            1
#define SYS_open             2
#define SYS_close            3
#define SYS_stat             4
#define SYS_fstat            5
#define SYS_lseek            8
#define SYS_mmap             9
#define SYS_mprotect        10
#define SYS_munmap          11
#define SYS_brk             12
#define SYS_rt_sigaction    13
#define SYS_rt_sigprocmask  14
#define SYS_ioctl           16
#define SYS_writev          20
#define SYS_sched_yield     24
#define SYS_nanosleep       35
#define SYS_getpid          39
#define SYS_fork            57
#define SYS_execve          59
#define SYS_exit            60
#define SYS_wait4           61
#define SYS_kill            62
#define SYS_uname           63
#define SYS_getcwd          79
#define SYS_chdir           80
#define SYS_getppid        110
#define SYS_arch_prctl     158
#define SYS_gettid         186
#define SYS_getdents64     217
#define SYS_set_tid_address 218
#define SYS_clock_gettime  228
#define SYS_exit_group     231

/* ---- signals and the tty (full kernel) ---- */
#define SYS_rt_sigreturn    15
#define SYS_setpgid        109
#define SYS_getpgrp        111
#define SYS_getpgid        121
#define SYS_rt_sigpending  127
#define SYS_sigaltstack    131
#define SYS_tkill          200
#define SYS_tgkill         234
/* ---- end of signals ---- */
/* ---- files and processes (full kernel) */
#define SYS_lstat            6
#define SYS_poll             7
#define SYS_pread64         17
#define SYS_pwrite64        18
#define SYS_readv           19
#define SYS_access          21
#define SYS_pipe            22
#define SYS_dup             32
#define SYS_dup2            33
#define SYS_clone           56
#define SYS_vfork           58
#define SYS_fcntl           72
#define SYS_truncate        76
#define SYS_ftruncate       77
#define SYS_fchdir          81
#define SYS_rename          82
#define SYS_mkdir           83
#define SYS_rmdir           84
#define SYS_unlink          87
#define SYS_readlink        89
#define SYS_umask           95
#define SYS_getrlimit       97
#define SYS_sysinfo         99
#define SYS_getuid         102
#define SYS_getgid         104
#define SYS_geteuid        107
#define SYS_getegid        108
#define SYS_openat         257
#define SYS_mkdirat        258
#define SYS_newfstatat     262
#define SYS_unlinkat       263
#define SYS_renameat       264
#define SYS_readlinkat     267
#define SYS_ppoll          271
#define SYS_faccessat      269
#define SYS_dup3           292
#define SYS_pipe2          293
#define SYS_futex          202
#define SYS_prlimit64      302
#define SYS_getrandom      318
#define SYS_statx          332
#define SYS_faccessat2     439
/* ---- end of files and processes */

/* Lab 5: which CPUs a process may run on, and which one it runs on. */
#define SYS_sched_setaffinity 203
#define SYS_sched_getaffinity 204
#define SYS_getcpu            309

/* ringlab's own call, not Linux's: one number the kernel knows about
 * itself, for the test programs (usertests, regstress): free frames, the
 * kernel heap, this process's preemptions (RL_STAT_* in <ringlab/abi.h>).
 * Far above Linux's numbers, so no Linux binary calls it by accident. */
#define SYS_ringlab_stat  1000

/* What a statically linked musl program calls before main: arch_prctl
 * (ARCH_SET_FS, its thread pointer) and set_tid_address; then ioctl
 * (TIOCGWINSZ: -ENOSYS is fine, stdout is just "not a terminal"), writev
 * for its buffered stdout, and exit_group. */

#endif

/* sys_lab4.h — lab 4's breadth of system calls: files, memory, time,
 * names. Enough of Linux's for static binaries (our libc's, musl's) to run
 * unmodified; each returns a result or -errno, like syscall.h's. */
#ifndef RINGLAB_SYS_LAB4_H
#define RINGLAB_SYS_LAB4_H

#include <stdint.h>
#include "arch/x86_64/trap_frame.h"

struct file;

/* sys_file.c: the initrd's files and directories */
int64_t sys_open(struct trap_frame *tf);
int64_t sys_close(struct trap_frame *tf);
int64_t sys_lseek(struct trap_frame *tf);
int64_t sys_getdents64(struct trap_frame *tf);
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

/* ringlab/syscall.h — the raw system call, for libc and for tests.
 *
 * syscall6() executes `syscall` with the number in rax and six arguments
 * (lib/syscall.asm moves them into rdi, rsi, rdx, r10, r8, r9) and returns
 * rax untouched: a result, or -errno. It never sets errno.
 * syscall_result() is how every libc wrapper finishes: a raw -errno
 * becomes errno and -1. */
#ifndef RINGLAB_SYSCALL_H
#define RINGLAB_SYSCALL_H

#include <ringlab/syscall_numbers.h>

long syscall6(long number, long a1, long a2, long a3, long a4, long a5, long a6);
long syscall_result(long raw);

#define SYSCALL0(n)             syscall6((n), 0, 0, 0, 0, 0, 0)
#define SYSCALL1(n, a)          syscall6((n), (long)(a), 0, 0, 0, 0, 0)
#define SYSCALL2(n, a, b)       syscall6((n), (long)(a), (long)(b), 0, 0, 0, 0)
#define SYSCALL3(n, a, b, c)    syscall6((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define SYSCALL4(n, a, b, c, d) \
    syscall6((n), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)

#endif

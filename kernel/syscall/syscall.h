/* syscall.h — the syscall table, and what handlers use to read their
 * arguments (the handlers themselves: handlers.h).
 *
 * Numbers and calling convention are Linux x86-64's: the number in RAX,
 * arguments in RDI, RSI, RDX, R10, R8, R9, the result in RAX, an error as
 * -errno. So static Linux binaries run unmodified for the calls we have. */
#ifndef RINGLAB_SYSCALL_TABLE_H
#define RINGLAB_SYSCALL_TABLE_H

#include <stdint.h>
#include "arch/x86_64/trap_frame.h"

#include "ringlab/syscall_numbers.h"    /* SYS_*: shared with our libc */

typedef int64_t (*syscall_fn)(struct trap_frame *tf);

struct syscall_entry {
    const char *name;
    syscall_fn fn;
};

/* Argument n (1..6) of the syscall in tf. */
static inline uint64_t
syscall_arg(const struct trap_frame *tf, int n)
{
    switch (n) {
    case 1: return tf->rdi;
    case 2: return tf->rsi;
    case 3: return tf->rdx;
    case 4: return tf->r10;     /* not RCX: SYSCALL overwrites RCX */
    case 5: return tf->r8;
    default: return tf->r9;
    }
}

int syscall_dispatch(struct trap_frame *tf);
void syscall_trace(int on);     /* strace on the command line */
int syscall_tracing(void);

#endif

/* context.h — a kernel thread's saved registers (see switch.asm). */
#ifndef RINGLAB_CONTEXT_H
#define RINGLAB_CONTEXT_H

#include <stdint.h>

struct context {
    uint64_t r15, r14, r13, r12, rbx, rbp;
    uint64_t rip;               /* the return address switch_context pops */
};

_Static_assert(sizeof(struct context) == 7 * 8, "switch.asm pushes 6 registers + ret");

void switch_context(struct context **save, struct context *load);

#endif

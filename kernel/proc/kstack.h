/* kstack.h — per-process kernel stacks, each with an unmapped guard page. */
#ifndef RINGLAB_KSTACK_H
#define RINGLAB_KSTACK_H

#include <stdint.h>

#define KSTACK_SIZE  (16 * 1024)

/* Maps the kernel stack of process slot `slot` and returns its top (the
 * first address above it), or 0 if out of memory. */
uint64_t kstack_alloc(int slot);
void kstack_free(int slot);

#endif

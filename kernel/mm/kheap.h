/* kheap.h — the kernel heap: kmalloc and kfree.
 *
 * The heap is a stretch of kernel virtual memory under L4[511] that grows
 * upwards a few pages at a time, each page a frame from pmm_alloc mapped
 * read/write, no execute, in the kernel PML4. Because every address space
 * shares L4[511] (the entry points at the same PDPT), a page added to the
 * heap is at once visible whatever CR3 holds.
 *
 *   KHEAP_BASE  0xffffffffc0000000   L4[511] L3[511]: above the image
 *   KHEAP_LIMIT 0xfffffffff0000000   the heap never grows past this
 *
 * Blocks are 16-byte aligned. The heap never shrinks: freed memory is kept
 * for later kmallocs, not given back to the frame allocator.
 */
#ifndef RINGLAB_KHEAP_H
#define RINGLAB_KHEAP_H

#include <stddef.h>
#include <stdint.h>

#define KHEAP_BASE    0xffffffffc0000000UL
#define KHEAP_LIMIT   0xfffffffff0000000UL
#define KHEAP_INITIAL (16 * 4096UL)     /* mapped by kheap_init */

void kheap_init(void);

/* NULL if size is 0 or memory is exhausted. Not zeroed (kzalloc is). */
void *kmalloc(size_t size);
void *kzalloc(size_t size);
/* NULL is ignored; anything not from kmalloc, or freed twice, panics. */
void kfree(void *p);

/* For tests: bytes mapped for the heap, and bytes free in it. */
uint64_t kheap_size(void);
uint64_t kheap_free_bytes(void);

#endif

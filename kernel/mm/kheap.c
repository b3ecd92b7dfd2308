/* kheap.c — kmalloc/kfree: a first-fit free list over a growing region.
 *
 * The classic design of K&R §8.7. Every block, free or not, starts with a
 * 16-byte header:
 *
 *   +----------------+----------------+-------------------------------+
 *   | size           | next           | the caller's bytes ...        |
 *   +----------------+----------------+-------------------------------+
 *   ^ struct block    size: the whole  ^ what kmalloc returns (16-byte
 *                     block, header    aligned, because headers and
 *                     included         sizes are)
 *
 * A free block's `next` links the free list, kept in address order so
 * that kfree can merge a block with a free neighbour on either side. An
 * allocated block's `next` holds BLOCK_MAGIC, so kfree can refuse a
 * pointer kmalloc never returned, or one freed already.
 *
 * When no free block is big enough, grow() maps fresh frames at the top of
 * the heap (the kernel's sbrk) and frees them into the list.
 *
 * Callers may have interrupts on (exec's load), and every process shares
 * the list and the kernel's page tables: kmalloc() and kfree() keep
 * interrupts off across their whole update (irq_save), so a tick never
 * finds the list half-linked.
 */
#include <stdbool.h>

#include "mm/kheap.h"
#include "arch/x86_64/panic.h"
#include "mm/kmap.h"
#include "mm/paging.h"
#include "mm/pmm.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/memlayout.h"
#include "lib/kprintf.h"
#include "lib/string.h"

struct block {
    uint64_t size;
    struct block *next;
};

_Static_assert(sizeof(struct block) == 16, "headers keep blocks 16-byte aligned");

#define BLOCK_MAGIC ((struct block *)0x6b6d616c6c6f6321UL)  /* "!collamk" */

static struct block *free_list;     /* free blocks, in address order */
static uint64_t heap_top = KHEAP_BASE;
static uint64_t free_bytes;

/* Puts `b` on the free list and merges it with the blocks right after
 * and right before it, if those are free. */
static void
insert_free(struct block *b)
{
    struct block **link = &free_list, *prev = NULL;

    while (*link && *link < b) {
        prev = *link;
        link = &(*link)->next;
    }
    b->next = *link;
    *link = b;
    free_bytes += b->size;
    if (b->next && (char *)b + b->size == (char *)b->next) {
        b->size += b->next->size;
        b->next = b->next->next;
    }
    if (prev && (char *)prev + prev->size == (char *)b) {
        prev->size += b->size;
        prev->next = b->next;
    }
}

/* Maps at least `bytes` more at the heap's top; false when out of frames
 * or out of heap address space. */
static bool
grow(uint64_t bytes)
{
    uint64_t start = heap_top, end = (heap_top + bytes + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);

    if (end > KHEAP_LIMIT || end < start)
        return false;
    for (; heap_top < end; heap_top += PAGE_SIZE) {
        uint64_t frame = pmm_alloc();
        if (frame == PMM_NO_FRAME)
            break;
        if (pt_map(kernel_pml4_phys(), heap_top, frame, PTE_W | PTE_NX)) {
            pmm_free(frame);
            break;
        }
    }
    if (heap_top == start)
        return false;
    struct block *b = (struct block *)start;
    b->size = heap_top - start;
    insert_free(b);
    return heap_top == end;
}

void
kheap_init(void)
{
    if (!grow(KHEAP_INITIAL))
        panic("kheap: cannot map the initial %lu bytes", KHEAP_INITIAL);
}

/* First fit: the first free block big enough. A remainder big enough to
 * hold a header and 16 bytes stays on the list as a block of its own. */
static void *
take_first_fit(uint64_t need)
{
    for (struct block **link = &free_list; *link; link = &(*link)->next) {
        struct block *b = *link;

        if (b->size < need)
            continue;
        if (b->size - need >= 2 * sizeof(struct block)) {
            struct block *rest = (struct block *)((char *)b + need);
            rest->size = b->size - need;
            rest->next = b->next;
            *link = rest;
            b->size = need;
        } else {
            *link = b->next;
        }
        free_bytes -= b->size;
        b->next = BLOCK_MAGIC;
        return b + 1;
    }
    return NULL;
}

void *
kmalloc(size_t size)
{
    uint64_t need = ((uint64_t)size + 15) / 16 * 16 + sizeof(struct block);
    void *p;

    if (size == 0 || size > KHEAP_LIMIT - KHEAP_BASE)
        return NULL;
    uint64_t flags = irq_save();            /* interrupts off from here ... */
    while (!(p = take_first_fit(need)) && grow(need))
        ;
    if (!p)
        p = take_first_fit(need);           /* what grow managed may do */
    irq_restore(flags);                     /* ... to here */
    return p;
}

void *
kzalloc(size_t size)
{
    void *p = kmalloc(size);

    if (p)
        memset(p, 0, size);
    return p;
}

void
kfree(void *p)
{
    struct block *b = (struct block *)p - 1;

    if (!p)
        return;
    if ((uint64_t)p < KHEAP_BASE + sizeof(*b) || (uint64_t)p >= heap_top ||
        ((uint64_t)p & 15) || b->next != BLOCK_MAGIC)
        panic("kfree(%p): not a block from kmalloc, or freed twice", p);
    uint64_t flags = irq_save();
    insert_free(b);
    irq_restore(flags);
}

uint64_t
kheap_size(void)
{
    return heap_top - KHEAP_BASE;
}

uint64_t
kheap_free_bytes(void)
{
    return free_bytes;
}

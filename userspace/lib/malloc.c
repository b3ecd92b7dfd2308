/* malloc.c — a first-fit allocator over brk (Kernighan & Ritchie, §8.7).
 *
 * The heap is a run of blocks, each a header followed by its payload.
 * Free blocks are kept on a circular list sorted by address, so free() can
 * merge a block with its neighbours. Sizes are counted in units of one
 * header (16 bytes), which keeps every payload 16-byte aligned.
 *
 *   | header | payload ...      | header | payload ... |
 *     .next (free list only)
 *     .units (the whole block, header included)
 *
 * Invariants: the free list is sorted by address and no two free blocks
 * touch (free() merges them); `freep` points into the list or is NULL
 * before the first allocation. Memory is never given back to the kernel. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

union header {
    struct {
        union header *next;     /* next free block (free blocks only) */
        size_t units;           /* size of this block in headers */
    } s;
    max_align_t align;          /* forces 16-byte alignment */
};
typedef union header Header;

#define MIN_GROW_UNITS (4096 / sizeof(Header))

static Header base;             /* a zero-size block to start the list */
static Header *freep;

/* Ask the kernel for at least `units` more, and free it into the list. */
static Header *
more_core(size_t units)
{
    uintptr_t cur = (uintptr_t)sbrk(0);
    size_t pad = -cur & (sizeof(Header) - 1);   /* align the first block */
    char *p;
    Header *h;

    if (units < MIN_GROW_UNITS)
        units = MIN_GROW_UNITS;
    if (units > (SIZE_MAX - pad) / sizeof(Header))
        return NULL;
    p = sbrk((long)(pad + units * sizeof(Header)));
    if (p == (char *)-1)
        return NULL;
    h = (Header *)(p + pad);
    h->s.units = units;
    free(h + 1);
    return freep;
}

void *
malloc(size_t size)
{
    Header *p, *prev;
    size_t units;

    if (size > SIZE_MAX - 2 * sizeof(Header)) {
        errno = ENOMEM;
        return NULL;
    }
    units = (size + sizeof(Header) - 1) / sizeof(Header) + 1;
    if (!freep) {
        base.s.next = freep = &base;
        base.s.units = 0;
    }
    prev = freep;
    for (p = prev->s.next;; prev = p, p = p->s.next) {
        if (p->s.units >= units) {
            if (p->s.units == units) {          /* exactly: unlink it */
                prev->s.next = p->s.next;
            } else {                            /* hand out its tail end */
                p->s.units -= units;
                p += p->s.units;
                p->s.units = units;
            }
            freep = prev;
            return p + 1;
        }
        if (p == freep && !(p = more_core(units))) {    /* wrapped around */
            errno = ENOMEM;
            return NULL;
        }
    }
}

void
free(void *ptr)
{
    Header *b, *p;

    if (!ptr)
        return;
    b = (Header *)ptr - 1;
    /* find p with p < b < p->next (or b at either end of the arena) */
    for (p = freep; !(b > p && b < p->s.next); p = p->s.next)
        if (p >= p->s.next && (b > p || b < p->s.next))
            break;
    if (b + b->s.units == p->s.next) {          /* merge with the next block */
        b->s.units += p->s.next->s.units;
        b->s.next = p->s.next->s.next;
    } else {
        b->s.next = p->s.next;
    }
    if (p + p->s.units == b) {                  /* merge with the previous one */
        p->s.units += b->s.units;
        p->s.next = b->s.next;
    } else {
        p->s.next = b;
    }
    freep = p;
}

void *
calloc(size_t count, size_t size)
{
    void *p;

    if (size && count > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    p = malloc(count * size);
    return p ? memset(p, 0, count * size) : NULL;
}

void *
realloc(void *ptr, size_t size)
{
    size_t have;
    void *p;

    if (!ptr)
        return malloc(size);
    have = (((Header *)ptr - 1)->s.units - 1) * sizeof(Header);
    if (size <= have)
        return ptr;
    p = malloc(size);
    if (p) {
        memcpy(p, ptr, have);
        free(ptr);
    }
    return p;
}

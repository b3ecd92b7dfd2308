/* ptdump.c — every mapping of an address space, as ranges.
 *
 * The walk (pagewalk.c) visits the pages in index order, depth first, and
 * reports each with the indices of the entries on its path — idx[4] in
 * the PML4 down to idx[1] in a page table. Those are the pieces of the
 * virtual address the entry maps; va_from_indices puts them back together.
 */
#include "mm/ptdump.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/pagetable.h"
#include "lib/kprintf.h"
#include "mm/pagewalk.h"

struct ranges {
    pt_range_fn fn;
    void *ctx;
    struct pt_range cur;    /* the range being grown; size 0 = none yet */
};

/* The virtual address selected by the indices idx[4] .. idx[level], with
 * the offset bits below them zero:
 *
 *   47    39 38    30 29    21 20    12 11       0
 *   | idx[4] | idx[3] | idx[2] | idx[1] |  0 ... |
 */
static uint64_t
va_from_indices(const unsigned idx[5], int level)
{
    uint64_t va = 0;

    for (int l = 4; l >= level; l--)
        va |= (uint64_t)idx[l] << (12 + 9 * (l - 1));
#ifdef BUG_1_PAGING_SIGN_EXTEND
    return va;
#else
    /* A 48-bit number is not yet an address: bits 63..48 must repeat bit
     * 47 (SDM Vol. 1 §3.3.7.1, canonical addressing). For L4 entries
     * 256..511 bit 47 is 1, so their addresses start 0xffff8... */
    return sign_extend_48(va);
#endif
}

uint64_t
pt_step_va(const struct pt_step *s)
{
    return va_from_indices(s->idx, s->level);
}

/* The walk's callback: adds one page to the current range, or ends that
 * range and starts a new one when the page does not continue it. */
static int
add_page(const struct pt_step *s, void *ctx)
{
    struct ranges *w = ctx;
    struct pt_range *c = &w->cur;
    uint64_t size = pt_level_size(s->level);
    uint64_t va = va_from_indices(s->idx, s->level);
    uint64_t pa = pte_addr(s->entry[s->level]) & ~(size - 1);

    if (c->size && c->va + c->size == va && c->pa + c->size == pa &&
        c->flags == s->flags && c->page_size == size) {
        c->size += size;
        return 0;
    }
    if (c->size)
        w->fn(c, w->ctx);
    *c = (struct pt_range){ .va = va, .pa = pa, .size = size, .flags = s->flags,
                            .page_size = size };
    return 0;
}

void
pt_for_each_range(uint64_t pml4, pt_range_fn fn, void *ctx)
{
    struct ranges w = { .fn = fn, .ctx = ctx };

    pt_walk_range(pml4, 0, ~0UL, 0, add_page, &w);
    if (w.cur.size)
        fn(&w.cur, ctx);
}

static const char *
size_str(uint64_t bytes, char *buf, size_t n)
{
    if (bytes % (1UL << 30) == 0)
        ksnprintf(buf, n, "%luG", bytes >> 30);
    else if (bytes % (1UL << 20) == 0)
        ksnprintf(buf, n, "%luM", bytes >> 20);
    else
        ksnprintf(buf, n, "%luK", bytes >> 10);
    return buf;
}

void
pt_print_range(const struct pt_range *r)
{
    char size[16], page[16];

    kprintf("  %016lx-%016lx %6s r%c%c %s %s -> %016lx\n", r->va, r->va + r->size - 1,
            size_str(r->size, size, sizeof(size)),
            r->flags & PTE_W ? 'w' : '-', r->flags & PTE_NX ? '-' : 'x',
            r->flags & PTE_U ? "user" : "    ", size_str(r->page_size, page, sizeof(page)),
            r->pa);
}

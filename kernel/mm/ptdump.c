/* ptdump.c — every mapping of an address space, as ranges.
 *
 * The walk visits the entries of each table in index order, depth first.
 * The indices of the entries on the current path — idx[4] in the PML4
 * down to idx[1] in a page table — are the pieces of the virtual address
 * the entry maps; va_from_indices puts them back together.
 */
#include "mm/ptdump.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/pagetable.h"
#include "lib/kprintf.h"

struct walker {
    pt_range_fn fn;
    void *ctx;
    unsigned idx[5];        /* idx[level]: the entry taken at that level */
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

/* Adds one page to the current range, or ends that range and starts a
 * new one when the page does not continue it. */
static void
add_page(struct walker *w, uint64_t va, uint64_t pa, uint64_t size, uint64_t flags)
{
    struct pt_range *c = &w->cur;

    if (c->size && c->va + c->size == va && c->pa + c->size == pa &&
        c->flags == flags && c->page_size == size) {
        c->size += size;
        return;
    }
    if (c->size)
        w->fn(c, w->ctx);
    *c = (struct pt_range){ .va = va, .pa = pa, .size = size, .flags = flags,
                            .page_size = size };
}

/* `flags`: the W, U and NX the levels above allow. */
static void
walk_table(struct walker *w, uint64_t table, int level, uint64_t flags)
{
    const uint64_t *t = phys_to_virt(table);

    for (unsigned i = 0; i < PT_ENTRIES; i++) {
        uint64_t e = t[i];
        uint64_t f = (flags & e & (PTE_W | PTE_U)) | ((flags | e) & PTE_NX);

        if (!(e & PTE_P))
            continue;
        w->idx[level] = i;
        if (level == 1 || (e & PTE_PS)) {
            uint64_t size = pt_level_size(level);
            add_page(w, va_from_indices(w->idx, level), pte_addr(e) & ~(size - 1),
                     size, f);
        } else {
            walk_table(w, pte_addr(e), level - 1, f);
        }
    }
}

void
pt_for_each_range(uint64_t pml4, pt_range_fn fn, void *ctx)
{
    struct walker w = { .fn = fn, .ctx = ctx };

    walk_table(&w, pte_addr(pml4), 4, PTE_W | PTE_U);
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

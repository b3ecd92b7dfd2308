/* pagewalk.c — the one walk of the page tables (see pagewalk.h).
 *
 * walk_table() visits the entries of one table whose addresses fall in
 * [first, last], in index order, and goes down into the tables they point
 * to, depth first. The range narrows on the way down only along its two
 * edges: below an entry strictly inside it, every entry is in range.
 */
#include "mm/pagewalk.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/memlayout.h"

struct walker {
    uint64_t first, last;
    int options;
    pt_step_fn fn;
    void *ctx;
    struct pt_step step;    /* idx[] and entry[] of the current path */
};

/* The first index in [i, to] whose entry is present, or to + 1. Most
 * entries are not: fork's walk of a user half passes thousands of them,
 * so this loop is kept as small as it can be. */
static unsigned
next_present(const uint64_t *t, unsigned i, unsigned to)
{
    while (i <= to && !(t[i] & PTE_P))
        i++;
    return i;
}

/* `flags`: the W, U and NX the levels above allow. on_first / on_last: the
 * path so far is first's / last's, so the range starts / ends in this table. */
static int
walk_table(struct walker *w, uint64_t table, int level, uint64_t flags,
           bool on_first, bool on_last)
{
    const uint64_t *t = phys_to_virt(table);
    unsigned from = on_first ? pt_index(w->first, level) : 0;
    unsigned to = on_last ? pt_index(w->last, level) : PT_ENTRIES - 1;
    bool holes = w->options & PT_WALK_HOLES;
    struct pt_step *s = &w->step;

    for (unsigned i = from; i <= to; i++) {
        uint64_t e;
        int stop;

        if (!holes && (i = next_present(t, i, to)) > to)
            break;
        e = t[i];
        s->idx[level] = i;
        s->entry[level] = e;
        s->flags = (flags & e & (PTE_W | PTE_U)) | ((flags | e) & PTE_NX);
        if ((e & PTE_P) && level > 1 && !(level <= 3 && (e & PTE_PS))) {
            stop = walk_table(w, pte_addr(e), level - 1, s->flags,
                              on_first && i == from, on_last && i == to);
        } else {                        /* a page, or a hole: the walk ends */
            s->level = level;
            s->present = e & PTE_P;
            stop = w->fn(s, w->ctx);
        }
        if (stop)
            return stop;
    }
    return 0;
}

int
pt_walk_range(uint64_t pml4, uint64_t first, uint64_t last, int options,
              pt_step_fn fn, void *ctx)
{
    struct walker w = { .first = first, .last = last, .options = options,
                        .fn = fn, .ctx = ctx };

    if (first > last)
        return 0;
    return walk_table(&w, pte_addr(pml4), 4, PTE_W | PTE_U, true, true);
}

/* pt_walk's callback: the one entry where the address's walk ended. */
static int
record(const struct pt_step *s, void *ctx)
{
    struct pt_walk *w = ctx;
    uint64_t size = pt_level_size(s->level);

    for (int l = 4; l >= s->level; l--)
        w->entry[l] = s->entry[l];
    w->level = s->level;
    w->present = s->present;
    if (s->present)
        w->phys = pte_addr(s->entry[s->level]) & ~(size - 1);
    return 1;
}

void
pt_walk(uint64_t cr3, uint64_t va, struct pt_walk *w)
{
    *w = (struct pt_walk){ .level = 4 };
    if (!is_canonical(va))
        return;                         /* never reaches the tables: #GP */
    pt_walk_range(cr3, va, va, PT_WALK_HOLES, record, w);
    if (w->present)
        w->phys += va & (pt_level_size(w->level) - 1);
}

bool
pt_mapped(uint64_t va, uint64_t len)
{
    struct pt_walk w;

    for (uint64_t p = va & ~(PAGE_SIZE - 1); p < va + len; p += PAGE_SIZE) {
        pt_walk(read_cr3(), p, &w);
        if (!w.present)
            return false;
    }
    return true;
}

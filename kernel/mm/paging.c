/* paging.c — map, unmap and free in 4-level page tables.
 *
 * A table is one 4 KiB frame of 512 eight-byte entries. The walk from a
 * PML4 down to the entry for an address takes one 9-bit index per level
 * (pt_index in pagetable.h):
 *
 *   level 4  PML4   entry -> a PDPT
 *   level 3  PDPT   entry -> a PD            (or, with PS, a 1 GiB page)
 *   level 2  PD     entry -> a page table    (or, with PS, a 2 MiB page)
 *   level 1  PT     entry -> a 4 KiB page
 *
 * All tables are reached through the direct map, so these functions work
 * on any address space whatever CR3 holds.
 */
#include <stdbool.h>

#include "mm/paging.h"
#include "arch/x86_64/panic.h"
#include "mm/pmm.h"
#include "arch/x86_64/memlayout.h"
#include "lib/kprintf.h"

_Static_assert(PT_ENTRIES * sizeof(uint64_t) == PAGE_SIZE,
               "a table is one 4 KiB frame of 512 eight-byte entries");
_Static_assert(LARGE_PAGE_SIZE == PT_ENTRIES * PAGE_SIZE,
               "an L2 entry with PS maps what a whole page table would");

static inline uint64_t *
table_at(uint64_t table_phys)
{
    return phys_to_virt(table_phys);
}

/* Finds the entry for `va` in the table at `level` (1 = the page table),
 * walking down from `pml4`. Missing tables on the way are allocated when
 * `create` (with U if `user`), else the walk gives up. Returns 0 and the
 * entry in *out, or MM_ENOMEM, or MM_EEXIST if a large page is in the way.
 * With !create, *out is NULL when a table is missing. */
static int
find_entry(uint64_t pml4, uint64_t va, int level, bool create, bool user,
           uint64_t **out)
{
    uint64_t table = pml4;

    *out = NULL;
    for (int l = 4; l > level; l--) {
        uint64_t *e = &table_at(table)[pt_index(va, l)];

        if (*e & PTE_P && *e & PTE_PS)
            return MM_EEXIST;
        if (!(*e & PTE_P)) {
            if (!create)
                return 0;
            uint64_t t = pmm_alloc();       /* zeroed: all 512 not present */
            if (t == PMM_NO_FRAME)
                return MM_ENOMEM;
            *e = t | PTE_P | PTE_W | (user ? PTE_U : 0);
        }
        table = pte_addr(*e);
    }
    *out = &table_at(table)[pt_index(va, level)];
    return 0;
}

static int
map_at_level(uint64_t pml4, uint64_t va, uint64_t pa, uint64_t flags, int level)
{
    uint64_t size = pt_level_size(level), *e;
    int err;

    if (!is_canonical(va) || (va | pa) & (size - 1) || pa & ~PTE_ADDR_MASK)
        return MM_EINVAL;
    err = find_entry(pml4, va, level, true, va < USER_TOP, &e);
    if (err)
        return err;
    if (*e & PTE_P)
        return MM_EEXIST;
    *e = pa | (flags & ~PTE_ADDR_MASK) | PTE_P | (level > 1 ? PTE_PS : 0);
    return 0;
}

int
pt_map(uint64_t pml4, uint64_t va, uint64_t pa, uint64_t flags)
{
    return map_at_level(pml4, va, pa, flags, 1);
}

int
pt_map_large(uint64_t pml4, uint64_t va, uint64_t pa, uint64_t flags)
{
    return map_at_level(pml4, va, pa, flags, 2);
}

uint64_t
pt_unmap(uint64_t pml4, uint64_t va)
{
    uint64_t *e, pa;

    if (!is_canonical(va) || find_entry(pml4, va, 1, false, false, &e) || !e)
        return 0;
    if (!(*e & PTE_P))
        return 0;
    pa = pte_addr(*e);
    *e = 0;
    return pa;
}

int
pt_protect(uint64_t pml4, uint64_t va, uint64_t flags)
{
    uint64_t *e;

    if (!is_canonical(va) || find_entry(pml4, va, 1, false, false, &e) || !e ||
        !(*e & PTE_P))
        return MM_EINVAL;
    *e = pte_addr(*e) | (flags & ~PTE_ADDR_MASK) | PTE_P;
    return 0;
}

/* Frees the table at `level` and everything below it. The entries of a
 * page table (level 1) are pages; above that, entries are tables — a
 * large page (PS) never appears in a user half, which is all this frees.
 * (In a page-table entry bit 7 is PAT, not PS: test it only above.) */
static void
free_table(uint64_t table, int level)
{
    uint64_t *t = table_at(table);

    for (int i = 0; i < PT_ENTRIES; i++) {
        if (!(t[i] & PTE_P))
            continue;
        if (level > 1 && (t[i] & PTE_PS))
            panic("free_table: a large page in a range being freed");
        if (level == 1)
            pmm_free(pte_addr(t[i]));
        else
            free_table(pte_addr(t[i]), level - 1);
    }
    pmm_free(table);
}

void
pt_free_range(uint64_t pml4, unsigned first, unsigned last)
{
    uint64_t *l4 = table_at(pml4);

    for (unsigned i = first; i <= last && i < PT_ENTRIES; i++) {
        if (l4[i] & PTE_P)
            free_table(pte_addr(l4[i]), 3);
        l4[i] = 0;
    }
}

static void
count_table(uint64_t table, int level, uint64_t *tables, uint64_t *pages)
{
    const uint64_t *t = table_at(table);

    ++*tables;
    for (int i = 0; i < PT_ENTRIES; i++) {
        if (!(t[i] & PTE_P))
            continue;
        if (level == 1)
            ++*pages;
        else if (t[i] & PTE_PS)
            *pages += pt_level_size(level) / PAGE_SIZE;
        else
            count_table(pte_addr(t[i]), level - 1, tables, pages);
    }
}

void
pt_count_range(uint64_t pml4, unsigned first, unsigned last,
               uint64_t *tables, uint64_t *pages)
{
    const uint64_t *l4 = table_at(pml4);

    *tables = *pages = 0;
    for (unsigned i = first; i <= last && i < PT_ENTRIES; i++)
        if (l4[i] & PTE_P)
            count_table(pte_addr(l4[i]), 3, tables, pages);
}

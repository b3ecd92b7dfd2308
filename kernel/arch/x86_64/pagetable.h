/* pagetable.h — the x86-64 4-level page-table format (SDM Vol. 3A §5.5).
 *
 * A 48-bit virtual address is cut into four 9-bit table indices and a
 * 12-bit page offset:
 *
 *   63      48 47    39 38    30 29    21 20    12 11        0
 *  +----------+--------+--------+--------+--------+-----------+
 *  | sign ext | L4 idx | L3 idx | L2 idx | L1 idx |  offset   |
 *  +----------+--------+--------+--------+--------+-----------+
 *
 * Bits 63..48 must all equal bit 47 ("canonical"); any other address is
 * refused with #GP before the page tables are ever consulted.
 */
#ifndef RINGLAB_PAGETABLE_H
#define RINGLAB_PAGETABLE_H

#include <stdbool.h>
#include <stdint.h>

#define PTE_P    (1UL << 0)    /* present */
#define PTE_W    (1UL << 1)    /* writable */
#define PTE_U    (1UL << 2)    /* user-accessible */
#define PTE_PWT  (1UL << 3)
#define PTE_PCD  (1UL << 4)
#define PTE_A    (1UL << 5)    /* accessed */
#define PTE_D    (1UL << 6)    /* dirty */
#define PTE_PS   (1UL << 7)    /* large page (in an L3 or L2 entry) */
#define PTE_G    (1UL << 8)    /* global */
#define PTE_NX   (1UL << 63)   /* no execute (needs EFER.NXE) */
#define PTE_ADDR_MASK 0x000ffffffffff000UL

#define PT_ENTRIES 512

/* Index into the table at `level` (4 = PML4 ... 1 = page table). */
static inline unsigned
pt_index(uint64_t va, int level)
{
    return (va >> (12 + 9 * (level - 1))) & 0x1ff;
}

/* Bytes mapped by one entry at `level`: 4 KiB, 2 MiB, 1 GiB, 512 GiB. */
static inline uint64_t
pt_level_size(int level)
{
    return 1UL << (12 + 9 * (level - 1));
}

static inline bool
is_canonical(uint64_t va)
{
    return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

/* Copy bit 47 into bits 63..48. */
static inline uint64_t
sign_extend_48(uint64_t va)
{
    return (uint64_t)((int64_t)(va << 16) >> 16);
}

static inline uint64_t
pte_addr(uint64_t pte)
{
    return pte & PTE_ADDR_MASK;
}

#endif

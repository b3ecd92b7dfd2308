/* pagewalk.h — the one walk of 4-level page tables, the way the MMU reads
 * them (SDM Vol. 3A §5.5.4), through the direct map.
 *
 * pt_walk_range() visits, in address order, every entry that ends a walk
 * in a range of addresses: each page mapped there (a 4 KiB page, or a 2 MiB
 * / 1 GiB page: PS in an L2 / L3 entry) and, if asked for, each hole (an
 * entry without P). Its users:
 *
 *   pt_walk()              one address, as the MMU translates it (below)
 *   pt_for_each_range()    every mapping, as ranges (ptdump.c)
 *   vas_copy_user()        fork's copy of a user half (vas.c)
 *
 * The walker reports where an entry is as the path of table indices that
 * leads to it, never as an address: turning idx[4..level] back into a
 * canonical address is ptdump.c's va_from_indices (pt_step_va).
 */
#ifndef RINGLAB_PAGEWALK_H
#define RINGLAB_PAGEWALK_H

#include <stdbool.h>
#include <stdint.h>
#include "arch/x86_64/pagetable.h"

/* One entry where a walk ended. */
struct pt_step {
    int level;              /* 1: a page table's entry ... 4: the PML4's */
    bool present;           /* a page (else a hole: PTE_P clear) */
    unsigned idx[5];        /* idx[4] (PML4) .. idx[level]: the path to it */
    uint64_t entry[5];      /* entry[4] .. entry[level]: the entries on it */
    uint64_t flags;         /* the W, U and NX of entry[4..level] together */
};

/* Return 0 to go on, anything else to stop the walk with that value. */
typedef int (*pt_step_fn)(const struct pt_step *s, void *ctx);

#define PT_WALK_HOLES 1     /* also report entries without PTE_P */

/* Calls fn for each entry that ends a walk of an address in [first, last]
 * (canonical addresses) under the PML4 at `pml4`, lowest address first.
 * Returns 0, or the first nonzero value fn returned. */
int pt_walk_range(uint64_t pml4, uint64_t first, uint64_t last, int options,
                  pt_step_fn fn, void *ctx);

/* The result of walking one virtual address. */
struct pt_walk {
    uint64_t entry[5];      /* entry[4] = L4 entry ... entry[1] = L1 entry */
    int level;              /* where the walk stopped: the leaf or the hole */
    bool present;           /* true if the address translates */
    uint64_t phys;          /* its physical address, if present */
};

/* Walk `va` through the tables rooted at `cr3`: the ktests' check of what
 * the MMU sees, and vas_write's translation. (gdb's rl-walk, in
 * scripts/gdb/rl_paging.py, does the same walk from outside, in Python.) */
void pt_walk(uint64_t cr3, uint64_t va, struct pt_walk *w);

/* True if every page of [va, va+len) is mapped in the address space in
 * CR3 (the fault report's check before it follows a frame pointer). */
bool pt_mapped(uint64_t va, uint64_t len);

#endif

/* paging.h — changing 4-level page tables: map, unmap, free.
 *
 * Every function takes the physical address of a PML4 (what CR3 holds), so
 * it works on any address space, not only the one the CPU is using; the
 * tables are read and written through the direct map. Walking an address is
 * pt_walk() in arch/x86_64/pagetable.h; listing all mappings is ptdump.h.
 *
 * These functions never touch the TLB. A caller that removes or narrows a
 * mapping of the address space in CR3 must `invlpg` it (SDM Vol. 3A
 * §5.10.4); adding a mapping where none was needs nothing, because the
 * CPU does not cache "not present".
 *
 * Intermediate entries are created permissive (P, W, and U for the user
 * half): the CPU combines the levels — writable only if W at every level,
 * user only if U at every level, executable only if NX at none (SDM Vol. 3A
 * §5.6) — so the leaf alone decides what a page allows.
 */
#ifndef RINGLAB_PAGING_H
#define RINGLAB_PAGING_H

#include <stdint.h>
#include "arch/x86_64/pagetable.h"

/* Errors: Linux's errno values, negated, so a syscall can return them. */
#define MM_ENOMEM (-12)     /* no frame for a page table */
#define MM_EEXIST (-17)     /* something is already mapped there */
#define MM_EINVAL (-22)     /* misaligned or non-canonical address */

#define LARGE_PAGE_SIZE (2UL << 20)

/* Maps the 4 KiB page at `va` to the frame `pa`. `flags`: PTE_W, PTE_U,
 * PTE_NX ... (PTE_P is added). Creates missing tables. */
int pt_map(uint64_t pml4, uint64_t va, uint64_t pa, uint64_t flags);

/* The same for a 2 MiB page (an L2 entry with PTE_PS); va and pa must be
 * 2 MiB aligned. */
int pt_map_large(uint64_t pml4, uint64_t va, uint64_t pa, uint64_t flags);

/* Removes the 4 KiB mapping of `va` and returns the frame it mapped (not
 * freed), or 0 if nothing was mapped. Empty tables are kept. */
uint64_t pt_unmap(uint64_t pml4, uint64_t va);

/* Gives the 4 KiB mapping of `va` new `flags` (PTE_P is added), keeping
 * its frame: 0, or MM_EINVAL if no 4 KiB page is mapped there. The caller
 * flushes the TLB entry (invlpg) if the space is in CR3. */
int pt_protect(uint64_t pml4, uint64_t va, uint64_t flags);

/* Frees every page mapped under L4[first..last], every table below those
 * entries, and clears the entries. For tearing down a user half. */
void pt_free_range(uint64_t pml4, unsigned first, unsigned last);

/* Counts the tables (not counting the PML4) and 4 KiB pages under
 * L4[first..last]. */
void pt_count_range(uint64_t pml4, unsigned first, unsigned last,
                    uint64_t *tables, uint64_t *pages);

#endif

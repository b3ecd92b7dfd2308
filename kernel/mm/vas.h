/* vas.h — address spaces: one PML4 per process, the kernel half shared.
 *
 *   0x0000000000000000 .. 0x00007fffffffffff   L4[0..255]   this space's own
 *   0xffff800000000000 .. 0xffffffffffffffff   L4[256..511] the kernel's,
 *                                              copied from its PML4
 *
 * vas_create copies the kernel's L4 entries 256..511 — the entries, not the
 * tables below them — so every address space points at the very same
 * kernel PDPTs: the kernel image, its stacks, the IDT, the heap and the
 * direct map are mapped whatever CR3 holds, and a kernel page added later
 * under an existing entry (the heap growing) appears in all of them at
 * once. That is what lets vas_switch load CR3 and run on.
 *
 * An address space owns the frames mapped in its user half: vas_unmap and
 * vas_destroy give them back to the frame allocator.
 */
#ifndef RINGLAB_VAS_H
#define RINGLAB_VAS_H

#include <stddef.h>
#include <stdint.h>
#include "mm/kmap.h"        /* kernel_pml4_phys */
#include "mm/paging.h"      /* PTE_* flags, MM_E* errors */

struct vas {
    uint64_t pml4_phys;     /* what CR3 holds while this space runs */
#if RINGLAB_LAB >= 5
    uint32_t cpus;          /* lab 5: a bit per CPU that may have it in CR3 (mm/tlb.h) */
#endif
#if RINGLAB_LAB >= 6
    int refs;               /* processes using it: clone(CLONE_VM) shares one */
#endif
};

/* A new address space: an empty user half and the kernel half. NULL if
 * out of memory. */
struct vas *vas_create(void);

/* Frees every user page, every user page table and the PML4. The space
 * must not be the one in CR3 (switch away first). */
void vas_destroy(struct vas *vas);

#if RINGLAB_LAB >= 6
/* A space shared by clone(CLONE_VM) has one reference per process using
 * it (vas_create gives the first). vas_get takes another and returns the
 * space; vas_put drops one, and the last one destroys the space (the same
 * rule as vas_destroy: it must not be in CR3 then). */
struct vas *vas_get(struct vas *vas);
void vas_put(struct vas *vas);

#endif
/* Maps the user page `va` to the frame `pa` (which the space now owns).
 * `pte_flags`: PTE_U for user access, PTE_W, PTE_NX. Returns 0 or MM_E*:
 * MM_EINVAL for an address outside the user half or not page-aligned. */
int vas_map(struct vas *vas, uint64_t va, uint64_t pa, uint64_t pte_flags);

/* The same with a newly allocated, zeroed frame. */
int vas_map_new(struct vas *vas, uint64_t va, uint64_t pte_flags);

/* Unmaps the user page `va` and frees its frame: 0, or MM_EINVAL if
 * nothing was mapped there. */
int vas_unmap(struct vas *vas, uint64_t va);

#if RINGLAB_LAB >= 2
/* Writes n bytes at user address va of the space, through the direct map
 * (the space need not be the one in CR3). The pages must be mapped
 * already: 0, or -EFAULT. */
int vas_write(struct vas *vas, uint64_t va, const void *src, size_t n);

#endif
#if RINGLAB_LAB >= 4
/* Maps a copy of every user page of `from` into `to` (an empty user half),
 * with the same permissions: fork's copy. 0, or MM_ENOMEM (the pages
 * copied so far stay mapped in `to`, for vas_destroy). */
int vas_copy_user(struct vas *to, const struct vas *from);

#endif
/* Loads CR3 with this space's PML4 (a TLB flush of its user half). */
void vas_switch(struct vas *vas);

/* The kernel's own address space (an empty user half), to switch back to. */
struct vas *vas_kernel(void);

/* True if CR3 holds this space's PML4. */
int vas_is_current(const struct vas *vas);

#endif

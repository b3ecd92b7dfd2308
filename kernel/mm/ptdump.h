/* ptdump.h — listing every mapping of an address space as ranges.
 *
 * pt_for_each_range() visits the tables under a PML4 in address order and
 * merges neighbouring pages into one range when their virtual and physical
 * addresses both continue and their permissions and page size agree:
 *
 *   0000000000400000-0000000000401fff     8K r-x user 4K -> 0000000000216000
 *   ffff800000000000-ffff800007ffffff   128M rw-      2M -> 0000000000000000
 *
 * The permissions are the effective ones, combined over all four levels
 * (SDM Vol. 3A §5.6): w only if W at every level, user only if U at every
 * level, x unless NX at some level.
 */
#ifndef RINGLAB_PTDUMP_H
#define RINGLAB_PTDUMP_H

#include <stdint.h>

struct pt_range {
    uint64_t va;            /* the first virtual address */
    uint64_t pa;            /* ... and the physical address it maps to */
    uint64_t size;          /* bytes */
    uint64_t flags;         /* effective PTE_W, PTE_U, PTE_NX */
    uint64_t page_size;     /* 4 KiB, 2 MiB or 1 GiB */
};

typedef void (*pt_range_fn)(const struct pt_range *r, void *ctx);

/* Calls fn for each range mapped under `pml4`, lowest address first. */
void pt_for_each_range(uint64_t pml4, pt_range_fn fn, void *ctx);

struct pt_step;
/* The address of the entry a walk reported (pagewalk.h): its path of
 * indices, back as a canonical virtual address (va_from_indices). */
uint64_t pt_step_va(const struct pt_step *s);

/* Prints one range in the format above (also what gdb's rl-maps prints). */
void pt_print_range(const struct pt_range *r);

#endif

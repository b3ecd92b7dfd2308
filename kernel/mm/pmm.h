/* pmm.h — the physical memory manager: 4 KiB frames of RAM.
 *
 * kmain hands pmm_init() the RAM the boot loader reported and the ranges
 * that must never be handed out (the kernel image, the boot modules, the
 * multiboot2 information). The allocator knows nothing of multiboot2.
 *
 *   uint64_t pa = pmm_alloc();     a zeroed frame's physical address, 0 if none
 *   pmm_free(pa);                  gives it back; freeing twice is a panic
 *
 * Frames are reached through the direct map (phys_to_virt), never mapped
 * anywhere else by the allocator itself.
 */
#ifndef RINGLAB_PMM_H
#define RINGLAB_PMM_H

#include <stdint.h>

/* The allocator tracks frames below this address (4 GiB: a 128 KiB bitmap).
 * RAM above it is ignored; the course runs QEMU with 128 MiB. */
#define PMM_MAX_PHYS (4UL << 30)

/* Physical address 0 is never handed out (it is below 1 MiB, which kmain
 * reserves), so 0 can mean "no frame". */
#define PMM_NO_FRAME 0

/* A range of physical addresses [base, end). */
struct phys_range {
    uint64_t base, end;
};

/* `ram`: the usable RAM. `reserved`: ranges inside it to keep out. A
 * usable range is trimmed inwards to whole frames, a reserved one is
 * widened outwards, so a frame is free only if every byte of it is. */
void pmm_init(const struct phys_range *ram, int n_ram,
              const struct phys_range *reserved, int n_reserved);

uint64_t pmm_alloc(void);
/* A frame with whatever the last owner left in it: only for a caller that
 * overwrites all 4 KiB at once (fork's page copies), which would make
 * pmm_alloc's zeroing (512 `rep stosq` steps) wasted work. */
uint64_t pmm_alloc_unzeroed(void);
void pmm_free(uint64_t pa);

uint64_t pmm_free_count(void);      /* frames free now */
uint64_t pmm_managed_count(void);   /* frames free after pmm_init */
/* The end of the highest usable RAM (reserved parts included): how far
 * the direct map must reach. */
uint64_t pmm_phys_end(void);

#endif

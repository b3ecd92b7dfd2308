/* memlayout.h — the kernel's virtual memory map (docs/architecture.md draws it).
 *
 *   0x0000000000000000 .. 0x00007fffffffffff   user space (L4[0..255])
 *        0x0000000000400000                      programs are linked here
 *        USER_STACK_TOP                          just under the canonical hole
 *   0x0000800000000000 .. 0xffff7fffffffffff   the canonical hole: #GP on use
 *   0xffff800000000000 ..                      direct map of all RAM (L4[256])
 *   0xffffffff80000000 ..                      kernel image, heap, per-CPU data
 *                                              (L4[511])
 *
 * Every process's PML4 shares L4[256..511] with the kernel's, so the kernel is
 * mapped whatever CR3 holds.
 */
#ifndef RINGLAB_MEMLAYOUT_H
#define RINGLAB_MEMLAYOUT_H

#define KERNEL_VMA      0xffffffff80000000UL  /* virt = KERNEL_VMA + phys */
#define DIRECT_MAP_BASE 0xffff800000000000UL  /* virt = DIRECT_MAP_BASE + phys */
#define USER_TOP        0x0000800000000000UL  /* first non-canonical address */
#define USER_STACK_TOP  0x00007ffffffff000UL

#define PAGE_SIZE       4096UL
#define PAGE_SHIFT      12

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Physical <-> virtual through the direct map. */
static inline void *
phys_to_virt(uint64_t pa)
{
    return (void *)(pa + DIRECT_MAP_BASE);
}

static inline uint64_t
virt_to_phys(const void *va)
{
    uint64_t v = (uint64_t)va;
    return v >= KERNEL_VMA ? v - KERNEL_VMA : v - DIRECT_MAP_BASE;
}

/* Bounds of the kernel image, from linker.ld. */
extern char __kernel_start[], __kernel_end[];
extern char __text_start[], __text_end[];
extern char __rodata_start[], __rodata_end[];
extern char __data_start[], __bss_start[], __bss_end[];
#endif

#endif

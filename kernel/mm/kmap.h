/* kmap.h — the kernel's own page tables: the half every address space shares.
 *
 * After kmap_init() the kernel PML4 maps only the kernel half:
 *
 *   L4[0..255]   nothing (the boot identity map is gone: a null pointer
 *                or a stray low address is a #PF)
 *   L4[256]      the direct map: all RAM at DIRECT_MAP_BASE + phys,
 *                2 MiB pages, read/write, no execute; where the kernel
 *                image lies, 4 KiB pages, and the image's read-only
 *   L4[511]      the kernel image at KERNEL_VMA + phys, 4 KiB pages:
 *                  .text    read + execute
 *                  .rodata  read only, no execute
 *                  .data, .bss  read/write, no execute (except the boot
 *                           stack's guard page, left unmapped)
 *                and the kernel heap (kheap.h) above it
 *
 * No kernel page carries PTE_U, and no page is both writable and
 * executable (W^X). These two L4 entries never change after kmap_init:
 * vas_create copies them into each new PML4, and a kernel-half entry added
 * later would be missing from every address space created before.
 */
#ifndef RINGLAB_KMAP_H
#define RINGLAB_KMAP_H

#include <stdint.h>

#define KERNEL_L4_FIRST 256     /* the first L4 entry of the kernel half */
#define KERNEL_L4_LAST  511     /* ... and the last */

/* Builds the kernel half described above and loads it. Needs pmm_init. */
void kmap_init(void);

/* Makes the kernel pages holding [start, start + size) read-only (and not
 * executable) for good: the IDT and the GDT once they are set up. */
void kmap_make_readonly(const void *start, uint64_t size);

/* The kernel PML4's physical address: boot.asm's boot_pml4, kept for life,
 * so a CR3 of 0x101000 always means "the kernel's own tables". */
uint64_t kernel_pml4_phys(void);

#endif

/* kmap.c — replacing the boot page tables' kernel half with the real one.
 *
 * boot.asm's tables map the first 1 GiB three times (identity, direct map,
 * kernel window), all read/write/execute. kmap_init builds the kernel half
 * drawn in kmap.h in a scratch PML4, then swaps it into boot_pml4:
 *
 *   1. build L4[256] (direct map) and L4[511] (kernel image) in a scratch
 *      PML4, with frames from pmm_alloc (reached through the boot direct
 *      map, which covers the first 1 GiB: pmm hands out low frames first);
 *   2. copy those two entries into boot_pml4 and clear L4[0]. Each new
 *      entry maps the same addresses to the same frames as the old one —
 *      only permissions tighten — so the CPU can run on through the swap;
 *   3. reload CR3, which flushes the TLB's stale translations (SDM Vol. 3A
 *      §5.10.4.1): from here on the identity map is gone.
 *
 * The boot PML4 stays the kernel's PML4 for good; its old lower tables
 * (boot_pdpt_low ... boot_pt) are simply no longer used.
 */
#include "mm/kmap.h"
#include "arch/x86_64/panic.h"
#include "mm/paging.h"
#include "mm/pmm.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/memlayout.h"
#include "lib/kprintf.h"

extern char boot_pml4[];            /* boot.asm: linked at its physical address */
extern char boot_stack_guard[];     /* boot.asm: the page under the boot stack */

uint64_t
kernel_pml4_phys(void)
{
    return (uint64_t)boot_pml4;
}

static void
must(int err, uint64_t va)
{
    if (err)
        panic("kmap: cannot map %p (error %d)", (void *)va, err);
}

/* Maps the kernel-image pages [start, end) at their link addresses. */
static void
map_image_range(uint64_t pml4, const char *start, const char *end, uint64_t flags)
{
    for (uint64_t va = (uint64_t)start; va < (uint64_t)end; va += PAGE_SIZE) {
        if (va == (uint64_t)boot_stack_guard)
            continue;                   /* overflowing the boot stack: #PF */
        must(pt_map(pml4, va, virt_to_phys((void *)va), flags), va);
    }
}

/* All RAM, [0, phys_end) rounded up to 2 MiB, at DIRECT_MAP_BASE, with
 * 2 MiB pages — except the ones the kernel image lies in: those are split
 * into 4 KiB pages, so that the image's own frames can be read-only here.
 * (The kernel writes its data through the link addresses; a write through
 * this second view of its code or data can only be a bug or an attack.) */
static void
map_direct(uint64_t pml4, uint64_t phys_end)
{
    uint64_t image_start = virt_to_phys(__text_start);
    uint64_t image_end = virt_to_phys(__kernel_end);

    for (uint64_t pa = 0; pa < phys_end; pa += LARGE_PAGE_SIZE) {
        uint64_t va = DIRECT_MAP_BASE + pa;

        if (pa + LARGE_PAGE_SIZE <= image_start || pa >= image_end) {
            must(pt_map_large(pml4, va, pa, PTE_W | PTE_NX), va);
            continue;
        }
        for (uint64_t off = 0; off < LARGE_PAGE_SIZE; off += PAGE_SIZE) {
            bool image = pa + off >= image_start && pa + off < image_end;
            must(pt_map(pml4, va + off, pa + off, image ? PTE_NX : PTE_W | PTE_NX), va + off);
        }
    }
}

void
kmap_make_readonly(const void *start, uint64_t size)
{
    uint64_t first = (uint64_t)start & ~(PAGE_SIZE - 1);

    for (uint64_t va = first; va < (uint64_t)start + size; va += PAGE_SIZE) {
        must(pt_protect(kernel_pml4_phys(), va, PTE_NX), va);
        invlpg(va);
    }
}

void
kmap_init(void)
{
    uint64_t scratch = pmm_alloc();
    uint64_t *boot = phys_to_virt(kernel_pml4_phys());
    const uint64_t *fresh = phys_to_virt(scratch);

    map_direct(scratch, pmm_phys_end());
    map_image_range(scratch, __text_start, __text_end, 0);               /* r-x */
    map_image_range(scratch, __rodata_start, __rodata_end, PTE_NX);      /* r-- */
    map_image_range(scratch, __data_start, __bss_end, PTE_W | PTE_NX);   /* rw- */

    boot[KERNEL_L4_FIRST] = fresh[KERNEL_L4_FIRST];
    boot[KERNEL_L4_LAST] = fresh[KERNEL_L4_LAST];
    boot[0] = 0;                        /* the identity map */
    write_cr3(kernel_pml4_phys());      /* flush the old translations */
    pmm_free(scratch);
}

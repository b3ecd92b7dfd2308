/* kstack.c — kernel stacks with guard pages.
 *
 * Every process has its own kernel stack: the CPU switches to it (TSS.RSP0,
 * GS:0) when the process enters the kernel. The stacks live in their own
 * region under L4[511], so every address space maps them (lab 1):
 *
 *   KSTACK_REGION + slot * KSTACK_SLOT:
 *     +------------+-------------------------------+
 *     | guard page |  stack (KSTACK_SIZE), grows <- |  top = next slot's guard
 *     | unmapped   |                               |
 *     +------------+-------------------------------+
 *
 * A kernel stack overflow runs into the guard page: a #PF that cannot be
 * delivered on the same stack becomes a #DF on its own IST stack, and is
 * reported — instead of silently overwriting the next process's stack. */
#include "proc/kstack.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/memlayout.h"
#include "mm/kmap.h"
#include "mm/paging.h"
#include "mm/pmm.h"
#if RINGLAB_LAB >= 5
#include "mm/tlb.h"
#endif

#define KSTACK_REGION 0xffffff8000000000UL     /* L4[511], PDPT[0] */
#define KSTACK_SLOT   (KSTACK_SIZE + PAGE_SIZE)

static uint64_t
stack_bottom(int slot)
{
    return KSTACK_REGION + (uint64_t)slot * KSTACK_SLOT + PAGE_SIZE;
}

uint64_t
kstack_alloc(int slot)
{
    uint64_t bottom = stack_bottom(slot);

    for (uint64_t va = bottom; va < bottom + KSTACK_SIZE; va += PAGE_SIZE) {
        uint64_t pa = pmm_alloc();
        if (!pa || pt_map(kernel_pml4_phys(), va, pa, PTE_W | PTE_NX)) {
            if (pa)
                pmm_free(pa);
            kstack_free(slot);
            return 0;
        }
    }
    return bottom + KSTACK_SIZE;
}

void
kstack_free(int slot)
{
    uint64_t bottom = stack_bottom(slot);

    for (uint64_t va = bottom; va < bottom + KSTACK_SIZE; va += PAGE_SIZE) {
        uint64_t pa = pt_unmap(kernel_pml4_phys(), va);
        if (pa) {
            invlpg(va);         /* the kernel half is in every TLB */
            pmm_free(pa);
        }
    }
#if RINGLAB_LAB >= 5
    /* ... every CPU's: the next process in this slot gets other frames, and
     * a CPU still holding the old translations would write to these */
    tlb_shootdown_kernel(bottom, KSTACK_SIZE);
#endif
}

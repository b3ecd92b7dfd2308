/* vas.c — creating, changing, switching and destroying address spaces.
 *
 * The invariant every function here keeps: L4 entries 256..511 of every
 * PML4 equal the kernel PML4's. A CPU that loads any of these PML4s into
 * CR3 can therefore go on fetching the next kernel instruction, use its
 * kernel stack, and take an interrupt (the IDT and the handlers live under
 * L4[511]). If one kernel entry were missing, the first instruction fetch
 * after `mov cr3` would page-fault; delivering that #PF needs the IDT and
 * the stack, which are unmapped too, so it becomes a double fault, which
 * cannot be delivered either: a triple fault, and the CPU shuts down
 * (SDM Vol. 3A §7.15, "Interrupt 8—Double Fault Exception").
 */
#include "mm/vas.h"
#include "mm/kheap.h"
#include "mm/pmm.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/panic.h"
#include "lib/kprintf.h"
#if RINGLAB_LAB >= 2
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/pagewalk.h"
#endif
#if RINGLAB_LAB >= 4
#include "mm/ptdump.h"
#endif
#if RINGLAB_LAB >= 5
#include "mm/tlb.h"
#endif

static struct vas kernel_vas;

struct vas *
vas_kernel(void)
{
    kernel_vas.pml4_phys = kernel_pml4_phys();
    return &kernel_vas;
}

int
vas_is_current(const struct vas *vas)
{
    return pte_addr(read_cr3()) == vas->pml4_phys;
}

/* Copies the kernel half's L4 entries into a new PML4. */
static void
share_kernel_half(uint64_t pml4)
{
    const uint64_t *kernel = phys_to_virt(kernel_pml4_phys());
    uint64_t *l4 = phys_to_virt(pml4);

#ifdef BUG_1_PAGING_KERNEL_HALF
    for (int i = KERNEL_L4_FIRST; i < KERNEL_L4_LAST; i++)
        l4[i] = kernel[i];
#else
    /* 256..511 inclusive: L4[511] holds the kernel image, its stack and
     * the IDT — the last entry is the one the CPU needs first. */
    for (int i = KERNEL_L4_FIRST; i <= KERNEL_L4_LAST; i++)
        l4[i] = kernel[i];
#endif
}

struct vas *
vas_create(void)
{
    struct vas *vas = kmalloc(sizeof(*vas));
    uint64_t pml4 = pmm_alloc();        /* zeroed: an empty user half */

    if (!vas || pml4 == PMM_NO_FRAME) {
        kfree(vas);
        if (pml4 != PMM_NO_FRAME)
            pmm_free(pml4);
        return NULL;
    }
    share_kernel_half(pml4);
    vas->pml4_phys = pml4;
#if RINGLAB_LAB >= 5
    vas->cpus = 0;
#endif
#if RINGLAB_LAB >= 6
    vas->refs = 1;
#endif
    return vas;
}

void
vas_destroy(struct vas *vas)
{
    if (vas == &kernel_vas || vas_is_current(vas))
        panic("vas_destroy: the PML4 at %p is in use", (void *)vas->pml4_phys);
#if RINGLAB_LAB >= 5
    tlb_release(vas);                   /* and in use on no other CPU either */
#endif
    pt_free_range(vas->pml4_phys, 0, KERNEL_L4_FIRST - 1);
    pmm_free(vas->pml4_phys);
    kfree(vas);
}

#if RINGLAB_LAB >= 6
struct vas *
vas_get(struct vas *vas)
{
    vas->refs++;
    return vas;
}

void
vas_put(struct vas *vas)
{
    if (--vas->refs == 0)
        vas_destroy(vas);
}

#endif
static int
user_page(uint64_t va)
{
    return va < USER_TOP && !(va & (PAGE_SIZE - 1));
}

int
vas_map(struct vas *vas, uint64_t va, uint64_t pa, uint64_t pte_flags)
{
    if (!user_page(va))
        return MM_EINVAL;
    return pt_map(vas->pml4_phys, va, pa, pte_flags);
}

int
vas_map_new(struct vas *vas, uint64_t va, uint64_t pte_flags)
{
    uint64_t pa = pmm_alloc();
    int err;

    if (pa == PMM_NO_FRAME)
        return MM_ENOMEM;
    err = vas_map(vas, va, pa, pte_flags);
    if (err)
        pmm_free(pa);
    return err;
}

int
vas_unmap(struct vas *vas, uint64_t va)
{
    uint64_t pa;

    if (!user_page(va) || !(pa = pt_unmap(vas->pml4_phys, va)))
        return MM_EINVAL;
    if (vas_is_current(vas))
        invlpg(va);                     /* the TLB may still hold it */
#if RINGLAB_LAB >= 5
    tlb_shootdown_user(vas, va, PAGE_SIZE);     /* ... and other CPUs' too */
#endif
    pmm_free(pa);
    return 0;
}

/* After the `mov cr3` below, CR3 is this space's: every address the CPU
 * uses from the next instruction on is translated through its PML4. */
void
vas_switch(struct vas *vas)
{
#if RINGLAB_LAB >= 5
    tlb_note_loaded(vas);
#endif
    write_cr3(vas->pml4_phys);
}
#if RINGLAB_LAB >= 2

int
vas_write(struct vas *vas, uint64_t va, const void *src, size_t n)
{
    struct pt_walk w;

    while (n) {
        size_t chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1));
        if (chunk > n)
            chunk = n;
        pt_walk(vas->pml4_phys, va, &w);
        if (!w.present)
            return -EFAULT;
        memcpy(phys_to_virt(w.phys), src, chunk);
        va += chunk, src = (const char *)src + chunk, n -= chunk;
    }
    return 0;
}
#endif
#if RINGLAB_LAB >= 4

/* vas_copy_user's callback: copies one page of the user half into the
 * space `ctx`. A page's permissions are those of all four levels together
 * (s->flags); pages without U (none, in a user half) are left out. */
static int
copy_page(const struct pt_step *s, void *ctx)
{
    struct vas *to = ctx;
    uint64_t copy, va = pt_step_va(s);

    if (!(s->flags & PTE_U))
        return 0;
    copy = pmm_alloc_unzeroed();        /* the copy fills all of it */
    if (!copy)
        return MM_ENOMEM;
    memcpy(phys_to_virt(copy), phys_to_virt(pte_addr(s->entry[1])), PAGE_SIZE);
    if (vas_map(to, va, copy, s->flags & (PTE_W | PTE_U | PTE_NX))) {
        pmm_free(copy);
        return MM_ENOMEM;
    }
    return 0;
}

/* Only the user half is walked: the kernel half (thousands of entries,
 * the same in every address space) is shared already. A user half has no
 * large pages (paging.c), so every page is a level-1 entry. */
int
vas_copy_user(struct vas *to, const struct vas *from)
{
    return pt_walk_range(from->pml4_phys, 0, USER_TOP - 1, 0, copy_page, to);
}
#endif

/* ktest_paging.c — lab 1's self-test: one address space, birth to death.
 *
 * What stage 1 boots to (ktest=paging in any stage; ktest=vas skips 3):
 *   1. create an address space and map a small "program" into its user
 *      half: code, data and a stack at the top of the user half;
 *   2. write a value into the data page's frame through the direct map,
 *      switch CR3 into the new space and read it back through the user
 *      address: the MMU now translates through the new tables;
 *   3. walk the new space while it is the CPU's, print every range, and
 *      check each against the MMU (a read through the range's virtual
 *      address must see what the direct map sees at its physical address);
 *   4. switch back, check the kernel half is the kernel's, destroy the
 *      space, and check that every frame came back.
 */
#include <stdbool.h>

#include "boot/ktest.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/memlayout.h"
#include "lib/kprintf.h"
#include "mm/pagewalk.h"
#include "mm/pmm.h"
#include "mm/ptdump.h"
#include "mm/vas.h"

static const struct {
    uint64_t va;
    int pages;
    uint64_t flags;
} layout[] = {
    { 0x400000, 2, PTE_U },                                     /* code  r-x */
    { 0x402000, 1, PTE_U | PTE_W | PTE_NX },                    /* data  rw- */
    { USER_STACK_TOP - 2 * PAGE_SIZE, 2, PTE_U | PTE_W | PTE_NX },  /* stack */
};
#define DATA_VA 0x402000UL
#define TEST_VALUE 0x1ab1ab1ab1ab1ab1UL

struct walk_stats {
    int ranges, mismatches;
};

/* With CR4.SMAP on, ring 0 may touch a user page (PTE_U) only while
 * RFLAGS.AC is set (SDM Vol. 3A §5.6.1): stac before, clac after. */
static inline void
user_access_begin(void)
{
    if (read_cr4() & CR4_SMAP)
        __asm__ volatile("stac" : : : "memory");
}

static inline void
user_access_end(void)
{
    if (read_cr4() & CR4_SMAP)
        __asm__ volatile("clac" : : : "memory");
}

static int
map_layout(struct vas *vas)
{
    for (unsigned i = 0; i < sizeof(layout) / sizeof(layout[0]); i++)
        for (int p = 0; p < layout[i].pages; p++)
            if (vas_map_new(vas, layout[i].va + p * PAGE_SIZE, layout[i].flags))
                return -1;
    return 0;
}

/* Prints a range, then asks the MMU: the first 8 bytes read through the
 * virtual address must equal those read through the direct map. */
static void
check_range(const struct pt_range *r, void *ctx)
{
    struct walk_stats *s = ctx;
    uint64_t via_mmu, via_direct;

    pt_print_range(r);
    user_access_begin();
    via_mmu = *(volatile uint64_t *)r->va;
    user_access_end();
    via_direct = *(volatile uint64_t *)phys_to_virt(r->pa);
    s->ranges++;
    if (via_mmu != via_direct) {
        kprintf("    MISMATCH: %016lx through the range, %016lx through the direct map\n",
                via_mmu, via_direct);
        s->mismatches++;
    }
}

/* Compares L4[256..511] of `vas` with the kernel PML4's. */
static int
check_kernel_half(const struct vas *vas)
{
    const uint64_t *k = phys_to_virt(kernel_pml4_phys()), *l4 = phys_to_virt(vas->pml4_phys);
    int differ = 0;

    kprintf("vas: kernel half, L4 entries present in the kernel PML4:");
    for (int i = KERNEL_L4_FIRST; i <= KERNEL_L4_LAST; i++) {
        if (k[i] & PTE_P)
            kprintf(" %d", i);
        differ += k[i] != l4[i];
    }
    kprintf("; entries that differ in the new PML4: %d\n", differ);
    return differ;
}

/* Steps 2 and 3, inside the new address space (3 only if `walk`). */
static int
inside(struct vas *vas, bool walk)
{
    struct walk_stats stats = { 0, 0 };
    uint64_t value;

    kprintf("vas: switching CR3 %016lx -> %016lx\n", read_cr3(), vas->pml4_phys);
    vas_switch(vas);
    user_access_begin();
    value = *(volatile uint64_t *)DATA_VA;
    user_access_end();
    kprintf("vas: CR3=%016lx; read %016lx through %016lx\n", read_cr3(), value, DATA_VA);
    if (walk) {
        kprintf("walk of CR3=%016lx:\n", read_cr3());
        pt_for_each_range(read_cr3(), check_range, &stats);
        kprintf("walk: %d ranges, %d disagree with the MMU\n", stats.ranges, stats.mismatches);
    }
    vas_switch(vas_kernel());
    kprintf("vas: back on the kernel's tables, CR3=%016lx\n", read_cr3());
    return value == TEST_VALUE && stats.mismatches == 0 ? 0 : -1;
}

static int
birth_to_death(bool walk)
{
    uint64_t before = pmm_free_count(), tables, pages;
    struct pt_walk w;
    struct vas *vas;
    int err;

    kprintf("vas: free frames before: %lu\n", before);
    if (!(vas = vas_create()) || map_layout(vas)) {
        kprintf("vas: out of memory\n");
        return 1;
    }
    pt_count_range(vas->pml4_phys, 0, KERNEL_L4_FIRST - 1, &tables, &pages);
    kprintf("vas: new PML4 at %016lx; user half: %lu pages, %lu page tables\n",
            vas->pml4_phys, pages, tables);
    pt_walk(vas->pml4_phys, DATA_VA, &w);
    *(uint64_t *)phys_to_virt(w.phys) = TEST_VALUE;
    kprintf("vas: wrote %016lx to frame %016lx (mapped at %016lx)\n", TEST_VALUE, w.phys, DATA_VA);
    err = inside(vas, walk);
    err |= check_kernel_half(vas);
    vas_destroy(vas);
    kprintf("vas: destroyed; free frames after: %lu, before: %lu\n", pmm_free_count(), before);
    return err || pmm_free_count() != before;
}

KTEST(paging, "creates an address space, switches into it and back, walks it, destroys it")
{
    return birth_to_death(true);
}

KTEST(vas, "the same without the walk: create, switch in and back, destroy")
{
    return birth_to_death(false);
}

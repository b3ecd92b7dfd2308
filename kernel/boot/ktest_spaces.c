/* ktest_spaces.c — lab 1's address spaces and page-table walker, used the
 * way the later labs use them, with none of the self-test's help.
 *
 *   ktest=vas_process  a process's address space: a PML4 from vas_create()
 *                      (checked as it comes: no user half, and all of the
 *                      kernel's L4 entries 256..511, a third one made for
 *                      this test included) with user pages at both ends
 *                      of the user half, loaded with a plain `mov cr3`
 *                      (the scheduler and the return to ring 3 of later
 *                      labs load a process's CR3 themselves; they do not
 *                      call vas_switch), and the kernel running on it: its
 *                      code and stack, the heap (grown now), a kernel page
 *                      mapped before the space was created under that
 *                      third L4 entry, one mapped only after it was
 *                      created (as lab 2 maps kernel stacks), the direct
 *                      map, an interrupt delivered through the IDT, the
 *                      GDT and the TSS's IST1 stack, and a vas_create()
 *                      made on this CR3, as fork will make its child's
 *   ktest=walk_all     pt_for_each_range() over a PML4 built here by hand,
 *                      with a page under every kernel-half L4 entry
 *                      (256..511) and under user entries up to bit 47, in
 *                      4 KiB, 2 MiB and 1 GiB pages: each must come back
 *                      at its canonical address, as a range of its own
 *                      (the pages on either side of the canonical hole
 *                      map neighbouring frames), and pt_step_va() must
 *                      give the same address during a walk
 *
 * The self-test (ktest_paging.c) checks one instance of each: it switches
 * with vas_switch(), and walks a space whose kernel half has entries 256
 * and 511 only. These check every instance.
 */
#include "boot/ktest.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/trap.h"
#include "lib/kprintf.h"
#include "lib/string.h"
#include "mm/kheap.h"
#include "mm/kmap.h"
#include "mm/pagewalk.h"
#include "mm/paging.h"
#include "mm/pmm.h"
#include "mm/ptdump.h"
#include "mm/vas.h"

#define TEST_VALUE 0x1ab1ab1ab1ab1ab1UL

/* ------------------------------------------------ ktest=vas_process */

static const struct {
    uint64_t va, flags;
} process_pages[] = {
    { 0x400000, PTE_U },                                    /* code  r-x */
    { 0x402000, PTE_U | PTE_W | PTE_NX },                   /* data  rw- */
    { USER_STACK_TOP - PAGE_SIZE, PTE_U | PTE_W | PTE_NX }, /* stack */
    { USER_TOP - PAGE_SIZE, PTE_U | PTE_W | PTE_NX },       /* the last user page: L4[255] */
};
#define N_PROCESS_PAGES (sizeof(process_pages) / sizeof(process_pages[0]))

/* A 1 GiB slot of L4[511] that nothing maps before this test. */
#define LATE_KERNEL_VA 0xffffffa000000000UL
/* A kernel-half L4 entry nothing else uses (the fault tests take L4[385]):
 * the test maps a page under it before vas_create, as a kernel that
 * one day uses a third kernel-half entry would at boot. */
#define EARLY_KERNEL_L4 384
#define EARLY_KERNEL_VA 0xffffc00000000000UL   /* 0xffff000000000000 | 384 << 39 */
/* A vector no stage uses (the PIC's are 32..47). */
#define TEST_VECTOR VEC_SELFTEST     /* on IST1 (idt.c) */

/* Reads a user page from ring 0: with CR4.SMAP on only while RFLAGS.AC
 * is set (SDM Vol. 3A §5.6.1), as a user copy does. */
static uint64_t
read_user(uint64_t va)
{
    uint64_t v;
    int smap = (read_cr4() & CR4_SMAP) != 0;

    if (smap)
        __asm__ volatile("stac" : : : "memory");
    v = *(volatile uint64_t *)va;
    if (smap)
        __asm__ volatile("clac" : : : "memory");
    return v;
}

/* Each level puts 1 KiB more of the current (boot) stack to use. */
static uint64_t __attribute__((noinline))
use_stack(int kib)
{
    volatile uint8_t frame[1024];

    frame[0] = (uint8_t)kib;
    frame[sizeof(frame) - 1] = (uint8_t)kib;
    if (kib <= 1)
        return frame[0] + frame[sizeof(frame) - 1];
    return use_stack(kib - 1) + frame[0] + frame[sizeof(frame) - 1];
}

static struct {
    int count;
    uint64_t frame, cr3;
} delivered;

static void
test_vector_handler(struct trap_frame *tf)
{
    delivered.count++;
    delivered.frame = (uint64_t)tf;
    delivered.cr3 = read_cr3();
}

/* `int TEST_VECTOR` on IST1: the CPU reads the IDT gate, the GDT (CS and
 * the TSS descriptor) and the TSS, pushes its frame on the IST1 stack, and
 * the handler's iretq comes back. All of it lives under L4[511]. */
static int
interrupt_on_ist(void)
{
    uint64_t top = tss.ist[IST_DOUBLE_FAULT - 1];

    delivered.count = 0;
    trap_set_irq_handler(TEST_VECTOR, test_vector_handler);
    __asm__ volatile("int %0" : : "i"(TEST_VECTOR) : "memory");
    trap_set_irq_handler(TEST_VECTOR, 0);
    return delivered.count == 1 && delivered.cr3 == read_cr3() &&
           delivered.frame < top && delivered.frame >= top - IST_STACK_SIZE;
}

/* The heap grows while the process's CR3 is loaded: each new page must be
 * usable at once. Returns the KiB it grew by, or -1. */
static long
grow_heap(void)
{
    uint64_t before = kheap_size(), bytes = 3 * KHEAP_INITIAL;
    volatile uint64_t *big = kmalloc(bytes);
    int bad = 0;

    if (!big)
        return -1;
    for (uint64_t i = 0; i < bytes / 8; i += PAGE_SIZE / 8)
        big[i] = TEST_VALUE + i;
    for (uint64_t i = 0; i < bytes / 8; i += PAGE_SIZE / 8)
        bad += big[i] != TEST_VALUE + i;
    kfree((void *)big);
    return bad || kheap_size() == before ? -1 : (long)((kheap_size() - before) >> 10);
}

/* Maps a fresh frame at `va` in the kernel's PML4 (pt_map makes the tables
 * its path lacks), writes through it and checks the frame. */
static int
map_kernel_page(uint64_t va, uint64_t *frame)
{
    *frame = pmm_alloc();
    if (*frame == PMM_NO_FRAME || pt_map(kernel_pml4_phys(), va, *frame, PTE_W | PTE_NX))
        return 0;
    *(volatile uint64_t *)va = TEST_VALUE;
    return *(volatile uint64_t *)phys_to_virt(*frame) == TEST_VALUE;
}

/* Undoes map_kernel_page() on the kernel's tables (CR3 is the kernel's):
 * unmaps the page and frees the tables made for it, those under the entry
 * at level `top` of its path, which was empty before the test (3 for
 * LATE_KERNEL_VA: a PDPT slot of L4[511]; 4 for EARLY_KERNEL_VA: its L4
 * entry). */
static void
unmap_kernel_page(uint64_t va, uint64_t frame, int top)
{
    uint64_t *t = phys_to_virt(kernel_pml4_phys()), *path[5];

    if (frame == PMM_NO_FRAME)
        return;
    if (pt_unmap(kernel_pml4_phys(), va) == frame) {
        for (int l = 4; l >= 2; l--) {          /* the entries on va's path */
            path[l] = &t[pt_index(va, l)];
            t = phys_to_virt(pte_addr(*path[l]));
        }
        for (int l = 2; l <= top; l++)          /* the PT, the PD (, the PDPT) */
            pmm_free(pte_addr(*path[l]));
        *path[top] = 0;
        invlpg(va);
    }
    pmm_free(frame);
}

/* What L4[i] of a PML4 fresh from vas_create() must hold: nothing in the
 * user half, the kernel PML4's entry in the kernel half. */
static uint64_t
fresh_l4_entry(int i)
{
    const uint64_t *k = phys_to_virt(kernel_pml4_phys());

    return i < KERNEL_L4_FIRST ? 0 : k[i];
}

/* A PML4 as vas_create() must hand it out, whatever CR3 holds and before
 * anything is mapped in it: an empty user half, and each of L4[256..511]
 * equal to the kernel PML4's (EARLY_KERNEL_L4's too). Prints the verdict
 * after `when`; 1 if all is well. */
static int
fresh_space(const struct vas *vas, const char *when)
{
    const uint64_t *l4 = phys_to_virt(vas->pml4_phys);
    int user = 0, kernel = 0, first = -1;

    for (int i = 0; i < PT_ENTRIES; i++) {
        if (l4[i] == fresh_l4_entry(i))
            continue;
        if (first < 0)
            first = i;
        user += i < KERNEL_L4_FIRST;
        kernel += i >= KERNEL_L4_FIRST;
    }
    if (first < 0) {
        kprintf("vas_process: %s: user half empty, L4[256..511] the kernel's: ok\n", when);
        return 1;
    }
    kprintf("vas_process: %s: BAD: %d user L4 entries set, %d of L4[256..511] not the "
            "kernel's (first: L4[%d] is %016lx, should be %016lx)\n",
            when, user, kernel, first, l4[first], fresh_l4_entry(first));
    return 0;
}

/* fork's first step, on the parent's CR3: the child's new PML4 must not
 * start with the parent's user half (a PML4 copied from CR3 would share
 * the parent's page tables, and destroying the child would free them). */
static int
create_on_this_cr3(void)
{
    struct vas *child = vas_create();
    int ok = child && fresh_space(child, "vas_create on this CR3, as fork will");

    if (child) {
        /* a bad copy's user entries are the parent's tables: not the child's to free */
        memset(phys_to_virt(child->pml4_phys), 0, KERNEL_L4_FIRST * sizeof(uint64_t));
        vas_destroy(child);
    }
    return ok;
}

/* Step 3, on the process's CR3: its user pages, the kernel's stack and
 * heap. The number of failures. */
static int
use_process_pages(void)
{
    unsigned users = 0;
    int fails = 0, ok;
    long grown;

    for (unsigned i = 0; i < N_PROCESS_PAGES; i++)
        users += read_user(process_pages[i].va) == TEST_VALUE + i;
    kprintf("vas_process: user pages read back through their addresses: %u of %lu\n",
            users, N_PROCESS_PAGES);
    fails += users != N_PROCESS_PAGES;
    ok = use_stack(6) == 2 * (1 + 2 + 3 + 4 + 5 + 6);
    kprintf("vas_process: kernel code and 6 KiB more of its stack: %s\n", ok ? "ok" : "BAD");
    fails += !ok;
    grown = grow_heap();
    kprintf("vas_process: the heap grown by %ld KiB, written and read: %s\n",
            grown, grown > 0 ? "ok" : "BAD");
    return fails + (grown <= 0);
}

/* Step 4, on the process's CR3: the rest of the kernel half, and a new
 * space made on it. *late: the frame mapped at LATE_KERNEL_VA, for the
 * caller to unmap on the kernel's tables. The number of failures. */
static int
use_kernel_half(uint64_t *late)
{
    uint64_t scratch;
    int fails = 0, ok;

    ok = *(volatile uint64_t *)EARLY_KERNEL_VA == TEST_VALUE;
    kprintf("vas_process: a kernel page mapped before vas_create, at %016lx (L4[%d]): %s\n",
            EARLY_KERNEL_VA, EARLY_KERNEL_L4, ok ? "ok" : "BAD");
    fails += !ok;
    ok = map_kernel_page(LATE_KERNEL_VA, late);
    kprintf("vas_process: a kernel page mapped after vas_create, at %016lx: %s\n",
            LATE_KERNEL_VA, ok ? "ok" : "BAD");
    fails += !ok;
    scratch = pmm_alloc();
    ok = scratch != PMM_NO_FRAME && *(volatile uint64_t *)phys_to_virt(scratch) == 0;
    pmm_free(scratch);
    kprintf("vas_process: a new frame through the direct map: %s\n", ok ? "ok" : "BAD");
    fails += !ok;
    ok = interrupt_on_ist();
    kprintf("vas_process: int 0x%x through the IDT, on the TSS's IST1 stack, CR3 unchanged: %s\n",
            TEST_VECTOR, ok ? "ok" : "BAD");
    fails += !ok;
    return fails + !create_on_this_cr3();
}

/* Steps 3 and 4 of the test, on the process's CR3; the number of failures. */
static int
run_on(struct vas *vas)
{
    uint64_t late = PMM_NO_FRAME;
    int fails;

    write_cr3(vas->pml4_phys);      /* as the scheduler and iretq path do */
    kprintf("vas_process: loaded with mov cr3: CR3=%016lx\n", read_cr3());
    fails = use_process_pages();
    fails += use_kernel_half(&late);
    fails += read_cr3() != vas->pml4_phys;
    write_cr3(kernel_pml4_phys());
    kprintf("vas_process: back on the kernel's tables, CR3=%016lx\n", read_cr3());
    unmap_kernel_page(LATE_KERNEL_VA, late, 3);
    return fails;
}

/* Step 2: the process's pages, each holding TEST_VALUE + its index. */
static int
map_process(struct vas *vas)
{
    struct pt_walk w;

    for (unsigned i = 0; i < N_PROCESS_PAGES; i++) {
        if (vas_map_new(vas, process_pages[i].va, process_pages[i].flags))
            return -1;
        pt_walk(vas->pml4_phys, process_pages[i].va, &w);
        *(uint64_t *)phys_to_virt(w.phys) = TEST_VALUE + i;
    }
    kprintf("vas_process: new PML4 at %016lx; user pages at %016lx .. %016lx\n",
            vas->pml4_phys, process_pages[0].va, process_pages[N_PROCESS_PAGES - 1].va);
    return 0;
}

/* 1. a kernel page under a third kernel-half L4 entry, then a new space,
 * checked as vas_create hands it out; 2. the process's pages in it; 3, 4.
 * the space loaded and used (run_on); then all of it undone. */
KTEST(vas_process, "an address space as a process uses it: mov cr3, the kernel runs on it")
{
    uint64_t early = PMM_NO_FRAME;
    struct vas *vas = 0;
    int fails = 1;

    if (!map_kernel_page(EARLY_KERNEL_VA, &early))
        kprintf("vas_process: no page at %016lx: out of memory\n", EARLY_KERNEL_VA);
    else if ((vas = vas_create()) && fresh_space(vas, "straight from vas_create") &&
             map_process(vas) == 0)
        fails = run_on(vas);
    if (vas)
        vas_destroy(vas);
    unmap_kernel_page(EARLY_KERNEL_VA, early, 4);
    return fails;
}

/* --------------------------------------------------- ktest=walk_all */

/* A page the test maps, and where the walk must report it. */
struct leaf {
    uint64_t va, pa;
    int level;              /* 1: 4 KiB, 2: 2 MiB, 3: 1 GiB */
};

#define MAX_LEAVES 272
static struct leaf *leaves;         /* MAX_LEAVES of them, from the heap */
static int n_leaves;

/* The address of the indices, written out here rather than taken from
 * the code under test: bits 63..48 are copies of bit 47 (SDM Vol. 1
 * §3.3.7.1), which is bit 8 of the L4 index. */
static uint64_t
canonical(unsigned l4, unsigned l3, unsigned l2, unsigned l1)
{
    uint64_t va = (uint64_t)l4 << 39 | (uint64_t)l3 << 30 | (uint64_t)l2 << 21 |
                  (uint64_t)l1 << 12;

    return l4 >= 256 ? va | 0xffff000000000000UL : va;
}

/* The table entry `e` points to; a new, zeroed one if `e` is empty. */
static uint64_t *
next_table(uint64_t *e)
{
    if (!(*e & PTE_P)) {
        uint64_t t = pmm_alloc();
        if (t == PMM_NO_FRAME)
            return 0;
        *e = t | PTE_P | PTE_W;
    }
    return phys_to_virt(pte_addr(*e));
}

/* Maps physical `pa` as one page of `level` at the indices (those below
 * `level` are ignored), in tables made here, not by paging.c. */
static int
add_leaf(uint64_t pml4, unsigned l4, unsigned l3, unsigned l2, unsigned l1, int level,
         uint64_t pa)
{
    const unsigned idx[5] = { 0, l1, l2, l3, l4 };
    uint64_t *t = phys_to_virt(pml4);

    if (n_leaves == MAX_LEAVES)
        return -1;
    for (int l = 4; l > level; l--)
        if (!(t = next_table(&t[idx[l]])))
            return -1;
    t[idx[level]] = pa | PTE_P | PTE_W | PTE_NX | (level > 1 ? PTE_PS : 0);
    leaves[n_leaves++] = (struct leaf){
        canonical(l4, l3, level < 3 ? l2 : 0, level < 2 ? l1 : 0), pa, level };
    return 0;
}

/* Frees `table` and every table under it (not the pages). */
static void
free_tables(uint64_t table, int level)
{
    const uint64_t *t = phys_to_virt(table);

    for (int i = 0; level > 1 && i < PT_ENTRIES; i++)
        if ((t[i] & PTE_P) && !(t[i] & PTE_PS))
            free_tables(pte_addr(t[i]), level - 1);
    pmm_free(table);
}

/* One page of physical 0 under L4[l4], its size chosen by l4 (4 KiB,
 * 2 MiB, 1 GiB in turn), at lower indices that differ from entry to
 * entry; for L4[255], L4[256] and L4[511] also the page at the edge of
 * the hole or of memory. The pages either side of the hole, walked one
 * after the other, map frames 0 and 1 with the same flags: a walker that
 * took 0x0000800000000000 for the address after 0x00007ffffffff000 would
 * join them into one range. */
static int
map_leaves(uint64_t pml4, unsigned l4)
{
    int err = 0;

    if (l4 == 256)          /* ffff800000000000: the first page above the hole */
        err |= add_leaf(pml4, 256, 0, 0, 0, 1, PAGE_SIZE);
    err |= add_leaf(pml4, l4, (l4 * 5 + 1) % 511, (l4 * 11 + 3) % 512, (l4 * 17 + 7) % 512,
                    1 + l4 % 3, 0);
    if (l4 == 255 || l4 == 511) /* 00007ffffffff000, fffffffffffff000: the last pages */
        err |= add_leaf(pml4, l4, 511, 511, 511, 1, 0);
    return err;
}

struct walk_check {
    int ranges, wrong;
};

static void
check_leaf(const struct pt_range *r, void *ctx)
{
    struct walk_check *c = ctx;
    const struct leaf *want = c->ranges < n_leaves ? &leaves[c->ranges] : 0;
    uint64_t size = want ? 1UL << (12 + 9 * (want->level - 1)) : 0;

    if (!want || r->va != want->va || r->size != size || r->page_size != size ||
        r->pa != want->pa) {
        if (c->wrong++ < 4)
            kprintf("walk_all: range %d: the walk says %016lx (%lu KiB), the page is %016lx (%lu KiB)\n",
                    c->ranges, r->va, r->size >> 10, want ? want->va : 0, size >> 10);
    }
    c->ranges++;
}

/* pt_walk_range's callback, on the same PML4: pt_step_va must give each
 * page's canonical address while the walk is on it (fork's vas_copy_user
 * maps the child's copy of a page there). */
static int
check_step(const struct pt_step *s, void *ctx)
{
    struct walk_check *c = ctx;
    const struct leaf *want = c->ranges < n_leaves ? &leaves[c->ranges] : 0;
    uint64_t va = pt_step_va(s);

    if (!want || va != want->va || s->level != want->level) {
        if (c->wrong++ < 4)
            kprintf("walk_all: page %d: pt_step_va says %016lx (level %d), "
                    "the page is %016lx (level %d)\n",
                    c->ranges, va, s->level, want ? want->va : 0, want ? want->level : 0);
    }
    c->ranges++;
    return 0;
}

KTEST(walk_all, "the walker on a page under every kernel-half L4 entry and up to bit 47")
{
    static const unsigned user_l4[] = { 0, 1, 128, 254, 255 };
    struct walk_check c = { 0, 0 }, steps = { 0, 0 };
    uint64_t pml4 = pmm_alloc();
    int err = pml4 == PMM_NO_FRAME || !(leaves = kmalloc(MAX_LEAVES * sizeof(*leaves)));

    n_leaves = 0;
    for (unsigned i = 0; !err && i < sizeof(user_l4) / sizeof(user_l4[0]); i++)
        err |= map_leaves(pml4, user_l4[i]);
    for (unsigned l4 = KERNEL_L4_FIRST; !err && l4 <= KERNEL_L4_LAST; l4++)
        err |= map_leaves(pml4, l4);
    if (err) {
        kprintf("walk_all: out of memory\n");
        return 1;
    }
    kprintf("walk_all: a PML4 with pages under L4 entries 0 1 128 254 255 and 256..511, "
            "from %016lx to %016lx\n", leaves[0].va, leaves[n_leaves - 1].va);
    pt_for_each_range(pml4, check_leaf, &c);
    c.wrong += c.ranges != n_leaves;
    kprintf("walk_all: %d pages mapped; the walk reports %d ranges, %d at a wrong address or size\n",
            n_leaves, c.ranges, c.wrong);
    pt_walk_range(pml4, 0, ~0UL, 0, check_step, &steps);
    steps.wrong += steps.ranges != n_leaves;
    kprintf("walk_all: pt_walk_range visits %d pages; pt_step_va gives %d a wrong address\n",
            steps.ranges, steps.wrong);
    free_tables(pml4, 4);
    kfree(leaves);
    return c.wrong != 0 || steps.wrong != 0;
}

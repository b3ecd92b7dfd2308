/* ktest_mm.c — lab 1's in-kernel tests of the pieces under the self-test:
 * the frame allocator, the heap, and the kernel's own page tables.
 *
 *   ktest=pmm     every frame once: distinct, zeroed, none in the image
 *   ktest=kheap   kmalloc/kfree patterns, merging, growth
 *   ktest=kmap    the kernel half: W^X, no U bit, identity map gone
 *   ktest=wp      writes to .rodata: #PF err=0x3 (present, write)
 *   ktest=wp_direct_map  the same through the direct map's view of .text
 *   ktest=ro_idt, ro_gdt writes to the IDT, the GDT after init: the same
 *   ktest=nx      calls into .data: #PF err=0x11 (present, fetch)
 *   ktest=null    reads address 0: #PF err=0x0 (not present)
 */
#include "boot/ktest.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/memlayout.h"
#include "lib/kprintf.h"
#include "lib/string.h"
#include "mm/kheap.h"
#include "mm/pagewalk.h"
#include "mm/pmm.h"
#include "mm/ptdump.h"
#include "mm/vas.h"

/* Allocates every free frame, chaining them through their first word
 * (read and written through the direct map), then frees them all. */
KTEST(pmm, "allocates every free frame once, then frees them all")
{
    uint64_t before = pmm_free_count(), n = 0, head = 0, pa, bad = 0;
    uint64_t image_end = virt_to_phys(__kernel_end);

    while ((pa = pmm_alloc()) != PMM_NO_FRAME) {
        uint64_t *frame = phys_to_virt(pa);
        bad += frame[0] != 0 || frame[PAGE_SIZE / 8 - 1] != 0;  /* zeroed? */
        bad += pa < image_end;          /* low memory or the kernel image */
        frame[0] = head;
        head = pa;
        n++;
    }
    kprintf("pmm: allocated %lu frames (free before: %lu, now: %lu)\n",
            n, before, pmm_free_count());
    while (head) {
        pa = head;
        head = *(uint64_t *)phys_to_virt(pa);
        pmm_free(pa);
    }
    kprintf("pmm: %lu bad frames; free after freeing them all: %lu\n", bad, pmm_free_count());
    return n != before || bad || pmm_free_count() != before;
}

KTEST(pmm_double_free, "frees a frame twice: the allocator panics")
{
    uint64_t pa = pmm_alloc();

    pmm_free(pa);
    kprintf("ktest pmm_double_free: freeing %p again\n", (void *)pa);
    pmm_free(pa);
    return 1;
}

KTEST(kheap, "kmalloc/kfree: distinct blocks, merging on free, growth")
{
    enum { N = 64 };
    static uint8_t *blocks[N];
    uint64_t free0 = kheap_free_bytes(), size0 = kheap_size();
    int bad = 0;

    for (int i = 0; i < N; i++) {               /* sizes 1 .. ~4 KiB */
        blocks[i] = kmalloc(1 + i * 67);
        bad += !blocks[i] || ((uint64_t)blocks[i] & 15);
        memset(blocks[i], i, 1 + i * 67);
    }
    for (int i = 0; i < N; i++)                 /* nobody overwrote anybody */
        for (int j = 0; j < 1 + i * 67; j++)
            bad += blocks[i][j] != (uint8_t)i;
    for (int i = 0; i < N; i += 2)              /* free in two passes */
        kfree(blocks[i]);
    for (int i = 1; i < N; i += 2)
        kfree(blocks[i]);
    void *big = kmalloc(3 * KHEAP_INITIAL);     /* more than the heap has */
    bad += big == NULL;
    kfree(big);
    kprintf("kheap: heap %lu -> %lu bytes; free %lu -> %lu; %d errors\n",
            size0, kheap_size(), free0, kheap_free_bytes(), bad);
    /* All freed and merged: what is free grew exactly by what was mapped. */
    return bad || kheap_free_bytes() - free0 != kheap_size() - size0;
}

struct kmap_stats {
    int ranges, wx, user;
};

static void
check_kernel_range(const struct pt_range *r, void *ctx)
{
    struct kmap_stats *s = ctx;

    pt_print_range(r);
    s->ranges++;
    s->wx += (r->flags & PTE_W) && !(r->flags & PTE_NX);
    s->user += (r->flags & PTE_U) != 0;
}

KTEST(kmap, "the kernel's tables: W^X, no user pages, no identity map, a stack guard")
{
    struct kmap_stats s = { 0, 0, 0 };
    struct pt_walk low, guard;
    extern char boot_stack_guard[];

    pt_for_each_range(kernel_pml4_phys(), check_kernel_range, &s);
    pt_walk(kernel_pml4_phys(), 0x100000, &low);
    pt_walk(kernel_pml4_phys(), (uint64_t)boot_stack_guard, &guard);
    kprintf("kmap: %d ranges, %d writable+executable, %d user; 0x100000 %s; "
            "stack guard %p %s\n", s.ranges, s.wx, s.user,
            low.present ? "MAPPED" : "unmapped", (void *)boot_stack_guard,
            guard.present ? "MAPPED" : "unmapped");
    return s.wx || s.user || low.present || guard.present;
}

KTEST(wp, "writes to .rodata: #PF err=0x3, CR2 = the address")
{
    static const uint64_t constant = 42;

    kprintf("ktest wp: writing to %p\n", (void *)&constant);
    *(volatile uint64_t *)&constant = 43;
    return 1;
}

KTEST(wp_direct_map, "writes to the kernel's .text through the direct map: #PF err=0x3")
{
    volatile uint8_t *alias = phys_to_virt(virt_to_phys(__text_start));

    kprintf("ktest wp_direct_map: writing to %p, the direct map's view of %p\n",
            (void *)alias, (void *)__text_start);
    *alias = 0xc3;
    return 1;
}

KTEST(ro_idt, "writes to the IDT after init: #PF err=0x3")
{
    kprintf("ktest ro_idt: writing to the IDT at %p\n", idt_page());
    *(volatile uint64_t *)idt_page() = 0;
    return 1;
}

KTEST(ro_gdt, "writes to the GDT after init: #PF err=0x3")
{
    kprintf("ktest ro_gdt: writing to the GDT at %p\n", gdt_page());
    *(volatile uint64_t *)gdt_page() = 0;
    return 1;
}

KTEST(nx, "calls into .data: #PF err=0x11 (an instruction fetch from an NX page)")
{
    static uint8_t code[16] = { 0xc3 };         /* ret, in a writable page */

    kprintf("ktest nx: calling %p\n", (void *)code);
    ((void (*)(void))code)();
    return 1;
}

KTEST(null, "reads address 0: #PF err=0x0, the identity map is gone")
{
    uint64_t addr = 0;

    __asm__("" : "+r"(addr));   /* hide the 0 from the compiler: a known
                                   null dereference may become a ud2 */
    kprintf("ktest null: reading %p\n", (void *)addr);
    return (int)*(volatile uint64_t *)addr;
}

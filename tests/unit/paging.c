/* Unit tests of the page-table API (kernel/mm/paging.c), checked with the
 * MMU-style walk (mm/pagewalk.c), on 4 MiB of fake RAM. */
#include <stdarg.h>
#include <stdlib.h>

#include "check.h"
#include "arch/x86_64/memlayout.h"
#include "mm/pagewalk.h"
#include "mm/paging.h"
#include "mm/pmm.h"

#define MiB (1UL << 20)

uint8_t *fake_ram;
uint64_t fake_ram_size = 4 * MiB;

void
panic(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    abort();
}

static struct pt_walk
walk(uint64_t pml4, uint64_t va)
{
    struct pt_walk w;

    pt_walk(pml4, va, &w);
    return w;
}

static void
test_map_4k(uint64_t pml4)
{
    uint64_t frame = pmm_alloc(), tables, pages;
    struct pt_walk w;

    CHECK(pt_map(pml4, 0x400000, frame, PTE_U) == 0);
    w = walk(pml4, 0x400123);
    CHECK(w.present && w.level == 1 && w.phys == frame + 0x123);
    /* Tables above are permissive (P W U); the leaf says what is allowed. */
    CHECK((w.entry[4] & (PTE_P | PTE_W | PTE_U)) == (PTE_P | PTE_W | PTE_U));
    CHECK((w.entry[2] & (PTE_P | PTE_W | PTE_U)) == (PTE_P | PTE_W | PTE_U));
    CHECK(w.entry[1] == (frame | PTE_P | PTE_U));
    CHECK(pt_map(pml4, 0x400000, frame, PTE_U) == MM_EEXIST);
    CHECK(pt_map(pml4, 0x400800, frame, PTE_U) == MM_EINVAL);        /* misaligned */
    CHECK(pt_map(pml4, 0x401000, frame + 1, 0) == MM_EINVAL);
    CHECK(pt_map(pml4, 0x0000800000000000UL, frame, 0) == MM_EINVAL); /* not canonical */
    /* A neighbour shares all three tables: only the leaf is new. */
    pt_count_range(pml4, 0, 255, &tables, &pages);
    CHECK(tables == 3 && pages == 1);
    CHECK(pt_map(pml4, 0x401000, pmm_alloc(), PTE_U | PTE_W | PTE_NX) == 0);
    pt_count_range(pml4, 0, 255, &tables, &pages);
    CHECK(tables == 3 && pages == 2);
    w = walk(pml4, 0x401000);
    CHECK(w.entry[1] & PTE_NX && w.entry[1] & PTE_W);
}

/* In its own PML4, whose frames it never frees: the 2 MiB page maps
 * frames the allocator manages, so pt_free_range would free them. */
static void
test_kernel_half(void)
{
    uint64_t pml4 = pmm_alloc(), va = DIRECT_MAP_BASE + 2 * MiB;
    struct pt_walk w;

    CHECK(pt_map_large(pml4, va, 2 * MiB, PTE_W | PTE_NX) == 0);
    w = walk(pml4, va + 0x12345);
    CHECK(w.present && w.level == 2 && w.phys == 2 * MiB + 0x12345);
    CHECK(w.entry[2] & PTE_PS);
    CHECK(!(w.entry[4] & PTE_U));                   /* no U in the kernel half */
    CHECK(pt_map(pml4, va + 4096, 0x1000, 0) == MM_EEXIST);  /* inside a 2 MiB page */
    CHECK(pt_map_large(pml4, va + 4096, 0, 0) == MM_EINVAL);
    CHECK(pt_unmap(pml4, va) == 0);                 /* pt_unmap is 4 KiB only */
    CHECK(pt_map(pml4, KERNEL_VMA + 0x100000, 0x100000, 0) == 0);
    w = walk(pml4, KERNEL_VMA + 0x100000);
    CHECK(pt_index(KERNEL_VMA, 4) == 511 && w.present && w.phys == 0x100000);
}

static void
test_unmap_and_free(uint64_t pml4, uint64_t free_before)
{
    uint64_t frame = walk(pml4, 0x400000).phys;

    CHECK(pt_unmap(pml4, 0x400000) == frame);
    CHECK(!walk(pml4, 0x400000).present);
    CHECK(pt_unmap(pml4, 0x400000) == 0);
    CHECK(pt_unmap(pml4, 0x7f0000000000UL) == 0);   /* no tables there */
    pmm_free(frame);
    pt_free_range(pml4, 0, 255);                    /* the page at 0x401000, 3 tables */
    CHECK(!walk(pml4, 0x401000).present);
    pmm_free(pml4);
    CHECK(pmm_free_count() == free_before);
}

static void
test_out_of_memory(void)
{
    uint64_t pml4 = pmm_alloc(), pa;

    while ((pa = pmm_alloc()) != PMM_NO_FRAME)
        ;                                           /* leak them all */
    CHECK(pt_map(pml4, 0x400000, 0x1000, 0) == MM_ENOMEM);
}

int
main(void)
{
    const struct phys_range ram[] = { { 1 * MiB, 4 * MiB } };
    uint64_t before, pml4;

    fake_ram = aligned_alloc(4096, fake_ram_size);
    pmm_init(ram, 1, NULL, 0);
    before = pmm_free_count();
    pml4 = pmm_alloc();
    test_map_4k(pml4);
    test_unmap_and_free(pml4, before);              /* every frame comes back */
    test_kernel_half();
    test_out_of_memory();
    free(fake_ram);
    return check_done();
}

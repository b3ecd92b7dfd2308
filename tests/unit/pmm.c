/* Unit tests of the frame allocator (kernel/mm/pmm.c) on 8 MiB of fake RAM. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>

#include "check.h"
#include "arch/x86_64/memlayout.h"
#include "mm/pmm.h"

#define MiB (1UL << 20)

uint8_t *fake_ram;
uint64_t fake_ram_size = 8 * MiB;
static jmp_buf on_panic;

void
panic(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    printf("(expected) panic: ");
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    longjmp(on_panic, 1);
}

/* A map like QEMU's: RAM below 640 KiB and from 1 MiB up; the kernel at
 * 1..2 MiB, a module and the multiboot2 info at unaligned addresses. */
static const struct phys_range ram[] = { { 0, 0x9fc00 }, { 1 * MiB, 8 * MiB } };
static const struct phys_range keep[] = {
    { 0, 1 * MiB }, { 1 * MiB, 2 * MiB },
    { 0x300100, 0x301f00 },                 /* widened to 0x300000-0x302000 */
    { 0x303008, 0x3030f0 },                 /* widened to 0x303000-0x304000 */
};
#define EXPECTED_FREE ((8 * MiB - 2 * MiB) / 4096 - 3)

static int
reserved(uint64_t pa)
{
    return pa < 2 * MiB || (pa >= 0x300000 && pa < 0x302000) ||
           (pa >= 0x303000 && pa < 0x304000);
}

static void
test_every_frame_once(void)
{
    static uint8_t seen[8 * MiB / 4096];
    uint64_t pa, n = 0, bad = 0;

    CHECK(pmm_alloc() == 2 * MiB);          /* lowest first */
    pmm_free(2 * MiB);
    while ((pa = pmm_alloc()) != PMM_NO_FRAME) {
        const uint64_t *w = phys_to_virt(pa);
        bad += (pa & 4095) || reserved(pa) || seen[pa / 4096]++ || w[0] || w[511];
        ((uint64_t *)phys_to_virt(pa))[511] = 0xdeadbeef;   /* dirty it */
        n++;
    }
    CHECK(bad == 0);
    CHECK(n == EXPECTED_FREE);
    CHECK(pmm_free_count() == 0);
    CHECK(pmm_alloc() == PMM_NO_FRAME);     /* out of memory: 0, twice */
    for (pa = 0; pa < 8 * MiB; pa += 4096)
        if (seen[pa / 4096])
            pmm_free(pa);
    CHECK(pmm_free_count() == EXPECTED_FREE);
    pa = pmm_alloc();                       /* a dirtied frame comes back zeroed */
    CHECK(((uint64_t *)phys_to_virt(pa))[511] == 0);
    pmm_free(pa);
}

static void
test_bad_frees(void)
{
    uint64_t pa = pmm_alloc();
    volatile int panics = 0;

    pmm_free(pa);
    if (!setjmp(on_panic))
        pmm_free(pa);                       /* twice */
    else
        panics++;
    if (!setjmp(on_panic))
        pmm_free(pa + 8);                   /* not a frame address */
    else
        panics++;
    if (!setjmp(on_panic))
        pmm_free(0);
    else
        panics++;
    CHECK(panics == 3);
    CHECK(pmm_free_count() == EXPECTED_FREE);
}

static void
test_edges(void)
{
    /* RAM not on frame boundaries is trimmed inwards; RAM above
     * PMM_MAX_PHYS is ignored, but RAM reaching it counts. */
    const struct phys_range odd[] = { { 0x200800, 0x203800 },
                                      { PMM_MAX_PHYS - 8192, PMM_MAX_PHYS + 8192 } };
    pmm_init(odd, 2, NULL, 0);
    CHECK(pmm_free_count() == 2 + 2);       /* 0x201000, 0x202000 + two */
    CHECK(pmm_phys_end() == PMM_MAX_PHYS);
    CHECK(pmm_alloc() == 0x201000);
    /* Frame 0 is never handed out, even when reported as RAM. */
    const struct phys_range low[] = { { 0, 0x3000 } };
    pmm_init(low, 1, NULL, 0);
    CHECK(pmm_free_count() == 2);
    CHECK(pmm_alloc() == 0x1000);
}

int
main(void)
{
    fake_ram = aligned_alloc(4096, fake_ram_size);
    pmm_init(ram, 2, keep, 4);
    CHECK(pmm_free_count() == EXPECTED_FREE);
    CHECK(pmm_managed_count() == EXPECTED_FREE);
    CHECK(pmm_phys_end() == 8 * MiB);
    test_every_frame_once();
    test_bad_frees();
    test_edges();
    free(fake_ram);
    return check_done();
}

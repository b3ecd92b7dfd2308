/* memstat.c — counting frames for the leak checks (memstat.h). */
#include "mm/memstat.h"
#include "arch/x86_64/memlayout.h"
#include "mm/kheap.h"
#include "mm/kmap.h"
#include "mm/paging.h"
#include "mm/pmm.h"

void
memstat_snapshot(struct memstat *m)
{
    uint64_t pages;

    m->free_frames = pmm_free_count();
    m->heap_pages = kheap_size() / PAGE_SIZE;
    m->heap_used = kheap_size() - kheap_free_bytes();
    pt_count_range(kernel_pml4_phys(), KERNEL_L4_FIRST, KERNEL_L4_LAST,
                   &m->kernel_tables, &pages);
}

int64_t
memstat_leaked_frames(const struct memstat *before, const struct memstat *after)
{
    return (int64_t)(before->free_frames - after->free_frames) -
           (int64_t)(after->heap_pages - before->heap_pages) -
           (int64_t)(after->kernel_tables - before->kernel_tables);
}

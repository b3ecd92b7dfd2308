/* memstat.h — where the frames are: a snapshot, and a leak check.
 *
 * A frame is free (pmm), or in the kernel heap (which never gives frames
 * back), or a page table of the kernel half (created once, when the heap
 * or the kernel-stack region first reaches a new 2 MiB, and never freed),
 * or in use by something that should give it back: a process's pages and
 * tables, a kernel stack. So between two snapshots taken with the same
 * processes alive,
 *
 *   leaked frames = free frames lost - heap pages gained - kernel tables gained
 *
 * must be 0, and so must the heap bytes still allocated (kmalloc without
 * kfree). `memstat` on the command line prints both when init is done;
 * user programs read the same figures with the ringlab_stat system call
 * (syscall/sys_ringlab.c). */
#ifndef RINGLAB_MEMSTAT_H
#define RINGLAB_MEMSTAT_H

#include <stdint.h>

struct memstat {
    uint64_t free_frames;       /* pmm_free_count() */
    uint64_t heap_pages;        /* frames the kernel heap has mapped */
    uint64_t heap_used;         /* bytes allocated from the heap */
    uint64_t kernel_tables;     /* page-table frames under L4[256..511] */
};

void memstat_snapshot(struct memstat *m);
/* Frames lost between two snapshots that nothing accounts for. */
int64_t memstat_leaked_frames(const struct memstat *before, const struct memstat *after);

#endif

/* pmm.c — a bitmap of physical frames.
 *
 * One bit per 4 KiB frame below PMM_MAX_PHYS: 1 = in use (or not RAM at
 * all), 0 = free. A bitmap, rather than a free list threaded through the
 * frames, never writes to a frame it does not hand out, and it can tell a
 * double free from a free.
 *
 *   bitmap[w] bit b  <->  frame number 64*w + b  <->  physical (64*w + b) << 12
 *
 * Allocation takes the lowest free frame at or above a hint. Lowest-first
 * matters at boot: kmap_init builds the new direct map with frames it can
 * only reach through the boot tables' direct map of the first 1 GiB.
 *
 * Callers may have interrupts on (exec loads a program with the timer on),
 * and a tick can switch to another process that allocates too. Setting a
 * bit is a read-modify-write of a whole word: a tick between the read and
 * the write would let the other process's bit in that word be lost, and
 * the frame it took be handed out a second time. So pmm_alloc_unzeroed()
 * and pmm_free() keep interrupts off across their update (irq_save).
 */
#include <stdbool.h>

#include "mm/pmm.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/panic.h"
#include "lib/kprintf.h"
#include "lib/string.h"

#define MAX_FRAMES (PMM_MAX_PHYS / PAGE_SIZE)
#define WORDS      (MAX_FRAMES / 64)

_Static_assert(PMM_MAX_PHYS % (64 * PAGE_SIZE) == 0, "whole bitmap words");

static uint64_t bitmap[WORDS];
static uint64_t next_word;          /* no free frame below word next_word */
static uint64_t free_frames, managed_frames, phys_end;

static inline bool
frame_used(uint64_t frame)
{
    return bitmap[frame / 64] >> (frame % 64) & 1;
}

static inline void
set_used(uint64_t frame, bool used)
{
    if (used)
        bitmap[frame / 64] |= 1UL << (frame % 64);
    else
        bitmap[frame / 64] &= ~(1UL << (frame % 64));
}

/* Marks the frames of [base, end) free (used = false) or used: a bit at a
 * time up to a word boundary, then whole words of 64 frames (all of RAM's
 * 32,000 frames one by one cost 0.3 million instructions at every boot),
 * then the last bits. */
static void
mark_range(uint64_t base, uint64_t end, bool used)
{
    uint64_t f = base / PAGE_SIZE, last;

    if (end > PMM_MAX_PHYS)
        end = PMM_MAX_PHYS;
    last = end / PAGE_SIZE;
    for (; f < last && f % 64; f++)
        set_used(f, used);
    for (; f + 64 <= last; f += 64)
        bitmap[f / 64] = used ? ~0UL : 0;
    for (; f < last; f++)
        set_used(f, used);
}

static uint64_t
round_up(uint64_t x)
{
    return (x + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

void
pmm_init(const struct phys_range *ram, int n_ram,
         const struct phys_range *reserved, int n_reserved)
{
    memset(bitmap, 0xff, sizeof(bitmap));           /* everything used ... */
    phys_end = 0;
    for (int i = 0; i < n_ram; i++) {               /* ... but RAM ... */
        uint64_t base = round_up(ram[i].base), end = ram[i].end & ~(PAGE_SIZE - 1);
        if (end > PMM_MAX_PHYS)
            end = PMM_MAX_PHYS;
        if (base >= end)
            continue;
        mark_range(base, end, false);
        if (end > phys_end)
            phys_end = end;
    }
    for (int i = 0; i < n_reserved; i++)            /* ... minus what is taken */
        mark_range(reserved[i].base & ~(PAGE_SIZE - 1), round_up(reserved[i].end), true);
    set_used(0, true);                              /* 0 means "no frame" */

    free_frames = 0;                                /* (no free frame past phys_end) */
    for (uint64_t w = 0; w < (phys_end / PAGE_SIZE + 63) / 64; w++)
        free_frames += (uint64_t)__builtin_popcountl(~bitmap[w]);
    managed_frames = free_frames;
    next_word = 0;
}

/* Zeroes a frame with `rep stosq`: 512 iterations of 8 bytes. (Under
 * -icount a rep instruction counts once per iteration, so this is 8 times
 * cheaper than a byte-wise memset.) */
static void
zero_frame(uint64_t pa)
{
    void *p = phys_to_virt(pa);
    uint64_t n = PAGE_SIZE / 8;

    __asm__ volatile("rep stosq" : "+D"(p), "+c"(n) : "a"(0UL) : "memory");
}

uint64_t
pmm_alloc_unzeroed(void)
{
    uint64_t flags = irq_save();                    /* interrupts off from here ... */
    uint64_t pa = PMM_NO_FRAME;                     /* (out of memory) */

    for (uint64_t w = next_word; w < WORDS && pa == PMM_NO_FRAME; w++) {
        if (bitmap[w] == ~0UL)
            continue;
        uint64_t frame = w * 64 + (uint64_t)__builtin_ctzl(~bitmap[w]);
        set_used(frame, true);
        free_frames--;
        next_word = w;
        pa = frame * PAGE_SIZE;
    }
    if (pa == PMM_NO_FRAME)
        next_word = WORDS;
    irq_restore(flags);                             /* ... to here */
    return pa;
}

uint64_t
pmm_alloc(void)
{
    uint64_t pa = pmm_alloc_unzeroed();

    if (pa != PMM_NO_FRAME)
        zero_frame(pa);
    return pa;
}

void
pmm_free(uint64_t pa)
{
    uint64_t frame = pa / PAGE_SIZE;

    if ((pa & (PAGE_SIZE - 1)) || pa == 0 || pa >= PMM_MAX_PHYS)
        panic("pmm_free(0x%lx): not a frame the allocator manages", pa);
    uint64_t flags = irq_save();                    /* interrupts off from here ... */
    if (!frame_used(frame))
        panic("pmm_free(0x%lx): the frame is already free (a double free)", pa);
    set_used(frame, false);
    free_frames++;
    if (frame / 64 < next_word)
        next_word = frame / 64;
    irq_restore(flags);                             /* ... to here */
}

uint64_t
pmm_free_count(void)
{
    return free_frames;
}

uint64_t
pmm_managed_count(void)
{
    return managed_frames;
}

uint64_t
pmm_phys_end(void)
{
    return phys_end;
}

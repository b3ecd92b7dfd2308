/* cpu.h (host unit tests) — shadows kernel/arch/x86_64/cpu.h for the
 * allocator tests: a host program has no interrupts to turn off (and may
 * not execute cli), so the critical-section pair does nothing here. */
#ifndef RINGLAB_FAKE_CPU_H
#define RINGLAB_FAKE_CPU_H

#include <stdint.h>

static inline uint64_t
irq_save(void)
{
    return 0;
}

static inline void
irq_restore(uint64_t flags)
{
    (void)flags;
}

/* No CR3 either: the tests walk PML4s they name (pagewalk.c's pt_mapped,
 * which reads CR3, is not tested here). */
static inline uint64_t
read_cr3(void)
{
    return 0;
}

#endif

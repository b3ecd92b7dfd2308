/* cr3_switch.c — the deferred CR3 switch (lab 3); the rule is in the header.
 *
 * C writes the slot only here. The assembly reads it in two places, one per
 * way back to ring 3 (interrupt_exit, syscall_return_fast), and clears it
 * once CR3 holds the value. */
#include "mm/cr3_switch.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/panic.h"
#include "arch/x86_64/percpu.h"
#include "mm/vas.h"
#if RINGLAB_LAB >= 5
#include "arch/x86_64/pagetable.h"
#include "mm/tlb.h"
#endif

/* The header's rule, checked where it starts: with interrupts on, a tick
 * before the way back to ring 3 could run another process, and the slot
 * would be someone else's by the time this one leaves. */
static void
require_interrupts_off(void)
{
    if (read_rflags() & RFLAGS_IF)
        panic("cr3_defer with interrupts on: a tick before ring 3 could take the slot");
}

void
cr3_defer(const struct vas *vas)
{
    require_interrupts_off();
#if RINGLAB_LAB >= 5
    tlb_note_loaded(vas);               /* this CPU may hold it from now on */
    if (pte_addr(read_cr3()) == vas->pml4_phys) {
        /* Lazy TLB's pay-off: CR3 still holds it from the last time this
         * CPU ran it (idle in between, or the same process again): no
         * write, no TLB flush. Its TLB is right only because the CPU
         * stayed in the space's set all that time, so every unmap since
         * was shot down here too (mm/tlb.h). */
        this_cpu()->next_cr3 = 0;
        return;
    }
#endif
    this_cpu()->next_cr3 = vas->pml4_phys;
}

void
cr3_cancel(void)
{
    this_cpu()->next_cr3 = 0;
}

void
cr3_apply_now(void)
{
    uint64_t cr3 = this_cpu()->next_cr3;

    if (cr3) {
        write_cr3(cr3);
        this_cpu()->next_cr3 = 0;
    }
}

/* timer.c — the timer interrupt: count, and preempt.
 *
 * Every tick takes the CPU from the current process and gives it to the
 * next READY one (a time slice of one tick), so two CPU-bound programs
 * share the CPU. The interrupt gate cleared IF; the handler runs with
 * interrupts off, and so does the return path to ring 3. */
#include "proc/timer.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/trap.h"
#include "drivers/pic.h"
#include "drivers/pit.h"
#include "proc/process.h"
#include "proc/sched.h"
#include "proc/trace.h"
#if RINGLAB_LAB >= 5
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/percpu.h"
#endif

#define IRQ_TIMER 0

static uint64_t ticks;

uint64_t
timer_ticks(void)
{
    return ticks;
}

static void
timer_interrupt(struct trap_frame *tf)
{
    struct process *p = current_process();

    ticks++;
    pic_eoi(IRQ_TIMER);         /* before schedule(): the next tick may come
                                   while another process runs */
    if (trace_enabled)
        trace_marker(trap_from_user(tf) ? 'T' : 't');
    if (p && p->state == PROC_RUNNING && sched_has_ready()) {
        p->preemptions++;
        schedule();             /* back here when p runs again */
    }
}

#if RINGLAB_LAB >= 5
/* Lab 5: an application processor's tick, from its own local APIC timer.
 * It preempts as CPU 0's does; the clock (`ticks`, the time of day, the
 * sleeps) stays CPU 0's PIT, which counts the same time whatever number
 * of CPUs tick beside it. (So CPU 0's own count is `ticks`.) */
static void
ap_timer_interrupt(struct trap_frame *tf)
{
    struct process *p = current_process();

    this_cpu()->ticks++;
    lapic_eoi();
    if (trace_enabled)
        trace_marker(trap_from_user(tf) ? 'T' : 't');
    if (p && p->state == PROC_RUNNING && sched_has_ready()) {
        p->preemptions++;
        schedule();
    }
}

/* Each AP's timer, at CPU 0's rate (the boot CPU measured it once). */
void
timer_init_ap(void)
{
    lapic_timer_start();
}

void
timer_calibrate_aps(void)
{
    trap_set_irq_handler(VEC_LAPIC_TIMER, ap_timer_interrupt);
    lapic_timer_calibrate(TIMER_HZ);
}

#endif
void
timer_init(void)
{
    trap_set_irq_handler(PIC_VECTOR_BASE + IRQ_TIMER, timer_interrupt);
    pit_start(TIMER_HZ);
    pic_unmask(IRQ_TIMER);
}

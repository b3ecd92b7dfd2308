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

void
timer_init(void)
{
    trap_set_irq_handler(PIC_VECTOR_BASE + IRQ_TIMER, timer_interrupt);
    pit_start(TIMER_HZ);
    pic_unmask(IRQ_TIMER);
}

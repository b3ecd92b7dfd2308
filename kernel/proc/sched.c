/* sched.c — a round-robin scheduler, xv6-style.
 *
 * The kernel's own thread (kmain's, on the boot stack) runs scheduler_run:
 * it picks a READY process and switches to its kernel stack. The process
 * comes back here through schedule() — when it exits, or (lab 3) when the
 * timer preempts it — and the loop picks the next one:
 *
 *   process A --schedule()--> scheduler --switch_context--> process B
 *
 * Which page tables? Stage 2 loads the next process's CR3 right here.
 * From lab 3 on the switch is deferred: the scheduler leaves the next CR3
 * with cr3_defer (mm/cr3_switch.h: the slot next_cr3, and the rule that
 * keeps it right), and the return path to ring 3 loads it just before it
 * leaves the kernel. The kernel half is the same in every PML4, so the
 * kernel runs on any of them meanwhile. */
#include "proc/sched.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/percpu.h"
#include "lib/kprintf.h"
#include "mm/vas.h"
#if RINGLAB_LAB >= 3
#include "mm/cr3_switch.h"
#endif
#include "proc/process.h"
#if RINGLAB_LAB >= 5
#include "arch/x86_64/kernel_lock.h"
#endif

#if RINGLAB_LAB < 5
static struct context *scheduler_context;   /* where schedule() returns to */
#endif
static int last_slot = NPROC - 1;           /* round robin: start after it */

/* The run ends when every process the kernel started itself (init, or the
 * stage's test programs) has exited, whatever else is still running. */
static int
init_processes_alive(void)
{
    for (int i = 0; i < process_slots_used(); i++) {
        struct process *p = process_slot(i);
        if (p->is_init && p->state != PROC_ZOMBIE && p->state != PROC_FREE)
            return 1;
    }
    return 0;
}

#if RINGLAB_LAB >= 5
/* Lab 5: may p run here? (sched_setaffinity can keep it off this CPU.) */
static bool
ready_here(const struct process *p)
{
    return p->state == PROC_READY && (p->cpus_allowed & (1u << this_cpu()->cpu));
}
#else
static bool
ready_here(const struct process *p)
{
    return p->state == PROC_READY;
}
#endif

/* Round robin: slots last_slot + 1, ..., then from 0 round to last_slot.
 * Only the slots ever used are visited (the others are FREE), in the same
 * order as a walk of all NPROC would visit them. */
static struct process *
pick_next(int *alive)
{
    int used = process_slots_used();
    int start = last_slot + 1 < used ? last_slot + 1 : 0;

    *alive = 0;
    for (int i = 0; i < used; i++) {
        struct process *p = process_slot((start + i) % used);
        if (ready_here(p)) {
            last_slot = p->slot;
            *alive = 1;
            return p;
        }
        if (p->state == PROC_RUNNING || p->state == PROC_BLOCKED || p->state == PROC_READY)
            *alive = 1;
    }
    return 0;
}

/* Interrupts are off; the process's state is READY. */
static void
run(struct process *p)
{
    p->state = PROC_RUNNING;
    this_cpu()->current = p;
    this_cpu()->kernel_rsp = p->kstack_top;    /* the syscall entry's stack */
    tss_set_rsp0(p->kstack_top);                /* the interrupt entry's stack */
#if RINGLAB_LAB >= 3
    cr3_defer(p->vas);                          /* loaded on the way to ring 3 */
#else
    vas_switch(p->vas);
#endif
#if RINGLAB_LAB >= 6
    signal_work_refresh(p);                     /* its signals, on its way out */
#endif
#if RINGLAB_LAB >= 5
    p->ran_on |= 1u << this_cpu()->cpu;
    /* (p's tables stay in CR3 after it: lazy TLB. If p exits on another
     * CPU, vas_destroy sends this one off them first: mm/tlb.h.) */
    switch_context(&this_cpu()->scheduler, p->context);     /* this CPU's loop */
#else
    switch_context(&scheduler_context, p->context);
#endif
    this_cpu()->current = 0;
    /* An exited process nobody will wait for: its kernel stack is free to
     * go now that the CPU is off it. */
    if (p->state == PROC_ZOMBIE && !p->parent && !p->is_init)
        process_free(p);
}

void
scheduler_run(void)
{
    int alive;

    while (init_processes_alive()) {
        struct process *p = pick_next(&alive);
        if (p) {
            run(p);
            continue;
        }
        if (!alive)
            return;             /* (cannot happen while init runs) */
        /* nothing ready, something waiting: sleep until an interrupt */
#if RINGLAB_LAB >= 5
        kernel_unlock();        /* meanwhile the other CPUs may enter the kernel */
#endif
        sti();
        hlt();
        cli();
#if RINGLAB_LAB >= 5
        kernel_lock();
#endif
    }
}
#if RINGLAB_LAB >= 5

/* Lab 5: the scheduler loop of an application processor, over the same
 * process table as CPU 0's and under the same lock; it runs for as long
 * as the machine does. Interrupts are off; this CPU holds the kernel lock. */
void
scheduler_run_ap(void)
{
    int alive;

    for (;;) {
        struct process *p = pick_next(&alive);
        if (p) {
            run(p);
            continue;
        }
        kernel_unlock();
        sti();
        hlt();
        cli();
        kernel_lock();
    }
}
#endif

/* The current process waits (wait4, a read, a sleep) until sched_wakeup.
 * It resumes in the kernel, in the middle of a syscall that may go on to
 * touch its user memory (wait4 writes the status): so its CR3 is loaded
 * now, not on the way back to ring 3. Interrupts are off. */
void
sched_block(void)
{
    current_process()->state = PROC_BLOCKED;
    schedule();
#if RINGLAB_LAB >= 3
    cr3_apply_now();
#endif
}

void
sched_wakeup(struct process *p)
{
    if (p->state == PROC_BLOCKED)
        p->state = PROC_READY;
}

#if RINGLAB_LAB >= 4
void
sched_give_way(void)
{
    uint64_t flags = irq_save();        /* schedule() runs with IF = 0 */

    if (current_process() && sched_has_ready())
        schedule();
    irq_restore(flags);
}
#endif

/* Is some process other than the current one waiting for this CPU? */
bool
sched_has_ready(void)
{
    for (int i = 0; i < process_slots_used(); i++)
        if (ready_here(process_slot(i)))
            return true;
    return false;
}

/* The user state the kernel does not save on entry: the x87/SSE registers
 * and the FS base (thread-local storage), per process. */
void
fpu_restore(struct process *p)
{
    fxrstor(p->fpu);
    wrmsr(MSR_FS_BASE, p->fs_base);
}

void
schedule(void)
{
    struct process *p = current_process();

    if (p->state == PROC_RUNNING)
        p->state = PROC_READY;
    if (p->state != PROC_ZOMBIE)
        fxsave(p->fpu);
#if RINGLAB_LAB >= 5
    switch_context(&p->context, this_cpu()->scheduler);
#else
    switch_context(&p->context, scheduler_context);
#endif
    fpu_restore(p);
}

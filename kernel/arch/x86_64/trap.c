/* trap.c — where every interrupt and exception arrives in C.
 *
 * interrupt.asm saved the interrupted registers in a struct trap_frame and
 * calls trap_dispatch() with interrupts off. Decisions live here, not in
 * the assembly.
 */
#include "arch/x86_64/trap.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fault.h"
#include "arch/x86_64/idt.h"
#if RINGLAB_LAB >= 5
#include "arch/x86_64/kernel_lock.h"
#include "arch/x86_64/smp.h"
#endif

static irq_handler_fn irq_handlers[256];
static user_fault_fn user_fault_handler;
#if RINGLAB_LAB >= 6
static page_fault_fn page_fault_handler;

void
trap_set_page_fault_handler(page_fault_fn fn)
{
    page_fault_handler = fn;
}
#endif

void
trap_set_irq_handler(int vector, irq_handler_fn fn)
{
    irq_handlers[vector] = fn;
}

void
trap_set_user_fault_handler(user_fault_fn fn)
{
    user_fault_handler = fn;
}

#if RINGLAB_LAB >= 5
static inline __attribute__((always_inline)) void
trap_handle(struct trap_frame *tf)
#else
void
trap_dispatch(struct trap_frame *tf)
#endif
{
    /* An interrupt gate clears IF and TF, but not RFLAGS.AC, which ring 3
     * may set (popf). Left on, SMAP would not stop a stray kernel access
     * to user memory, in this handler or in whatever runs after it
     * schedules. (Linux does a `clac` on every entry.) The user's AC comes
     * back from the frame with IRETQ. */
    if (trap_from_user(tf))
        clear_ac();
    if (tf->vector < VEC_IRQ0) {
#if RINGLAB_LAB >= 6
        if (tf->vector == VEC_PF && page_fault_handler && page_fault_handler(tf))
            return;                     /* an area's page got its frame: retry */
#endif
        if (fault_try_fixup(tf))
            return;                     /* a user copy faulted: -EFAULT */
        if (trap_from_user(tf) && user_fault_handler) {
            user_fault_handler(tf);     /* kills the process, never a FATAL */
            return;
        }
        fatal_trap(tf);                 /* does not return */
    }
    if (irq_handlers[tf->vector]) {
        irq_handlers[tf->vector](tf);
        return;
    }
    fatal_trap(tf);                     /* an interrupt nobody expected */
}
#if RINGLAB_LAB >= 5

/* Lab 5: every interrupt and exception runs under the kernel lock — but
 * one, another CPU's request (smp.h), whose sender may be holding it. An
 * interrupt of ring 3, or of an idle CPU, takes it; one of the kernel
 * finds it held already, by its own CPU (kernel_lock.h). */
void
trap_dispatch(struct trap_frame *tf)
{
    bool taken;

    if (tf->vector == VEC_SMP_CALL) {
        smp_call_interrupt();   /* its sender may hold the lock, and wait */
        return;
    }
    taken = kernel_lock_enter();
    trap_handle(tf);
    kernel_lock_leave(taken);
}
#endif

/* spinlock.c — spinlocks and the nesting of interrupt disabling (lab 5).
 *
 * The lock word changes with `xchg`, which is atomic and a full barrier on
 * x86 (SDM Vol. 3A §9.1.2.1: a locked operation, with or without a LOCK
 * prefix): no load or store moves across it, in the CPU or, with the
 * "memory" clobber, in the compiler. Releasing is a plain store after a
 * compiler barrier: x86 never makes a store visible before earlier loads
 * and stores (§9.2.2), so what the critical section wrote is visible to
 * the next holder before it sees the word free. */
#include "arch/x86_64/spinlock.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/panic.h"
#include "arch/x86_64/percpu.h"

static uint32_t
xchg(volatile uint32_t *p, uint32_t v)
{
    __asm__ volatile("xchgl %0, %1" : "+r"(v), "+m"(*p) : : "memory");
    return v;
}

void
push_off(void)
{
    uint64_t flags = irq_save();
    struct percpu *c = this_cpu();

    if (c->irq_off_depth++ == 0)
        c->irq_was_on = (flags & RFLAGS_IF) != 0;
}

void
pop_off(void)
{
    struct percpu *c = this_cpu();

    if (read_rflags() & RFLAGS_IF)
        panic("pop_off: interrupts are on inside a critical section");
    if (c->irq_off_depth < 1)
        panic("pop_off without push_off");
    if (--c->irq_off_depth == 0 && c->irq_was_on)
        sti();
}

bool
spin_holding(const struct spinlock *lk)
{
    return lk->locked && lk->cpu == this_cpu()->cpu;
}

void
spin_lock(struct spinlock *lk)
{
    push_off();                 /* before the lock: no handler on this CPU may want it */
    if (spin_holding(lk))
        panic("spin_lock: cpu %d already holds %s", this_cpu()->cpu, lk->name);
    while (xchg(&lk->locked, 1))
        __asm__ volatile("pause");      /* a hint to the CPU: a spin loop */
    lk->cpu = this_cpu()->cpu;
}

void
spin_unlock(struct spinlock *lk)
{
    if (!spin_holding(lk))
        panic("spin_unlock: cpu %d does not hold %s", this_cpu()->cpu, lk->name);
    lk->cpu = -1;
    __asm__ volatile("" : : : "memory");
    lk->locked = 0;
    pop_off();
}

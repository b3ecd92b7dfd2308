/* spinlock.h — locks for several CPUs (lab 5).
 *
 * A spinlock is a word that one CPU at a time may hold; the others spin on
 * it. Taking it also turns interrupts off on the CPU that takes it, and
 * they stay off until that CPU's last lock is released: an interrupt
 * handler that wanted a lock its own CPU already holds would spin forever.
 *
 * push_off/pop_off are that "off until the last one": they nest, and the
 * outermost pop_off turns interrupts back on only if they were on at the
 * outermost push_off (the count and the flag are per CPU, in struct
 * percpu). The same idea as xv6's; xv6 calls the functions by these names.
 *
 * Every function here needs the per-CPU data behind GS (percpu_init). */
#ifndef RINGLAB_SPINLOCK_H
#define RINGLAB_SPINLOCK_H

#include <stdbool.h>
#include <stdint.h>

struct spinlock {
    volatile uint32_t locked;   /* 0: free, 1: held */
    int cpu;                    /* who holds it (for the checks), or -1 */
    const char *name;           /* for the panic messages */
};

#define SPINLOCK_INIT(n) { .locked = 0, .cpu = -1, .name = (n) }

void spin_lock(struct spinlock *lk);
void spin_unlock(struct spinlock *lk);
/* Does this CPU hold lk? */
bool spin_holding(const struct spinlock *lk);

/* Interrupts off, counting; pop_off undoes one push_off. */
void push_off(void);
void pop_off(void);

#endif

/* kernel_lock.c — the one lock of lab 5's kernel (what and why: the header).
 *
 * The lock word holds the number of the CPU that has it, or -1. Taking it
 * is a compare-and-exchange from -1 to this CPU's number (`lock cmpxchg`,
 * atomic and a full barrier, SDM Vol. 3A §9.1.2); giving it back a store
 * of -1 with release ordering, after everything the holder wrote. */
#include "arch/x86_64/kernel_lock.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/panic.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/smp.h"

#define NOBODY (-1)

static volatile int owner = NOBODY;
bool kernel_lock_in_use;

void
kernel_lock_start(void)
{
    kernel_lock_in_use = true;
}

bool
kernel_lock_held(void)
{
    return owner == this_cpu()->cpu;    /* only this CPU can make it so */
}

void
kernel_lock_acquire(void)
{
    int me = this_cpu()->cpu;

    if (read_rflags() & RFLAGS_IF)
        panic("kernel_lock with interrupts on");
    if (owner == me)
        panic("kernel_lock: cpu %d already holds it", me);
    /* Under -icount, QEMU 7.2 runs the CPUs in turns in one thread, and a
     * CPU's turn lasts until the next timer deadline, however many other
     * CPUs wait: a CPU that never stops could starve the rest (with -smp 2,
     * CPU 1 forever on its first interrupt's first instruction). TCG ends a
     * turn at `pause`: one on every way into the kernel, every tick among
     * them, lets the other CPUs run (docs/architecture.md, "Several CPUs").
     * On hardware it is a pause of a few dozen cycles. */
    __asm__ volatile("pause");
    for (;;) {
        int expected = NOBODY;
        if (__atomic_compare_exchange_n(&owner, &expected, me, false,
                                        __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
            return;
        while (owner != NOBODY) {       /* read-only spin: no bus locking */
            smp_poll_call();            /* the holder may be waiting for us */
            __asm__ volatile("pause");
        }
    }
}

void
kernel_lock_release(void)
{
    if (owner != this_cpu()->cpu)
        panic("kernel_unlock: cpu %d does not hold it (cpu %d does)", this_cpu()->cpu, owner);
    __atomic_store_n(&owner, NOBODY, __ATOMIC_RELEASE);
}

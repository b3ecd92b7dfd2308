/* pit.h — the 8253/8254 programmable interval timer, channel 0 (IRQ 0). */
#ifndef RINGLAB_PIT_H
#define RINGLAB_PIT_H

#define PIT_INPUT_HZ 1193182    /* the PIT's crystal: 1.193182 MHz */

/* Starts periodic interrupts on IRQ 0, `hz` times a second. */
void pit_start(unsigned hz);
#if RINGLAB_LAB >= 5

/* Busy-waits `us` microseconds (at most 54,000) on channel 2, which has
 * no interrupt: for measuring another clock against the PIT's, and for
 * the waits of starting a CPU. */
void pit_wait_us(unsigned us);
#endif

#endif

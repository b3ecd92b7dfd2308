/* pit.h — the 8253/8254 programmable interval timer, channel 0 (IRQ 0). */
#ifndef RINGLAB_PIT_H
#define RINGLAB_PIT_H

#define PIT_INPUT_HZ 1193182    /* the PIT's crystal: 1.193182 MHz */

/* Starts periodic interrupts on IRQ 0, `hz` times a second. */
void pit_start(unsigned hz);

#endif

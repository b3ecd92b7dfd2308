/* lapic.h — the local APIC: each CPU's own interrupt controller (lab 5).
 *
 * Every CPU has one, at the same physical address (the MADT's, usually
 * 0xfee00000); a CPU's accesses there reach its own. It delivers this
 * CPU's timer interrupts and sends and receives inter-processor interrupts
 * (IPIs): INIT and STARTUP to start another CPU, a vector to interrupt it.
 * Registers: Intel SDM Vol. 3A §12.4 ff. ("Advanced Programmable Interrupt
 * Controller (APIC)"), used here in xAPIC mode (MMIO, not the x2APIC MSRs). */
#ifndef RINGLAB_LAPIC_H
#define RINGLAB_LAPIC_H

#include <stdint.h>

#define VEC_LAPIC_TIMER 48      /* above the PIC's 32..47 */
#define VEC_SPURIOUS    0xff    /* the APIC's "nothing after all" vector */

/* Where the registers are mapped (kmain maps them, uncached). Once, on the
 * boot CPU, before any other function here. */
void lapic_set_base(volatile void *mmio);
/* Software-enables this CPU's local APIC. Each CPU, once. */
void lapic_enable(void);
uint32_t lapic_id(void);
/* End of interrupt, for every vector the local APIC delivered. */
void lapic_eoi(void);

/* IPIs to the local APIC with ID `apic_id`: 0, or -1 if the APIC never
 * reported the message delivered. */
int lapic_send_init(uint32_t apic_id);
int lapic_send_startup(uint32_t apic_id, uint64_t start_phys);
int lapic_send_ipi(uint32_t apic_id, int vector);

/* Measures the timer's rate against the PIT (boot CPU, once), then starts
 * this CPU's timer: `hz` interrupts a second on VEC_LAPIC_TIMER. */
void lapic_timer_calibrate(unsigned hz);
void lapic_timer_start(void);

#endif

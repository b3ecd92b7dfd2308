/* timer.h — the scheduler's clock (lab 3). */
#ifndef RINGLAB_TIMER_H
#define RINGLAB_TIMER_H

#include <stdint.h>

#define TIMER_HZ 10000          /* a tick every 100 us: 100,000 instructions
                                   under -icount shift=0 */

void timer_init(void);
uint64_t timer_ticks(void);
#if RINGLAB_LAB >= 5
/* Lab 5: the boot CPU measures the local APIC timer against the PIT,
 * before any AP starts; then each AP starts its own. */
void timer_calibrate_aps(void);
void timer_init_ap(void);
#endif

#endif

/* sleep.h — sleeping until something happens (full kernel).
 *
 * A process sleeps on a "channel", any address that names what it waits
 * for (a pipe, a child); wakeup_chan(chan) makes every process sleeping on
 * it READY again. A woken process must check again what it waited for:
 * another may have taken it first, and other wakeups (sched_wakeup from a
 * child's exit) end a sleep too. Interrupts are off in every syscall, so
 * no wakeup is lost between the check and the sleep. */
#ifndef RINGLAB_SLEEP_H
#define RINGLAB_SLEEP_H

void sleep_on(const void *chan);
void wakeup_chan(const void *chan);

#endif

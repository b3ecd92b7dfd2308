/* sleep.c — sleep_on and wakeup_chan (sleep.h), on the scheduler's
 * sched_block and sched_wakeup. */
#include "proc/sleep.h"
#include "proc/process.h"
#include "proc/sched.h"

void
sleep_on(const void *chan)
{
    struct process *p = current_process();

    p->sleep_chan = chan;
    sched_block();                  /* back READY and running: CR3 is ours */
    p->sleep_chan = 0;
}

void
wakeup_chan(const void *chan)
{
    for (int i = 0; i < process_slots_used(); i++) {
        struct process *q = process_slot(i);
        if (q->state == PROC_BLOCKED && q->sleep_chan == chan)
            sched_wakeup(q);
    }
}

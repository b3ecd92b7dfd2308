/* sched.h — who runs next. */
#ifndef RINGLAB_SCHED_H
#define RINGLAB_SCHED_H

#include <stdbool.h>

/* Runs READY processes, round robin, until none is left alive. Called on
 * the kernel's own thread (kmain); returns there. */
void scheduler_run(void);
/* The current process gives up the CPU (it stays READY unless it has
 * already become a zombie). Returns when it is scheduled again. */
void schedule(void);
/* Is a process other than the running one READY? */
bool sched_has_ready(void);

#endif

/* sched.h — who runs next. */
#ifndef RINGLAB_SCHED_H
#define RINGLAB_SCHED_H

#include <stdbool.h>

/* Runs READY processes, round robin, until every process the kernel
 * started (is_init) has exited. Called on the kernel's own thread (kmain);
 * returns there. */
void scheduler_run(void);
/* The current process gives up the CPU (it stays READY unless it has
 * already become a zombie). Returns when it is scheduled again. */
void schedule(void);
struct process;
void sched_block(void);
void sched_wakeup(struct process *p);
/* Loads p's x87/SSE registers and FS base (before it returns to ring 3). */
void fpu_restore(struct process *p);

/* Is a process other than the running one READY? */
bool sched_has_ready(void);

#endif

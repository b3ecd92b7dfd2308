/* sched.h — who runs next. */
#ifndef RINGLAB_SCHED_H
#define RINGLAB_SCHED_H

#include <stdbool.h>

/* Runs READY processes, round robin, until every process the kernel
 * started (is_init) has exited. Called on the kernel's own thread (kmain);
 * returns there. */
void scheduler_run(void);
#if RINGLAB_LAB >= 5
/* An application processor's loop (lab 5): never returns. Called with
 * interrupts off and the kernel lock held. */
void scheduler_run_ap(void);
#endif
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

#if RINGLAB_LAB >= 4
/* A long piece of kernel work (exec's load) or a new child (fork) lets a
 * waiting process run now, as Linux's cond_resched() does: if another
 * process is READY, the current one goes to the back of the queue. Any
 * interrupt state; a no-op before the first process runs. */
void sched_give_way(void);
#endif

#endif

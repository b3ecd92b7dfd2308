/* sched.h — giving up the CPU, and (lab 5) choosing which CPUs to run on. */
#ifndef _SCHED_H
#define _SCHED_H

#include <sys/types.h>

int sched_yield(void);

/* A CPU set: one bit per CPU (ringlab has at most 64; Linux's cpu_set_t
 * is larger, and its calls take the size). */
typedef struct {
    unsigned long bits;
} cpu_set_t;

#define CPU_ZERO(set)       ((set)->bits = 0)
#define CPU_SET(cpu, set)   ((set)->bits |= 1UL << (cpu))
#define CPU_ISSET(cpu, set) (((set)->bits >> (cpu)) & 1)
#define CPU_COUNT(set)      __builtin_popcountl((set)->bits)

/* 0, or -1 with errno (EINVAL: no CPU of the set is online) */
int sched_setaffinity(pid_t pid, size_t size, const cpu_set_t *set);
int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *set);
/* the CPU the caller runs on (it may move right after) */
int sched_getcpu(void);

#endif

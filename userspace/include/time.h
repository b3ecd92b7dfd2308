/* time.h — clocks and sleeping. */
#ifndef _TIME_H
#define _TIME_H

#include <ringlab/abi.h>
#include <sys/types.h>

int clock_gettime(clockid_t clock, struct timespec *ts);
/* Sleeps for *req; on interruption stores what is left in *rem. */
int nanosleep(const struct timespec *req, struct timespec *rem);

#endif

/* sys/random.h — random bytes from the kernel (GRND_*: <ringlab/abi.h>). */
#ifndef _SYS_RANDOM_H
#define _SYS_RANDOM_H

#include <ringlab/abi.h>
#include <sys/types.h>

ssize_t getrandom(void *buf, size_t n, unsigned flags);

#endif

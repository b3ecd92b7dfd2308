/* sys/types.h — the integer types of the POSIX interfaces. */
#ifndef _SYS_TYPES_H
#define _SYS_TYPES_H

#include <stddef.h>
#include <stdint.h>

typedef long ssize_t;
typedef int pid_t;
typedef long off_t;
typedef unsigned int mode_t;
typedef long time_t;
typedef int clockid_t;

#endif

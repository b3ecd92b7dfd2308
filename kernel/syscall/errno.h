/* errno.h — error numbers: Linux's values, shared with our libc
 * (include/ringlab/errno_numbers.h). A syscall returns -errno. */
#ifndef RINGLAB_ERRNO_H
#define RINGLAB_ERRNO_H

#include "ringlab/errno_numbers.h"


const char *errno_name(long err);   /* "EFAULT" for 14 (or -14) */

#endif

/* errno.h — error numbers, for the whole kernel: a syscall returns -errno.
 *
 * The numbers themselves are part of the ABI shared with our libc
 * (include/ringlab/errno_numbers.h: Linux's values); here is what only the
 * kernel needs on top of them. In lib/, the lowest layer, so that mm/ and
 * proc/ can return -EFAULT and friends without reaching up into syscall/. */
#ifndef RINGLAB_ERRNO_H
#define RINGLAB_ERRNO_H

#include "ringlab/errno_numbers.h"

const char *errno_name(long err);   /* errno_name.c: "EFAULT" for 14 (or -14) */

#endif

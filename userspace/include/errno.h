/* errno.h — the error number of the last failed call.
 *
 * A system call returns -E<name> in rax; the libc wrapper stores E<name>
 * in errno and returns -1. Programs are single-threaded, so errno is a
 * plain variable. */
#ifndef _ERRNO_H
#define _ERRNO_H

#include <ringlab/errno_numbers.h>

extern int errno;

#endif

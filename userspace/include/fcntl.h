/* fcntl.h — opening files. */
#ifndef _FCNTL_H
#define _FCNTL_H

#include <ringlab/abi.h>
#include <sys/types.h>

/* The new file descriptor, or -1 with errno set. `mode` is used only
 * with O_CREAT. */
int open(const char *path, int flags, ...);

#endif

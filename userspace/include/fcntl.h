/* fcntl.h — opening files. */
#ifndef _FCNTL_H
#define _FCNTL_H

#include <ringlab/abi.h>
#include <sys/types.h>

/* The new file descriptor, or -1 with errno set. `mode` is used only
 * with O_CREAT. */
int open(const char *path, int flags, ...);
/* The full kernel's: path relative to dirfd (AT_FDCWD: the working
 * directory); fcntl's commands F_*, <ringlab/abi.h> (lib/sys_fs.c). */
int openat(int dirfd, const char *path, int flags, ...);
int fcntl(int fd, int cmd, ...);

#endif

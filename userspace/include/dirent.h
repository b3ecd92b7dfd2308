/* dirent.h — reading directories with getdents64().
 *
 * getdents64() fills buf with struct linux_dirent64 records (see
 * <ringlab/abi.h>) and returns the number of bytes used; 0 at the end of
 * the directory; -1 with errno set on error. Walk the records with
 * d_reclen. */
#ifndef _DIRENT_H
#define _DIRENT_H

#include <ringlab/abi.h>
#include <sys/types.h>

ssize_t getdents64(int fd, void *buf, size_t count);

#endif

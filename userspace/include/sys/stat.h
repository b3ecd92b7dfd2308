/* sys/stat.h — file status (struct stat: <ringlab/abi.h>, Linux's). */
#ifndef _SYS_STAT_H
#define _SYS_STAT_H

#include <ringlab/abi.h>
#include <sys/types.h>

#define S_ISDIR(m)  (((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m)  (((m) & S_IFMT) == S_IFREG)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)
#define S_ISCHR(m)  (((m) & S_IFMT) == S_IFCHR)

int stat(const char *path, struct stat *st);
int fstat(int fd, struct stat *st);
int mkdir(const char *path, mode_t mode);

#endif

/* errno.h — error numbers, as Linux x86-64 defines them (a syscall returns
 * -errno). Only those the kernel uses. */
#ifndef RINGLAB_ERRNO_H
#define RINGLAB_ERRNO_H

#define EPERM    1
#define ENOENT   2
#define ESRCH    3
#define EINTR    4
#define EIO      5
#define E2BIG    7
#define ENOEXEC  8
#define EBADF    9
#define ECHILD  10
#define EAGAIN  11
#define ENOMEM  12
#define EFAULT  14
#define ENOTDIR 20
#define EISDIR  21
#define EINVAL  22
#define EMFILE  24
#define ENOTTY  25
#define ENOSYS  38
#define ENAMETOOLONG 36

const char *errno_name(long err);   /* "EFAULT" for 14 (or -14) */

#endif

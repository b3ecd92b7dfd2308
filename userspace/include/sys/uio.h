/* sys/uio.h — writing several buffers in one system call. */
#ifndef _SYS_UIO_H
#define _SYS_UIO_H

#include <ringlab/abi.h>
#include <sys/types.h>

ssize_t writev(int fd, const struct iovec *iov, int iovcnt);

#endif

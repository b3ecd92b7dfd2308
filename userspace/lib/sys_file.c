/* sys_file.c — the file system calls. */
#include <dirent.h>
#include <fcntl.h>
#include <ringlab/syscall.h>
#include <stdarg.h>
#include <sys/uio.h>
#include <unistd.h>

ssize_t
read(int fd, void *buf, size_t count)
{
    return syscall_result(SYSCALL3(SYS_read, fd, buf, count));
}

ssize_t
write(int fd, const void *buf, size_t count)
{
    return syscall_result(SYSCALL3(SYS_write, fd, buf, count));
}

ssize_t
writev(int fd, const struct iovec *iov, int iovcnt)
{
    return syscall_result(SYSCALL3(SYS_writev, fd, iov, iovcnt));
}

int
open(const char *path, int flags, ...)
{
    va_list ap;
    mode_t mode = 0;

    if (flags & O_CREAT) {
        va_start(ap, flags);
        mode = va_arg(ap, mode_t);
        va_end(ap);
    }
    return (int)syscall_result(SYSCALL3(SYS_open, path, flags, mode));
}

int
close(int fd)
{
    return (int)syscall_result(SYSCALL1(SYS_close, fd));
}

ssize_t
getdents64(int fd, void *buf, size_t count)
{
    return syscall_result(SYSCALL3(SYS_getdents64, fd, buf, count));
}

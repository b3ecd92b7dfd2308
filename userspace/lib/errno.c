/* errno.c — errno, and turning a raw -errno result into it. */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <ringlab/syscall.h>
#include <unistd.h>

int errno;

/* -4095 .. -1 is an error (-errno); everything else is a result. */
long
syscall_result(long raw)
{
    if (raw < 0 && raw >= -MAX_ERRNO) {
        errno = (int)-raw;
        return -1;
    }
    return raw;
}

long
syscall(long number, ...)
{
    va_list ap;
    long a[6];

    va_start(ap, number);
    for (int i = 0; i < 6; i++)
        a[i] = va_arg(ap, long);        /* reads garbage past the real ones: harmless */
    va_end(ap);
    return syscall_result(syscall6(number, a[0], a[1], a[2], a[3], a[4], a[5]));
}

static const char *const messages[] = {
    [0] = "Success",
    [EPERM] = "Operation not permitted",
    [ENOENT] = "No such file or directory",
    [ESRCH] = "No such process",
    [EINTR] = "Interrupted system call",
    [EIO] = "I/O error",
    [E2BIG] = "Argument list too long",
    [ENOEXEC] = "Exec format error",
    [EBADF] = "Bad file descriptor",
    [ECHILD] = "No child processes",
    [EAGAIN] = "Resource temporarily unavailable",
    [ENOMEM] = "Out of memory",
    [EACCES] = "Permission denied",
    [EFAULT] = "Bad address",
    [EEXIST] = "File exists",
    [ENOTDIR] = "Not a directory",
    [EISDIR] = "Is a directory",
    [EINVAL] = "Invalid argument",
    [EMFILE] = "Too many open files",
    [ENOTTY] = "Not a terminal",
    [ENOSPC] = "No space left on device",
    [ESPIPE] = "Illegal seek",
    [EROFS] = "Read-only file system",
    [EPIPE] = "Broken pipe",
    [ERANGE] = "Result out of range",
    [ENAMETOOLONG] = "File name too long",
    [ENOSYS] = "Function not implemented",
    [ENOTEMPTY] = "Directory not empty",
};

char *
strerror(int errnum)
{
    if (errnum >= 0 && errnum < (int)(sizeof(messages) / sizeof(messages[0])) &&
        messages[errnum])
        return (char *)messages[errnum];
    return "Unknown error";
}

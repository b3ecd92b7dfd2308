/* sys_fs.c — the full kernel's file and process calls: paths relative to
 * a directory, stat, the working directory, /tmp's changes, pipes, fd
 * duplication, poll, random bytes. Each returns what the system call
 * returns, or -1 with errno set. */
#include <fcntl.h>
#include <poll.h>
#include <ringlab/syscall.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

int
openat(int dirfd, const char *path, int flags, ...)
{
    va_list ap;
    mode_t mode = 0;

    if (flags & O_CREAT) {
        va_start(ap, flags);
        mode = va_arg(ap, mode_t);
        va_end(ap);
    }
    return (int)syscall_result(syscall6(SYS_openat, dirfd, (long)path, flags, mode, 0, 0));
}

off_t lseek(int fd, off_t off, int whence)
{ return syscall_result(SYSCALL3(SYS_lseek, fd, off, whence)); }
ssize_t pread(int fd, void *buf, size_t n, off_t off)
{ return syscall_result(SYSCALL4(SYS_pread64, fd, buf, n, off)); }
int fstat(int fd, struct stat *st)
{ return (int)syscall_result(SYSCALL2(SYS_fstat, fd, st)); }
int stat(const char *path, struct stat *st)
{ return (int)syscall_result(SYSCALL2(SYS_stat, path, st)); }
int access(const char *path, int mode)
{ return (int)syscall_result(SYSCALL2(SYS_access, path, mode)); }
int chdir(const char *path)
{ return (int)syscall_result(SYSCALL1(SYS_chdir, path)); }
int unlink(const char *path)
{ return (int)syscall_result(SYSCALL1(SYS_unlink, path)); }
int rmdir(const char *path)
{ return (int)syscall_result(SYSCALL1(SYS_rmdir, path)); }
int mkdir(const char *path, mode_t mode)
{ return (int)syscall_result(SYSCALL2(SYS_mkdir, path, mode)); }
int rename(const char *from, const char *to)
{ return (int)syscall_result(SYSCALL2(SYS_rename, from, to)); }
int pipe(int fds[2])
{ return (int)syscall_result(SYSCALL1(SYS_pipe, fds)); }
int pipe2(int fds[2], int flags)
{ return (int)syscall_result(SYSCALL2(SYS_pipe2, fds, flags)); }
int dup(int fd)
{ return (int)syscall_result(SYSCALL1(SYS_dup, fd)); }
int dup2(int fd, int to)
{ return (int)syscall_result(SYSCALL2(SYS_dup2, fd, to)); }
int poll(struct pollfd *fds, nfds_t n, int timeout)
{ return (int)syscall_result(SYSCALL3(SYS_poll, fds, n, timeout)); }
ssize_t getrandom(void *buf, size_t n, unsigned flags)
{ return syscall_result(SYSCALL3(SYS_getrandom, buf, n, flags)); }

/* The kernel's getcwd returns the length; libc's, the buffer. */
char *
getcwd(char *buf, size_t size)
{
    return syscall_result(SYSCALL2(SYS_getcwd, buf, size)) < 0 ? 0 : buf;
}

int
fcntl(int fd, int cmd, ...)
{
    va_list ap;
    long arg;

    va_start(ap, cmd);
    arg = va_arg(ap, long);
    va_end(ap);
    return (int)syscall_result(SYSCALL3(SYS_fcntl, fd, cmd, arg));
}

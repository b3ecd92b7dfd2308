/* sys_console.c — read and write, and the console's side of them.
 *
 * Until lab 4 the only "files" are the console's: fd 0 reads COM1, 1 and 2
 * write to the console, any other fd is -EBADF. From lab 4 on, an fd names
 * an open file in the process's table (fs/file.h): the console, which
 * reads and writes as before, or a file or directory of the read-only
 * initrd, which sys_file.c reads. */
#include "syscall/handlers.h"
#include "syscall/syscall.h"
#include "drivers/console.h"
#include "drivers/serial.h"
#include "lib/errno.h"
#include "mm/usercopy.h"
#if RINGLAB_LAB >= 4
#include "fs/file.h"
#include "proc/process.h"
#include "ringlab/abi.h"
#endif
#if RINGLAB_LAB >= 6
#include "fs/vfs.h"
#endif

#define CHUNK 256

/* Writes user memory buf[0..len) to the console: len, or -EFAULT. */
static int64_t
console_write_user(uint64_t buf, uint64_t len)
{
    char chunk[CHUNK];

    if (!user_range_ok(buf, len))
        return -EFAULT;
    for (uint64_t done = 0; done < len;) {
        uint64_t n = len - done < CHUNK ? len - done : CHUNK;
        if (copy_from_user(chunk, buf + done, n))
            return done ? (int64_t)done : -EFAULT;
        console_write(chunk, n);
        done += n;
    }
    return (int64_t)len;
}

/* Reads at least one byte (waiting for it), then whatever else has already
 * arrived, up to len. A carriage return is delivered as a newline. */
static int64_t
console_read_user(uint64_t buf, uint64_t len)
{
    uint64_t n = 0;

#if RINGLAB_LAB >= 6
    return tty_read(buf, len);      /* the full kernel's terminal (sys_tty.c) */
#endif
    if (!user_range_ok(buf, len))
        return -EFAULT;
    while (n < len && (n == 0 || serial_can_read())) {
        char c = (char)serial_getc();
        if (c == '\r')
            c = '\n';
        if (copy_to_user(buf + n, &c, 1))
            return n ? (int64_t)n : -EFAULT;
        n++;
        if (c == '\n')
            break;
    }
    return (int64_t)n;
}

int64_t
sys_write(struct trap_frame *tf)
{
#if RINGLAB_LAB >= 4
    struct file *f = fd_get(current_process(), (int)syscall_arg(tf, 1));

#if RINGLAB_LAB >= 6
    if (f && f->kind != FILE_CONSOLE)
        return vfs_write(f, syscall_arg(tf, 2), syscall_arg(tf, 3));  /* fs/vfs.c */
#endif
    if (!f || f->kind != FILE_CONSOLE)
        return -EBADF;              /* the initrd's files are opened read-only */
#else
    int fd = (int)syscall_arg(tf, 1);

    if (fd != 1 && fd != 2)
        return -EBADF;
#endif
    return console_write_user(syscall_arg(tf, 2), syscall_arg(tf, 3));
}

int64_t
sys_read(struct trap_frame *tf)
{
#if RINGLAB_LAB >= 4
    struct file *f = fd_get(current_process(), (int)syscall_arg(tf, 1));

    if (!f)
        return -EBADF;
    if (f->kind != FILE_CONSOLE)
        return file_read(f, syscall_arg(tf, 2), syscall_arg(tf, 3));
#else
    int fd = (int)syscall_arg(tf, 1);

    if (fd != 0)
        return -EBADF;
#endif
    return console_read_user(syscall_arg(tf, 2), syscall_arg(tf, 3));
}

#if RINGLAB_LAB >= 4
#define IOV_MAX 1024                /* Linux's UIO_MAXIOV */

/* writev(fd, iov, iovcnt): the buffers, one after the other, as one write.
 * Like Linux, every struct iovec is checked before anything is written: a
 * bad one gives -EFAULT (or -EINVAL) and no output at all. */
int64_t
sys_writev(struct trap_frame *tf)
{
    struct file *f = fd_get(current_process(), (int)syscall_arg(tf, 1));
    uint64_t iov = syscall_arg(tf, 2), count = syscall_arg(tf, 3);
    int64_t total = 0, r;
    struct iovec v;

#if RINGLAB_LAB >= 6
    if (f && f->kind != FILE_CONSOLE)
        return vfs_writev(f, iov, count);   /* a pipe, a /tmp file (fs/vfs.c) */
#endif
    if (!f || f->kind != FILE_CONSOLE)
        return -EBADF;
    if (count > IOV_MAX)
        return -EINVAL;             /* also a negative int iovcnt */
    for (uint64_t i = 0; i < count; i++) {
        if (copy_from_user(&v, iov + i * sizeof(v), sizeof(v)))
            return -EFAULT;
        if (v.iov_len > INT64_MAX - (uint64_t)total)
            return -EINVAL;         /* the total must fit in the result */
        if (!user_range_ok((uint64_t)v.iov_base, v.iov_len))
            return -EFAULT;
        total += (int64_t)v.iov_len;
    }
    total = 0;
    for (uint64_t i = 0; i < count; i++) {
        if (copy_from_user(&v, iov + i * sizeof(v), sizeof(v)) ||
            (r = console_write_user((uint64_t)v.iov_base, v.iov_len)) < 0)
            return total ? total : -EFAULT;
        total += r;
    }
    return total;
}
#endif

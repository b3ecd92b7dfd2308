/* sys_console.c — read and write on the console (fds 0, 1 and 2).
 *
 * Lab 4 adds files from the initrd; until then the only "files" are the
 * console's: 0 reads COM1, 1 and 2 write to the console. */
#include "syscall/syscall.h"
#include "drivers/console.h"
#include "drivers/serial.h"
#include "mm/usercopy.h"
#include "syscall/errno.h"

#define CHUNK 256

int64_t
sys_write(struct trap_frame *tf)
{
    int fd = (int)syscall_arg(tf, 1);
    uint64_t buf = syscall_arg(tf, 2);
    uint64_t len = syscall_arg(tf, 3);
    char chunk[CHUNK];

    if (fd != 1 && fd != 2)
        return -EBADF;
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
int64_t
sys_read(struct trap_frame *tf)
{
    int fd = (int)syscall_arg(tf, 1);
    uint64_t buf = syscall_arg(tf, 2);
    uint64_t len = syscall_arg(tf, 3);
    uint64_t n = 0;

    if (fd != 0)
        return -EBADF;
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

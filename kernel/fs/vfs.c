/* vfs.c — read, write, seek, stat, poll and release by kind of file
 * (vfs.h). The console and the initrd's files keep lab 4's code
 * (syscall/sys_console.c, sys_file.c); this file adds pipes and /tmp, and
 * what every kind needs that lab 4 did not have: stat, pread, poll. */
#include "fs/vfs.h"
#include "arch/x86_64/memlayout.h"
#include "drivers/serial.h"
#include "fs/file.h"
#include "fs/path.h"
#include "fs/pipe.h"
#include "fs/ramfs.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/usercopy.h"
#include "ringlab/abi.h"

#define INITRD_DEV     1            /* st_dev: ramfs is 2 */
#define PIPE_DEV       3
#define CONSOLE_DEV    4
#define CONSOLE_RDEV   ((5 << 8) | 1)   /* /dev/console: major 5, minor 1 */
#define IOV_MAX        1024
#define REALTIME_EPOCH 1767225600L  /* the initrd's files date from boot */

static int
readable(const struct file *f)
{
    return (f->flags & O_ACCMODE) != O_WRONLY;
}

static int
writable(const struct file *f)
{
    return (f->flags & O_ACCMODE) != O_RDONLY;
}

int64_t
vfs_read(struct file *f, uint64_t buf, uint64_t len)
{
    int64_t n;

    switch ((int)f->kind) {
    case FILE_PIPE_READ:
        return pipe_read(f->pipe, buf, len, f->flags & O_NONBLOCK);
    case FILE_RAM:
        if (!readable(f))
            return -EBADF;
        if ((n = ramfs_read(f->node, f->pos, buf, len)) > 0)
            f->pos += (uint64_t)n;
        return n;
    case FILE_RAMDIR:
        return -EISDIR;
    case FILE_NULL:
        return readable(f) ? 0 : -EBADF;    /* always at its end */
    default:
        return -EBADF;              /* a pipe's write end */
    }
}

int64_t
vfs_write(struct file *f, uint64_t buf, uint64_t len)
{
    int64_t n;

    switch ((int)f->kind) {
    case FILE_PIPE_WRITE:
        return pipe_write(f->pipe, buf, len, f->flags & O_NONBLOCK);
    case FILE_RAM:
        if (!writable(f))
            return -EBADF;
        if (f->flags & O_APPEND)
            f->pos = ramfs_size(f->node);
        if ((n = ramfs_write(f->node, f->pos, buf, len)) > 0)
            f->pos += (uint64_t)n;
        return n;
    case FILE_NULL:                 /* takes everything, reads nothing of it */
        return !writable(f) ? -EBADF : len > INT64_MAX ? -EINVAL : (int64_t)len;
    default:
        return -EBADF;              /* read-only: the initrd, directories, a read end */
    }
}

int64_t
vfs_iov_check(uint64_t iov, uint64_t count)
{
    int64_t total = 0;
    struct iovec v;

    if (count > IOV_MAX)
        return -EINVAL;
    for (uint64_t i = 0; i < count; i++) {  /* Linux checks them all first */
        if (copy_from_user(&v, iov + i * sizeof(v), sizeof(v)))
            return -EFAULT;
        if (v.iov_len > INT64_MAX - (uint64_t)total)
            return -EINVAL;
        if (!user_range_ok((uint64_t)v.iov_base, v.iov_len))
            return -EFAULT;
        total += (int64_t)v.iov_len;
    }
    return total;
}

int64_t
vfs_writev(struct file *f, uint64_t iov, uint64_t count)
{
    int64_t total = vfs_iov_check(iov, count), r;
    struct iovec v;

    if (total < 0)
        return total;
    total = 0;
    for (uint64_t i = 0; i < count; i++) {
        if (copy_from_user(&v, iov + i * sizeof(v), sizeof(v)))
            return total ? total : -EFAULT;
        if ((r = vfs_write(f, (uint64_t)v.iov_base, v.iov_len)) < 0)
            return total ? total : r;
        total += r;
        if ((uint64_t)r < v.iov_len)
            break;                  /* a short write: /tmp is full */
    }
    return total;
}

int64_t
vfs_lseek(struct file *f, int64_t off, int whence)
{
    int64_t base;

    if (f->kind == FILE_PIPE_READ || f->kind == FILE_PIPE_WRITE)
        return -ESPIPE;
    if (f->kind == FILE_NULL)
        return whence <= SEEK_END ? 0 : -EINVAL;    /* Linux: always at 0 */
    if (whence == SEEK_SET)
        base = 0;
    else if (whence == SEEK_CUR)
        base = (int64_t)f->pos;
    else if (whence == SEEK_END && f->kind == FILE_RAM)
        base = (int64_t)ramfs_size(f->node);
    else
        return -EINVAL;
    if (off < -base || (off > 0 && base > INT64_MAX - off))
        return -EINVAL;
    f->pos = (uint64_t)(base + off);
    return (int64_t)f->pos;
}

int64_t
vfs_pread(struct file *f, uint64_t buf, uint64_t len, int64_t off)
{
    uint64_t n;

    if (f->kind == FILE_CONSOLE || f->kind == FILE_PIPE_READ || f->kind == FILE_PIPE_WRITE)
        return -ESPIPE;
    if (off < 0)
        return -EINVAL;
    if (f->kind == FILE_DIR || f->kind == FILE_RAMDIR)
        return -EISDIR;
    if (!readable(f))
        return -EBADF;
    if (f->kind == FILE_NULL)
        return 0;
    if (f->kind == FILE_RAM)
        return ramfs_read(f->node, (uint64_t)off, buf, len);
    if (!user_range_ok(buf, len))   /* an initrd file: its bytes in place */
        return -EFAULT;
    n = (uint64_t)off < f->size ? f->size - (uint64_t)off : 0;
    if (n > len)
        n = len;
    if (n && copy_to_user(buf, f->data + off, n))
        return -EFAULT;
    return (int64_t)n;
}

int64_t
vfs_pwrite(struct file *f, uint64_t buf, uint64_t len, int64_t off)
{
    if (f->kind == FILE_CONSOLE || f->kind == FILE_PIPE_READ || f->kind == FILE_PIPE_WRITE)
        return -ESPIPE;
    if (off < 0)
        return -EINVAL;
    if (f->kind == FILE_NULL)
        return vfs_write(f, buf, len);
    if (f->kind != FILE_RAM || !writable(f))
        return -EBADF;
    if (f->flags & O_APPEND)        /* Linux appends, whatever the offset */
        off = (int64_t)ramfs_size(f->node);
    return ramfs_write(f->node, (uint64_t)off, buf, len);
}

void
vfs_release(struct file *f)
{
    if (f->kind == FILE_PIPE_READ || f->kind == FILE_PIPE_WRITE)
        pipe_close_end(f->pipe, f->kind == FILE_PIPE_WRITE);
    else if (f->kind == FILE_RAM || f->kind == FILE_RAMDIR)
        ramfs_release(f->node);
}

/* An initrd file's inode number: a hash of its path (FNV-1a), never 0. */
static uint64_t
path_ino(const char *path)
{
    uint64_t h = 0xcbf29ce484222325UL;
    size_t n = strlen(path);

    if (n > 1 && path[n - 1] == '/')
        n--;                        /* "/bin/" is "/bin" */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)path[i]) * 0x100000001b3UL;
    return h ? h : 1;
}

static void
initrd_stat_fill(const char *path, int dir, uint64_t size, struct stat *st)
{
    memset(st, 0, sizeof(*st));
    st->st_dev = INITRD_DEV;
    st->st_ino = path_ino(path);
    st->st_nlink = dir ? 2 : 1;
    st->st_mode = (dir ? S_IFDIR : S_IFREG) | 0755;
    st->st_size = (int64_t)size;
    st->st_blksize = PAGE_SIZE;
    st->st_blocks = (int64_t)((size + 511) / 512);
    st->st_atim.tv_sec = st->st_mtim.tv_sec = st->st_ctim.tv_sec = REALTIME_EPOCH;
}

/* /dev/null: a character device, 1:3 as on Linux. */
static void
null_stat(struct stat *st)
{
    memset(st, 0, sizeof(*st));
    st->st_dev = CONSOLE_DEV, st->st_ino = 2, st->st_nlink = 1;
    st->st_mode = S_IFCHR | 0666;
    st->st_rdev = (1 << 8) | 3;
    st->st_blksize = PAGE_SIZE;
}

void
vfs_stat(const struct file *f, struct stat *st)
{
    memset(st, 0, sizeof(*st));
    st->st_blksize = PAGE_SIZE;
    switch ((int)f->kind) {
    case FILE_CONSOLE:
        st->st_dev = CONSOLE_DEV, st->st_ino = 1, st->st_nlink = 1;
        st->st_mode = S_IFCHR | 0620;
        st->st_rdev = CONSOLE_RDEV;
        break;
    case FILE_PIPE_READ:
    case FILE_PIPE_WRITE:
        st->st_dev = PIPE_DEV, st->st_ino = pipe_id(f->pipe), st->st_nlink = 1;
        st->st_mode = S_IFIFO | 0600;
        break;
    case FILE_RAM:
    case FILE_RAMDIR:
        ramfs_stat(f->node, st);
        break;
    case FILE_NULL:
        null_stat(st);
        break;
    default:
        initrd_stat_fill(f->path, f->kind == FILE_DIR, f->size, st);
    }
}

int
vfs_stat_path(const char *abs, struct stat *st)
{
    const char *rel = path_in_tmp(abs);
    struct initrd_stat ist;
    int node, err;

    if (strcmp(abs, DEV_NULL) == 0) {
        null_stat(st);
        return 0;
    }
    if (rel) {
        if ((err = ramfs_lookup(rel, &node)))
            return err;
        ramfs_stat(node, st);
        return 0;
    }
    if ((err = file_resolve(abs, O_RDONLY, &ist)))
        return err;
    initrd_stat_fill(abs, ist.type == INITRD_DIR, ist.size, st);
    return 0;
}

short
vfs_poll(struct file *f, short events)
{
    short r;

    switch ((int)f->kind) {
    case FILE_CONSOLE:
        r = (short)((serial_can_read() ? POLLIN | POLLRDNORM : 0) | POLLOUT | POLLWRNORM);
        break;
    case FILE_PIPE_READ:
    case FILE_PIPE_WRITE:
        r = pipe_poll(f->pipe, f->kind == FILE_PIPE_WRITE);
        break;
    default:                        /* files never make anyone wait */
        r = POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM;
    }
    return (short)(r & (events | POLLERR | POLLHUP));
}

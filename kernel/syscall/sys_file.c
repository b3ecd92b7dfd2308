/* sys_file.c — open, read, lseek, getdents64 and close on the initrd (lab 4).
 *
 * The initrd (fs/initrd.h) is a read-only file system: open() finds a path
 * in it (there is no working directory: "bin/ls" is "/bin/ls"), checks the
 * flags the way Linux checks them on a read-only mount (file_resolve), and
 * puts a new struct file (fs/file.h) at the lowest free fd. read() copies
 * from the file's bytes, in place in the archive, at the file's position;
 * getdents64() lists a directory in struct linux_dirent64 records.
 *
 * Every user pointer goes through copy_*_user (mm/usercopy.h): a bad one
 * gives -EFAULT, never a fault in the kernel. */
#include "syscall/handlers.h"
#include "fs/file.h"
#include "fs/initrd.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/usercopy.h"
#include "proc/process.h"
#include "ringlab/abi.h"
#include "syscall/syscall.h"
#if RINGLAB_LAB >= 6
#include "fs/path.h"
#include "fs/ramfs.h"
#include "fs/vfs.h"
#endif

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

/* The longest record getdents64 can make: a name of INITRD_PATH_MAX - 1. */
#define DIRENT_MAX ((offsetof(struct linux_dirent64, d_name) + INITRD_PATH_MAX + 7) & ~7UL)

int64_t
sys_open(struct trap_frame *tf)
{
#if RINGLAB_LAB >= 6
    return file_openat(AT_FDCWD, syscall_arg(tf, 1), (int)syscall_arg(tf, 2),
                       (unsigned)syscall_arg(tf, 3));   /* /tmp, the cwd (sys_file_at.c) */
#endif
    char path[INITRD_PATH_MAX];
    int flags = (int)syscall_arg(tf, 2);    /* the mode (arg 3): nothing is created */
    struct initrd_stat st;
    struct file *f;
    long err = copy_string_from_user(path, syscall_arg(tf, 1), sizeof(path));

    if (err < 0)
        return err;                         /* -EFAULT, -ENAMETOOLONG */
    if ((err = file_resolve(path, flags, &st)))
        return err;
    if (!(f = file_alloc()))
        return -ENFILE;                     /* every open file of the system is in use */
    f->kind = st.type == INITRD_DIR ? FILE_DIR : FILE_REGULAR;
    f->data = st.data;
    f->size = st.size;
    strlcpy(f->path, path, sizeof(f->path));
    return fd_install(current_process(), f);    /* the fd, or -EMFILE */
}

int64_t
sys_close(struct trap_frame *tf)
{
    return fd_close(current_process(), (int)syscall_arg(tf, 1));
}

int64_t
file_read(struct file *f, uint64_t buf, uint64_t len)
{
    uint64_t n = f->pos < f->size ? f->size - f->pos : 0;

#if RINGLAB_LAB >= 6
    if (f->kind > FILE_DIR)
        return vfs_read(f, buf, len);       /* a pipe, a /tmp file (fs/vfs.c) */
#endif
    if (f->kind == FILE_DIR)
        return -EISDIR;
    if (!user_range_ok(buf, len))
        return -EFAULT;
    if (n > len)
        n = len;
    if (n == 0)
        return 0;                           /* at (or past) the end */
    if (copy_to_user(buf, f->data + f->pos, n))
        return -EFAULT;                     /* the position stays */
    f->pos += n;
    return (int64_t)n;
}

/* A file's new position: SEEK_SET, SEEK_CUR or SEEK_END plus off, never
 * negative (past the end is allowed: reads there return 0). A directory's
 * position is a cookie: only SEEK_SET to one that getdents64 gave as d_off
 * (or 0, the start), or SEEK_CUR 0 to read it, make sense. */
int64_t
sys_lseek(struct trap_frame *tf)
{
    struct file *f = fd_get(current_process(), (int)syscall_arg(tf, 1));
    int64_t off = (int64_t)syscall_arg(tf, 2), base;
    int whence = (int)syscall_arg(tf, 3);

    if (!f)
        return -EBADF;
    if (f->kind == FILE_CONSOLE)
        return -ESPIPE;
#if RINGLAB_LAB >= 6
    if (f->kind > FILE_DIR)
        return vfs_lseek(f, off, whence);   /* a pipe, a /tmp node (fs/vfs.c) */
#endif
    if (whence == SEEK_SET)
        base = 0;
    else if (whence == SEEK_CUR)
        base = (int64_t)f->pos;
    else if (whence == SEEK_END && f->kind == FILE_REGULAR)
        base = (int64_t)f->size;
    else
        return -EINVAL;
    if (off < -base || (off > 0 && base > INT64_MAX - off))
        return -EINVAL;                     /* negative, or overflows */
    f->pos = (uint64_t)(base + off);
    return (int64_t)f->pos;
}

/* Fills the user buffer with as many whole records as fit, from the
 * directory's position on, and moves the position past them. Returns the
 * bytes used; 0 at the end of the directory. */
int64_t
sys_getdents64(struct trap_frame *tf)
{
    struct file *f = fd_get(current_process(), (int)syscall_arg(tf, 1));
    uint64_t buf = syscall_arg(tf, 2), room = syscall_arg(tf, 3), used = 0;
    char record[DIRENT_MAX] __attribute__((aligned(8)));
    char name[INITRD_PATH_MAX];
    enum initrd_type type;

    if (!f)
        return -EBADF;
#if RINGLAB_LAB >= 6
    if (f->kind == FILE_RAMDIR)
        return ramfs_getdents(f, buf, room);    /* a directory of /tmp (fs/ramfs.c) */
#endif
    if (f->kind != FILE_DIR)
        return -ENOTDIR;
    if (!user_range_ok(buf, room))
        return -EFAULT;
    for (;;) {
        size_t pos = f->pos, n;
        int r = initrd_readdir(f->path, &pos, name, sizeof(name), &type);
        if (r < 0 && !used)
            return r;
        if (r <= 0)
            break;                          /* the end (or an error after some) */
        n = dirent_pack(record, room - used < DIRENT_MAX ? room - used : DIRENT_MAX,
                        pos, (int64_t)pos, type == INITRD_DIR ? DT_DIR : DT_REG, name);
        if (n == 0 && !used)
            return -EINVAL;                 /* too small for even one record */
        if (n == 0)
            break;                          /* the next call returns it */
        if (copy_to_user(buf + used, record, n))
            return -EFAULT;
        used += n;
        f->pos = pos;                       /* d_ino and d_off: the cookie after it */
    }
    return (int64_t)used;
}

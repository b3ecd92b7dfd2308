/* file.c — open files, fd tables, and open()'s checks (see file.h).
 *
 * One CPU, and interrupts are off in every syscall: nothing else runs
 * while a reference count or an fd table changes, so no lock. */
#include "fs/file.h"
#include "lib/string.h"
#include "proc/process.h"
#include "ringlab/abi.h"
#include "ringlab/errno_numbers.h"
#if RINGLAB_LAB >= 6
#include "fs/vfs.h"
#endif

static struct file pool[FILE_POOL];

/* The console: fds 0, 1, 2 of every process. Its count starts at 1, the
 * kernel's own reference, so it never drops to 0 and is never freed. */
static struct file console = { .refs = 1, .kind = FILE_CONSOLE };

struct file *
file_alloc(void)
{
    for (int i = 0; i < FILE_POOL; i++) {
        if (pool[i].refs == 0) {
            memset(&pool[i], 0, sizeof(pool[i]));
            pool[i].refs = 1;
            return &pool[i];
        }
    }
    return NULL;
}

static struct file *
file_get(struct file *f)
{
    f->refs++;
    return f;
}

void
file_put(struct file *f)
{
    f->refs--;                      /* at 0 a pool entry is free again */
#if RINGLAB_LAB >= 6
    if (f->refs == 0)
        vfs_release(f);             /* a pipe end, a /tmp node (fs/vfs.c) */
#endif
}

void
files_init_console(struct process *p)
{
    for (int fd = 0; fd < 3; fd++) {
        if (p->files[fd])
            file_put(p->files[fd]);
        p->files[fd] = file_get(&console);
    }
}

void
files_clone(struct process *child, const struct process *parent)
{
    for (int fd = 0; fd < NFILE; fd++)
        child->files[fd] = parent->files[fd] ? file_get(parent->files[fd]) : NULL;
}

void
files_close_all(struct process *p)
{
    for (int fd = 0; fd < NFILE; fd++)
        fd_close(p, fd);
}

struct file *
fd_get(struct process *p, int fd)
{
    return fd >= 0 && fd < NFILE ? p->files[fd] : NULL;
}

int
fd_install(struct process *p, struct file *f)
{
    for (int fd = 0; fd < NFILE; fd++) {
        if (!p->files[fd]) {
            p->files[fd] = f;
#if RINGLAB_LAB >= 6
            p->fs.cloexec &= ~(1u << fd);   /* a new fd is kept across exec */
#endif
            return fd;
        }
    }
    file_put(f);
    return -EMFILE;
}

int
fd_close(struct process *p, int fd)
{
    struct file *f = fd_get(p, fd);

    if (!f)
        return -EBADF;
    p->files[fd] = NULL;
    file_put(f);
    return 0;
}

/* Does the open ask to change the file? (O_TRUNC does, even read-only.) */
static int
wants_write(int flags)
{
    return (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);
}

/* Why path is not in the initrd: a directory on the way is a file
 * (-ENOTDIR) or missing (-ENOENT); else only the last name is missing,
 * and O_CREAT would make it, which a read-only file system refuses. */
static int
missing(const char *path, int flags)
{
    char prefix[INITRD_PATH_MAX];
    struct initrd_stat st;

    for (size_t i = 1; path[i]; i++) {
        if (path[i] != '/')
            continue;
        memcpy(prefix, path, i);
        prefix[i] = '\0';
        if (initrd_lookup(prefix, &st) < 0)
            return -ENOENT;
        if (st.type == INITRD_FILE)
            return -ENOTDIR;
    }
    return (flags & O_CREAT) ? -EROFS : -ENOENT;
}

/* The order of the checks is Linux's (fs/namei.c, do_open and may_open):
 * find the path, then O_EXCL, then what kind of file it is, then the
 * access wanted (O_TRUNC counts as writing). */
int
file_resolve(const char *path, int flags, struct initrd_stat *st)
{
    size_t n = strnlen(path, INITRD_PATH_MAX);
    int err;

    if (n == 0)
        return -ENOENT;                 /* "" names nothing (not the root) */
    if (n == INITRD_PATH_MAX)
        return -ENAMETOOLONG;
    if ((err = initrd_lookup(path, st)) == -ENOENT)
        return missing(path, flags);
    if (err)
        return err;
    if (st->type == INITRD_FILE && path[n - 1] == '/')
        return -ENOTDIR;                /* "file/": a file where a directory must be */
    if ((flags & O_CREAT) && (flags & O_EXCL))
        return -EEXIST;
    if (st->type == INITRD_DIR)
        return (flags & O_CREAT) || wants_write(flags) ? -EISDIR : 0;
    if (flags & O_DIRECTORY)
        return -ENOTDIR;
    return wants_write(flags) ? -EROFS : 0;
}

/* A record is the fixed header, the name and its NUL, padded to 8 bytes:
 *
 *   d_ino (8) | d_off (8) | d_reclen (2) | d_type (1) | d_name ... \0 | pad
 */
size_t
dirent_pack(void *buf, size_t room, uint64_t ino, int64_t next_off, uint8_t type,
            const char *name)
{
    struct linux_dirent64 *d = buf;
    size_t len = strlen(name);
    size_t reclen = (offsetof(struct linux_dirent64, d_name) + len + 1 + 7) & ~(size_t)7;

    if (reclen > room)
        return 0;
    memset(d, 0, reclen);
    d->d_ino = ino;
    d->d_off = next_off;
    d->d_reclen = (uint16_t)reclen;
    d->d_type = type;
    memcpy(d->d_name, name, len + 1);
    return reclen;
}

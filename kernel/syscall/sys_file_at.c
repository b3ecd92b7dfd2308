/* sys_file_at.c — the path calls of the full kernel: openat, stat and its
 * family, access, readlink, the working directory, unlink, mkdir, rename;
 * and pread64, pwrite64, readv.
 *
 * Every path goes through path_from_user (fs/path.h): relative to the
 * working directory or a dirfd, made absolute; then it names a node of
 * /tmp (fs/ramfs.h, writable) or of the initrd (read-only: a change there
 * is -EROFS, as on a read-only mount). */
#include "syscall/handlers.h"
#include "arch/x86_64/memlayout.h"
#include "fs/file.h"
#include "fs/path.h"
#include "fs/ramfs.h"
#include "fs/vfs.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/usercopy.h"
#include "proc/process.h"
#include "ringlab/abi.h"
#include "syscall/syscall.h"

#define IOV_MAX 1024
#define PROC_SELF_EXE "/proc/self/exe"

static int
wants_write(int flags)
{
    return (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);
}

static int
free_fd_exists(struct process *p)
{
    for (int fd = 0; fd < NFILE; fd++)
        if (!p->files[fd])
            return 1;
    return 0;
}

/* open()'s checks in /tmp, in Linux's order; creates the file for O_CREAT. */
static int
open_tmp(const char *rel, int flags, unsigned mode, int *node)
{
    int err = ramfs_lookup(rel, node);

    if (err == -ENOENT && (flags & O_CREAT))
        return ramfs_create(rel, 0, mode & ~current_process()->fs.umask & 07777, node);
    if (err)
        return err;
    if ((flags & O_CREAT) && (flags & O_EXCL))
        return -EEXIST;
    if (ramfs_is_dir(*node))
        return (flags & O_CREAT) || wants_write(flags) ? -EISDIR : 0;
    if (flags & O_DIRECTORY)
        return -ENOTDIR;
    if ((flags & O_TRUNC) && (flags & O_ACCMODE) != O_RDONLY)
        ramfs_truncate(*node, 0);
    return 0;
}

/* /dev/null, the one device: any flags but O_DIRECTORY (O_CREAT and
 * O_TRUNC do nothing to it). */
static int64_t
open_null(struct process *p, int flags)
{
    struct file *f;
    int fd;

    if (flags & O_DIRECTORY)
        return -ENOTDIR;
    if (!(f = file_alloc()))
        return -ENFILE;
    f->kind = FILE_NULL;
    strlcpy(f->path, DEV_NULL, sizeof(f->path));
    f->flags = flags & (O_ACCMODE | O_APPEND | O_NONBLOCK);
    fd = fd_install(p, f);
    if (fd >= 0 && (flags & O_CLOEXEC))
        p->fs.cloexec |= 1u << fd;
    return fd;
}

int64_t
file_openat(int dirfd, uint64_t user_path, int flags, unsigned mode)
{
    struct process *p = current_process();
    char path[FS_PATH_MAX];
    struct initrd_stat st;
    const char *rel;
    struct file *f;
    int node = 0, fd, err = path_from_user(dirfd, user_path, path, sizeof(path));

    if (err)
        return err;
    if (!free_fd_exists(p))
        return -EMFILE;                 /* before anything is created */
    if (strcmp(path, DEV_NULL) == 0)
        return open_null(p, flags);
    rel = path_in_tmp(path);
    if ((err = rel ? open_tmp(rel, flags, mode, &node) : file_resolve(path, flags, &st)))
        return err;
    if (!(f = file_alloc()))
        return -ENFILE;
    if (rel) {
        f->kind = ramfs_is_dir(node) ? FILE_RAMDIR : FILE_RAM;
        f->node = node;
        ramfs_hold(node);
    } else {
        f->kind = st.type == INITRD_DIR ? FILE_DIR : FILE_REGULAR;
        f->data = st.data;
        f->size = st.size;
    }
    strlcpy(f->path, path, sizeof(f->path));
    f->flags = flags & (O_ACCMODE | O_APPEND | O_NONBLOCK);
    fd = fd_install(p, f);
    if (fd >= 0 && (flags & O_CLOEXEC))
        p->fs.cloexec |= 1u << fd;
    return fd;
}

/* openat(dirfd, path, flags, mode) */
int64_t
sys_openat(struct trap_frame *tf)
{
    return file_openat((int)syscall_arg(tf, 1), syscall_arg(tf, 2), (int)syscall_arg(tf, 3),
                       (unsigned)syscall_arg(tf, 4));
}

/* stat of dirfd + path, as fstatat's flags say. */
static int
stat_at(int dirfd, uint64_t user_path, int flags, struct stat *st)
{
    struct process *p = current_process();
    char in[FS_PATH_MAX], path[FS_PATH_MAX];
    long len;
    int err;

    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
        return -EINVAL;
    if ((len = copy_string_from_user(in, user_path, sizeof(in))) < 0)
        return (int)len;
    if (len == 0 && (flags & AT_EMPTY_PATH)) {      /* dirfd itself */
        struct file *f = fd_get(p, dirfd);
        if (dirfd == AT_FDCWD)
            return vfs_stat_path(p->fs.cwd, st);
        if (!f)
            return -EBADF;
        vfs_stat(f, st);
        return 0;
    }
    if ((err = path_absolute(p, dirfd, in, path, sizeof(path))))
        return err;
    return vfs_stat_path(path, st);
}

static int64_t
stat_out(int err, const struct stat *st, uint64_t user_buf)
{
    return err ? err : copy_to_user(user_buf, st, sizeof(*st));
}

/* newfstatat(dirfd, path, statbuf, flags) */
int64_t
sys_newfstatat(struct trap_frame *tf)
{
    struct stat st;
    int err = stat_at((int)syscall_arg(tf, 1), syscall_arg(tf, 2), (int)syscall_arg(tf, 4), &st);

    return stat_out(err, &st, syscall_arg(tf, 3));
}

/* stat(path, statbuf) and lstat (no symbolic links: the same) */
int64_t
sys_stat(struct trap_frame *tf)
{
    struct stat st;
    int err = stat_at(AT_FDCWD, syscall_arg(tf, 1), 0, &st);

    return stat_out(err, &st, syscall_arg(tf, 2));
}

int64_t
sys_fstat(struct trap_frame *tf)
{
    struct file *f = fd_get(current_process(), (int)syscall_arg(tf, 1));
    struct stat st;

    if (!f)
        return -EBADF;
    vfs_stat(f, &st);
    return copy_to_user(syscall_arg(tf, 2), &st, sizeof(st));
}

/* statx(dirfd, path, flags, mask, buf): stat's answers in struct statx,
 * all of STATX_BASIC_STATS whatever the mask asks (Linux may fill more
 * than asked, never less of what it has); no birth time. */
int64_t
sys_statx(struct trap_frame *tf)
{
    int flags = (int)syscall_arg(tf, 3);
    uint32_t mask = (uint32_t)syscall_arg(tf, 4);
    struct statx sx;
    struct stat st;
    int err;

    if (mask & STATX__RESERVED)
        return -EINVAL;
    if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
        return -EINVAL;
    if ((err = stat_at((int)syscall_arg(tf, 1), syscall_arg(tf, 2), flags & ~AT_STATX_SYNC_TYPE,
                       &st)))
        return err;
    memset(&sx, 0, sizeof(sx));
    sx.stx_mask = STATX_BASIC_STATS;
    sx.stx_blksize = (uint32_t)st.st_blksize;
    sx.stx_nlink = (uint32_t)st.st_nlink;
    sx.stx_mode = (uint16_t)st.st_mode;
    sx.stx_ino = st.st_ino, sx.stx_size = (uint64_t)st.st_size;
    sx.stx_blocks = (uint64_t)st.st_blocks;
    sx.stx_atime.tv_sec = st.st_atim.tv_sec, sx.stx_mtime.tv_sec = st.st_mtim.tv_sec;
    sx.stx_ctime.tv_sec = st.st_ctim.tv_sec;
    sx.stx_rdev_major = (uint32_t)(st.st_rdev >> 8), sx.stx_rdev_minor = st.st_rdev & 0xff;
    sx.stx_dev_major = (uint32_t)(st.st_dev >> 8), sx.stx_dev_minor = st.st_dev & 0xff;
    return copy_to_user(syscall_arg(tf, 5), &sx, sizeof(sx));
}

/* The caller is root: R and W need no permission bit; X needs one (or a
 * directory). Writing to the initrd is -EROFS. */
static int64_t
access_at(int dirfd, uint64_t user_path, int mode)
{
    char path[FS_PATH_MAX];
    struct stat st;
    int err;

    if (mode & ~(R_OK | W_OK | X_OK))
        return -EINVAL;
    if ((err = path_from_user(dirfd, user_path, path, sizeof(path))) ||
        (err = vfs_stat_path(path, &st)))
        return err;
    if ((mode & W_OK) && !path_in_tmp(path))
        return -EROFS;
    if ((mode & X_OK) && (st.st_mode & S_IFMT) != S_IFDIR && !(st.st_mode & 0111))
        return -EACCES;
    return 0;
}

int64_t
sys_access(struct trap_frame *tf)
{
    return access_at(AT_FDCWD, syscall_arg(tf, 1), (int)syscall_arg(tf, 2));
}

/* faccessat(dirfd, path, mode): the system call has no flags argument
 * (libc's flags go to faccessat2). */
int64_t
sys_faccessat(struct trap_frame *tf)
{
    return access_at((int)syscall_arg(tf, 1), syscall_arg(tf, 2), (int)syscall_arg(tf, 3));
}

/* faccessat2(dirfd, path, mode, flags): AT_EACCESS (the effective ids:
 * the same root here) and AT_SYMLINK_NOFOLLOW (no links) change nothing;
 * AT_EMPTY_PATH (Linux 5.8's, for the dirfd itself) is -EINVAL here. */
int64_t
sys_faccessat2(struct trap_frame *tf)
{
    if (syscall_arg(tf, 4) & ~(uint64_t)(AT_EACCESS | AT_SYMLINK_NOFOLLOW))
        return -EINVAL;
    return access_at((int)syscall_arg(tf, 1), syscall_arg(tf, 2), (int)syscall_arg(tf, 3));
}

/* ftruncate(fd, length): a /tmp file open for writing, cut or extended
 * with zeros (extended sparsely: the frames come with the first write).
 * Anything else, or a negative length, is -EINVAL, as Linux. */
int64_t
sys_ftruncate(struct trap_frame *tf)
{
    struct file *f = fd_get(current_process(), (int)syscall_arg(tf, 1));
    int64_t length = (int64_t)syscall_arg(tf, 2);

    if (!f)
        return -EBADF;
    if (length < 0 || f->kind != FILE_RAM || (f->flags & O_ACCMODE) == O_RDONLY)
        return -EINVAL;
    if ((uint64_t)length > RAMFS_FILE_PAGES * PAGE_SIZE)
        return -EFBIG;
    ramfs_truncate(f->node, (uint64_t)length);
    return 0;
}

/* truncate(path, length): as ftruncate, by name; in the initrd -EROFS. */
int64_t
sys_truncate(struct trap_frame *tf)
{
    int64_t length = (int64_t)syscall_arg(tf, 2);
    char path[FS_PATH_MAX];
    struct stat st;
    const char *rel;
    int node, err;

    if ((err = path_from_user(AT_FDCWD, syscall_arg(tf, 1), path, sizeof(path))))
        return err;
    if (!(rel = path_in_tmp(path)))
        return (err = vfs_stat_path(path, &st)) ? err :
               (st.st_mode & S_IFMT) == S_IFDIR ? -EISDIR : -EROFS;
    if ((err = ramfs_lookup(rel, &node)))
        return err;
    if (ramfs_is_dir(node))
        return -EISDIR;
    if (length < 0)
        return -EINVAL;
    if ((uint64_t)length > RAMFS_FILE_PAGES * PAGE_SIZE)
        return -EFBIG;
    ramfs_truncate(node, (uint64_t)length);
    return 0;
}

/* The one symbolic link there is: /proc/self/exe, the program's path.
 * Anything else that exists is not a link (-EINVAL). The result has no
 * NUL and is cut to bufsiz, as on Linux. */
static int64_t
readlink_at(int dirfd, uint64_t user_path, uint64_t buf, int64_t bufsiz)
{
    struct process *p = current_process();
    char path[FS_PATH_MAX];
    struct stat st;
    size_t n;
    int err;

    if ((int)bufsiz <= 0)
        return -EINVAL;
    if ((err = path_from_user(dirfd, user_path, path, sizeof(path))))
        return err;
    if (strcmp(path, PROC_SELF_EXE)) {
        err = vfs_stat_path(path, &st);
        return err ? err : -EINVAL;
    }
    n = strlen(p->fs.exe);
    if (n > (size_t)(int)bufsiz)
        n = (size_t)(int)bufsiz;
    return copy_to_user(buf, p->fs.exe, n) ? -EFAULT : (int64_t)n;
}

int64_t
sys_readlink(struct trap_frame *tf)
{
    return readlink_at(AT_FDCWD, syscall_arg(tf, 1), syscall_arg(tf, 2),
                       (int64_t)syscall_arg(tf, 3));
}

int64_t
sys_readlinkat(struct trap_frame *tf)
{
    return readlink_at((int)syscall_arg(tf, 1), syscall_arg(tf, 2), syscall_arg(tf, 3),
                       (int64_t)syscall_arg(tf, 4));
}

/* getcwd(buf, size): the length with its NUL, or -ERANGE if it does not fit. */
int64_t
sys_getcwd(struct trap_frame *tf)
{
    const char *cwd = current_process()->fs.cwd;
    size_t n = strlen(cwd) + 1;

    if (syscall_arg(tf, 2) < n)
        return -ERANGE;
    return copy_to_user(syscall_arg(tf, 1), cwd, n) ? -EFAULT : (int64_t)n;
}

/* The working directory becomes path (without its trailing '/'). */
static int64_t
change_dir(const char *path)
{
    struct process *p = current_process();
    struct stat st;
    size_t n;
    int err = vfs_stat_path(path, &st);

    if (err)
        return err;
    if ((st.st_mode & S_IFMT) != S_IFDIR)
        return -ENOTDIR;
    n = strlcpy(p->fs.cwd, path, sizeof(p->fs.cwd));
    if (n > 1 && p->fs.cwd[n - 1] == '/')
        p->fs.cwd[n - 1] = '\0';
    return 0;
}

int64_t
sys_chdir(struct trap_frame *tf)
{
    char path[FS_PATH_MAX];
    int err = path_from_user(AT_FDCWD, syscall_arg(tf, 1), path, sizeof(path));

    return err ? err : change_dir(path);
}

int64_t
sys_fchdir(struct trap_frame *tf)
{
    struct file *f = fd_get(current_process(), (int)syscall_arg(tf, 1));
    char path[FS_PATH_MAX];

    if (!f)
        return -EBADF;
    if (f->kind == FILE_RAMDIR && ramfs_node_path(f->node, path, sizeof(path)) == 0)
        return change_dir(path);
    if (f->kind == FILE_DIR)
        return change_dir(f->path);
    return -ENOTDIR;
}

/* A change the read-only initrd refuses: -EROFS if the directory that
 * would hold `path` exists (Linux looks that far, then asks the mount),
 * else why it does not. `exists`: -EEXIST if path itself does (mkdir). */
static int64_t
initrd_refuses(const char *path, int exists)
{
    char parent[FS_PATH_MAX];
    struct stat st;
    size_t n = strlcpy(parent, path, sizeof(parent));

    if (exists && vfs_stat_path(path, &st) == 0)
        return -EEXIST;
    while (n > 1 && parent[n - 1] == '/')
        parent[--n] = '\0';
    while (n > 1 && parent[n - 1] != '/')
        parent[--n] = '\0';
    int err = vfs_stat_path(parent, &st);
    return err ? err : -EROFS;
}

static int64_t
unlink_at(int dirfd, uint64_t user_path, int flags)
{
    char path[FS_PATH_MAX];
    const char *rel;
    int err;

    if (flags & ~AT_REMOVEDIR)
        return -EINVAL;
    if ((err = path_from_user(dirfd, user_path, path, sizeof(path))))
        return err;
    if ((rel = path_in_tmp(path)))
        return ramfs_remove(rel, flags & AT_REMOVEDIR);
    return initrd_refuses(path, 0);
}

int64_t
sys_unlink(struct trap_frame *tf)
{
    return unlink_at(AT_FDCWD, syscall_arg(tf, 1), 0);
}

int64_t
sys_rmdir(struct trap_frame *tf)
{
    return unlink_at(AT_FDCWD, syscall_arg(tf, 1), AT_REMOVEDIR);
}

int64_t
sys_unlinkat(struct trap_frame *tf)
{
    return unlink_at((int)syscall_arg(tf, 1), syscall_arg(tf, 2), (int)syscall_arg(tf, 3));
}

static int64_t
mkdir_at(int dirfd, uint64_t user_path, unsigned mode)
{
    char path[FS_PATH_MAX];
    const char *rel;
    int node, err;

    if ((err = path_from_user(dirfd, user_path, path, sizeof(path))))
        return err;
    if ((rel = path_in_tmp(path)))
        return ramfs_create(rel, 1, mode & ~current_process()->fs.umask & 01777, &node);
    return initrd_refuses(path, 1);
}

int64_t
sys_mkdir(struct trap_frame *tf)
{
    return mkdir_at(AT_FDCWD, syscall_arg(tf, 1), (unsigned)syscall_arg(tf, 2));
}

int64_t
sys_mkdirat(struct trap_frame *tf)
{
    return mkdir_at((int)syscall_arg(tf, 1), syscall_arg(tf, 2), (unsigned)syscall_arg(tf, 3));
}

/* Within /tmp only: from the initrd (or into it) is -EXDEV if the source
 * exists, as between two mounts; within the initrd, -EROFS. */
static int64_t
rename_at(int olddir, uint64_t user_old, int newdir, uint64_t user_new)
{
    char from[FS_PATH_MAX], to[FS_PATH_MAX];
    const char *a, *b;
    struct stat st;
    int err;

    if ((err = path_from_user(olddir, user_old, from, sizeof(from))) ||
        (err = path_from_user(newdir, user_new, to, sizeof(to))))
        return err;
    a = path_in_tmp(from), b = path_in_tmp(to);
    if (a && b)
        return ramfs_rename(a, b);
    if ((err = vfs_stat_path(from, &st)))
        return err;
    return a || b ? -EXDEV : -EROFS;
}

int64_t
sys_rename(struct trap_frame *tf)
{
    return rename_at(AT_FDCWD, syscall_arg(tf, 1), AT_FDCWD, syscall_arg(tf, 2));
}

int64_t
sys_renameat(struct trap_frame *tf)
{
    return rename_at((int)syscall_arg(tf, 1), syscall_arg(tf, 2), (int)syscall_arg(tf, 3),
                     syscall_arg(tf, 4));
}

/* pread64(fd, buf, count, offset) and pwrite64: the position stays. */
int64_t
sys_pread64(struct trap_frame *tf)
{
    struct file *f = fd_get(current_process(), (int)syscall_arg(tf, 1));

    if (!f)
        return -EBADF;
    return vfs_pread(f, syscall_arg(tf, 2), syscall_arg(tf, 3), (int64_t)syscall_arg(tf, 4));
}

int64_t
sys_pwrite64(struct trap_frame *tf)
{
    struct file *f = fd_get(current_process(), (int)syscall_arg(tf, 1));

    if (!f)
        return -EBADF;
    return vfs_pwrite(f, syscall_arg(tf, 2), syscall_arg(tf, 3), (int64_t)syscall_arg(tf, 4));
}

/* readv(fd, iov, iovcnt): read() into each buffer in turn, until one
 * comes back short. Every iovec is checked first, as Linux does. */
int64_t
sys_readv(struct trap_frame *tf)
{
    uint64_t iov = syscall_arg(tf, 2), count = syscall_arg(tf, 3);
    struct trap_frame one = *tf;
    int64_t total = 0, r;
    struct iovec v;

    if (!fd_get(current_process(), (int)syscall_arg(tf, 1)))
        return -EBADF;
    if ((total = vfs_iov_check(iov, count)) < 0)
        return total;
    total = 0;
    for (uint64_t i = 0; i < count; i++) {
        if (copy_from_user(&v, iov + i * sizeof(v), sizeof(v)))
            return total ? total : -EFAULT;
        if (v.iov_len == 0)
            continue;
        one.rsi = (uint64_t)v.iov_base, one.rdx = v.iov_len;   /* read(fd, base, len) */
        if ((r = sys_read(&one)) < 0)
            return total ? total : r;
        total += r;
        if ((uint64_t)r < v.iov_len)
            break;
    }
    return total;
}

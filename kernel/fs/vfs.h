/* vfs.h — what each kind of open file does, for the full kernel's kinds
 * (fs/file.h): pipe ends (fs/pipe.h) and /tmp's files and directories
 * (fs/ramfs.h), beside lab 4's console and initrd files.
 *
 * Lab 4's read, write, lseek and getdents64 handle the console and the
 * initrd themselves and hand every other kind to these (a one-line call
 * under `#if RINGLAB_LAB >= 6`). Errors are -errno. */
#ifndef RINGLAB_VFS_H
#define RINGLAB_VFS_H

#include <stdint.h>

struct file;
struct stat;

/* read/write at the file's position (kinds past FILE_DIR; write: any kind
 * but the console). */
int64_t vfs_read(struct file *f, uint64_t buf, uint64_t len);
int64_t vfs_write(struct file *f, uint64_t buf, uint64_t len);
/* An iovec array of `count` entries (readv, writev): every entry readable
 * and its buffer in the user half, the lengths' sum fits: that sum, or
 * -EINVAL / -EFAULT. */
int64_t vfs_iov_check(uint64_t iov, uint64_t count);
/* writev on a file that is not the console: every iovec checked first. */
int64_t vfs_writev(struct file *f, uint64_t iov, uint64_t count);
int64_t vfs_lseek(struct file *f, int64_t off, int whence);
/* pread64/pwrite64: at `off`, the position untouched. Any kind. */
int64_t vfs_pread(struct file *f, uint64_t buf, uint64_t len, int64_t off);
int64_t vfs_pwrite(struct file *f, uint64_t buf, uint64_t len, int64_t off);
/* The last reference to f is gone (file_put). */
void vfs_release(struct file *f);
/* fstat of any open file; stat of an absolute canonical path (0 or
 * -ENOENT, -ENOTDIR, -ENAMETOOLONG). */
void vfs_stat(const struct file *f, struct stat *st);
int vfs_stat_path(const char *abs, struct stat *st);
/* poll(): which of `events` (and POLLERR, POLLHUP) hold now. */
short vfs_poll(struct file *f, short events);

#endif

/* ramfs.h — /tmp: a small writable file system in RAM (full kernel).
 *
 * A fixed table of nodes, files and directories; node 0 is /tmp itself.
 * A file's bytes live in whole frames from the frame allocator, one per
 * 4 KiB of file, allocated as writes reach them; all files together may
 * hold RAMFS_BUDGET frames (1 MiB): past that a write is -ENOSPC. A node
 * unlinked while open lives on until its last close; then its frames go
 * back (memstat sees them come back).
 *
 * Paths here are relative to /tmp, as path_in_tmp gives them: "" (the
 * root), "a", "a/b", "a/" (a trailing '/': must be a directory). A node
 * is named by its index. Errors are -errno. */
#ifndef RINGLAB_RAMFS_H
#define RINGLAB_RAMFS_H

#include <stddef.h>
#include <stdint.h>

#define RAMFS_NODES       64        /* files and directories, /tmp included */
#define RAMFS_NAME_MAX    64        /* a name's length, with its NUL */
#define RAMFS_FILE_PAGES  512       /* a file: at most 2 MiB (-EFBIG), more than
                                       the budget, so a full /tmp is -ENOSPC first */
#define RAMFS_BUDGET      256       /* frames for every file's bytes together: room
                                       for a copy of a static glibc program */

struct file;
struct stat;

/* 0 and *node, or -ENOENT, -ENOTDIR. */
int ramfs_lookup(const char *rel, int *node);
/* A new file (dir = 0) or directory, with permission bits `mode`:
 * 0 and *node, or -EEXIST, -ENOENT, -ENOTDIR, -EISDIR (a file "a/"),
 * -ENAMETOOLONG, -ENOSPC (no free node). */
int ramfs_create(const char *rel, int dir, uint32_t mode, int *node);
/* unlink (dir = 0) or rmdir: -ENOENT, -ENOTDIR, -EISDIR, -ENOTEMPTY,
 * -EBUSY (/tmp itself). */
int ramfs_remove(const char *rel, int dir);
/* rename, replacing `to` if it exists (Linux's rules: -EISDIR, -ENOTDIR,
 * -ENOTEMPTY, -EINVAL for a directory into itself). */
int ramfs_rename(const char *from, const char *to);

int ramfs_is_dir(int node);
uint64_t ramfs_size(int node);
/* Open files naming the node: it lives until the last close. */
void ramfs_hold(int node);
void ramfs_release(int node);

/* read/write at pos, straight between the file's frames and user memory. */
int64_t ramfs_read(int node, uint64_t pos, uint64_t buf, uint64_t len);
int64_t ramfs_write(int node, uint64_t pos, uint64_t buf, uint64_t len);
/* The whole file (ramfs_size bytes) into kernel memory at dst: exec's
 * copy of a program stored here. */
void ramfs_read_all(int node, void *dst);
/* Cuts (or extends with zeros) the file to `size` bytes. */
void ramfs_truncate(int node, uint64_t size);
void ramfs_stat(int node, struct stat *st);
/* "/tmp/a/b", the node's absolute path (for a directory fd's openat). */
int ramfs_node_path(int node, char *out, size_t n);
/* getdents64 of a directory open as f: records from f->pos on. */
int64_t ramfs_getdents(struct file *f, uint64_t buf, uint64_t room);
/* Frames the file bytes hold now (tests, sysinfo). */
uint64_t ramfs_frames_used(void);

#endif

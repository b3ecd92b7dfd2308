/* file.h — open files, and each process's table of them (lab 4).
 *
 * A file descriptor is an index into the process's files[] (NFILE of them);
 * it names an open file, a struct file: the console, or a file or a
 * directory of the initrd, with its read position. fork copies the table,
 * not the files, so parent and child share each open file — and its
 * position — the way Linux shares an "open file description":
 *
 *   parent  files[0] files[1] files[2] files[3]
 *               \       |       /         |
 *                the console           "/bin/ls", pos 128, refs 2
 *               /       |       \         |
 *   child   files[0] files[1] files[2] files[3]
 *
 * So a struct file counts the fds that name it (refs), in all processes;
 * the last close frees it. There is one console file, never freed; the
 * others come from a small static pool. Nothing here touches user memory
 * (sys_file.c and sys_console.c do). Errors are -errno. */
#ifndef RINGLAB_FILE_H
#define RINGLAB_FILE_H

#include <stddef.h>
#include <stdint.h>
#include "fs/initrd.h"

#define FILE_POOL 64                /* open files, all processes together */

enum file_kind { FILE_CONSOLE = 1, FILE_REGULAR, FILE_DIR };
#if RINGLAB_LAB >= 6
/* The full kernel's other kinds (fs/vfs.h): pipe ends and /tmp's nodes. */
#define FILE_PIPE_READ  (FILE_DIR + 1)
#define FILE_PIPE_WRITE (FILE_DIR + 2)
#define FILE_RAM        (FILE_DIR + 3)
#define FILE_RAMDIR     (FILE_DIR + 4)
#define FILE_NULL       (FILE_DIR + 5)  /* /dev/null */
struct pipe;
#endif

struct file {
    int refs;                       /* fds naming it; 0: a free pool entry */
    enum file_kind kind;
    const uint8_t *data;            /* FILE_REGULAR: its bytes, in the initrd */
    uint64_t size;                  /* FILE_REGULAR: their number */
    uint64_t pos;                   /* FILE_REGULAR: where the next read starts;
                                       FILE_DIR: initrd_readdir's cookie */
    char path[INITRD_PATH_MAX];     /* FILE_DIR: what initrd_readdir lists */
#if RINGLAB_LAB >= 6
    int flags;                      /* O_ACCMODE, O_APPEND, O_NONBLOCK (fcntl F_GETFL) */
    struct pipe *pipe;              /* FILE_PIPE_*: the pipe */
    int node;                       /* FILE_RAM, FILE_RAMDIR: the /tmp node */
#endif
};

struct process;

/* The three the process core calls: at creation (fds 0, 1, 2 = the
 * console), in fork (the child shares every open file), at exit. */
void files_init_console(struct process *p);
void files_clone(struct process *child, const struct process *parent);
void files_close_all(struct process *p);

/* The open file behind fd, or NULL if fd is not open (or out of range). */
struct file *fd_get(struct process *p, int fd);
/* Puts f (a new reference) at the lowest free fd: that fd, or -EMFILE
 * (and f is released). */
int fd_install(struct process *p, struct file *f);
/* 0, or -EBADF. */
int fd_close(struct process *p, int fd);

/* A fresh pool entry with refs 1, zeroed, or NULL if all are in use. */
struct file *file_alloc(void);
/* Drops one reference; the last one frees a pool entry. */
void file_put(struct file *f);

/* open()'s decision for a path of the (read-only) initrd and open flags:
 * 0 and *st, or -ENOENT, -ENOTDIR, -EISDIR (a directory opened for
 * writing), -EROFS (a file opened for writing, or created), -EEXIST
 * (O_CREAT|O_EXCL), -ENAMETOOLONG. */
int file_resolve(const char *path, int flags, struct initrd_stat *st);

/* Writes one struct linux_dirent64 for `name` into buf[0..room): returns
 * its d_reclen (a multiple of 8), or 0 if it does not fit. */
size_t dirent_pack(void *buf, size_t room, uint64_t ino, int64_t next_off,
                   uint8_t type, const char *name);

#endif

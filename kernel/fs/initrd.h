/* initrd.h — the initial ramdisk: a read-only ustar archive in memory.
 *
 * GRUB loads build/userspace/initrd.tar as the multiboot2 module "initrd"
 * (made by scripts/mkinitrd.py); the kernel hands its address and length
 * to initrd_init() and reads files in place, without copying. This module
 * knows nothing of processes or memory management: it only reads bytes
 * between base and base + len, and never outside them, however malformed
 * the archive.
 *
 * Paths may be written "/bin/sh", "bin/sh" or "./bin/sh"; "/" (or "") is
 * the root directory. Directories exist explicitly (an archive entry
 * "bin/") or implicitly (a file "extra/a/b" makes "extra" and "extra/a").
 * Only regular files and directories are seen; other entry types
 * (symbolic links, devices ...) are skipped. Names are at most
 * INITRD_PATH_MAX - 1 characters (ustar: a 155-byte prefix, '/', 100 bytes).
 *
 * Errors are negative errno values (ringlab/errno_numbers.h). */
#ifndef RINGLAB_INITRD_H
#define RINGLAB_INITRD_H

#include <stddef.h>

#define INITRD_PATH_MAX 257

enum initrd_type { INITRD_FILE = 1, INITRD_DIR = 2 };

struct initrd_stat {
    enum initrd_type type;
    const void *data;           /* the file's bytes, inside the archive */
    size_t size;                /* 0 for a directory */
};

/* Checks every header of the archive at base[0..len). Returns the number
 * of entries, or -EINVAL if any header is malformed (bad checksum, magic,
 * octal field or name; data running past len), in which case the initrd
 * is left empty: every lookup fails with -ENOENT. */
int initrd_init(const void *base, size_t len);

/* Finds path. 0 and *st filled, or -ENOENT, or -ENAMETOOLONG. */
int initrd_lookup(const char *path, struct initrd_stat *st);

/* Finds the regular file at path: 0 with *data and *size set, or -ENOENT,
 * -EISDIR, -ENAMETOOLONG. */
int initrd_find(const char *path, const void **data, size_t *size);

/* Lists directory dir, one entry per call, in archive order. *pos says
 * where to go on from: 0 for the first call; each call advances it (it is
 * an offset into the archive, fit to be a directory file's position).
 * Copies the next entry's name (one component, no '/') into name[n] and
 * its type into *type (if type is not NULL) and returns 1; returns 0 when
 * there are no more; -ENOENT if dir does not exist, -ENOTDIR if it is a
 * file, -ENAMETOOLONG if the name does not fit in n (*pos then stays). */
int initrd_readdir(const char *dir, size_t *pos, char *name, size_t n,
                   enum initrd_type *type);

#endif

/* path.h — from the path a program names to the one the kernel looks up
 * (full kernel).
 *
 * A relative path starts from the working directory (or openat's dirfd);
 * the result is absolute and canonical: no "//", no "." or "..". ".." is
 * taken by name ("/bin/sh/.." is "/bin"): there are no symbolic links to
 * make the difference. A path that ended in "/" (or "." or "..") must name
 * a directory, so the result keeps one trailing "/" ("/tmp/" but "/").
 * Then it is either in /tmp (the RAM file system, fs/ramfs.h) or in the
 * read-only initrd (fs/initrd.h). */
#ifndef RINGLAB_PATH_H
#define RINGLAB_PATH_H

#include <stddef.h>
#include <stdint.h>

struct process;

/* in, relative to dirfd (AT_FDCWD: p's working directory), as an absolute
 * canonical path in out[n] (out may be in). 0, or -ENOENT ("" names
 * nothing), -EBADF (dirfd), -ENOTDIR (dirfd is not a directory),
 * -ENAMETOOLONG. */
int path_absolute(struct process *p, int dirfd, const char *in, char *out, size_t n);

/* The same for a path in user memory; also -EFAULT. */
int path_from_user(int dirfd, uint64_t user_path, char *out, size_t n);

/* An absolute canonical path in /tmp: what follows "/tmp/" ("" for /tmp
 * itself, "a/b" or "a/b/"); NULL for a path elsewhere. */
const char *path_in_tmp(const char *abs);

/* The one device file there is (full kernel). */
#define DEV_NULL "/dev/null"

#endif

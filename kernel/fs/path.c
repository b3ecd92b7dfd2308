/* path.c — relative to absolute, and canonical (path.h). */
#include "fs/path.h"
#include "fs/file.h"
#include "fs/ramfs.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/usercopy.h"
#include "proc/process.h"
#include "ringlab/abi.h"

/* Where a relative path starts: the working directory, or a directory fd. */
static int
base_dir(struct process *p, int dirfd, char *out, size_t n)
{
    struct file *f;

    if (dirfd == AT_FDCWD) {
        strlcpy(out, p->fs.cwd, n);
        return 0;
    }
    if (!(f = fd_get(p, dirfd)))
        return -EBADF;
    if (f->kind == FILE_DIR) {
        strlcpy(out, f->path, n);
        return 0;
    }
    if (f->kind == FILE_RAMDIR)
        return ramfs_node_path(f->node, out, n);
    return -ENOTDIR;
}

/* Appends component c[0..len) to out (length *used), or removes the last
 * component for "..", or nothing for "." and "". */
static int
push(char *out, size_t *used, size_t n, const char *c, size_t len)
{
    if (len == 0 || (len == 1 && c[0] == '.'))
        return 0;
    if (len == 2 && c[0] == '.' && c[1] == '.') {
        while (*used > 1 && out[*used - 1] != '/')
            (*used)--;
        if (*used > 1)
            (*used)--;              /* the '/' before it, unless it is the root */
        out[*used] = '\0';
        return 0;
    }
    if (*used + (*used > 1) + len + 1 > n)
        return -ENAMETOOLONG;
    if (*used > 1)
        out[(*used)++] = '/';
    memcpy(out + *used, c, len);
    *used += len;
    out[*used] = '\0';
    return 0;
}

/* Pushes every component of s. */
static int
push_all(char *out, size_t *used, size_t n, const char *s)
{
    while (*s) {
        const char *end = s;
        int err;
        while (*end && *end != '/')
            end++;
        if ((err = push(out, used, n, s, (size_t)(end - s))))
            return err;
        s = *end ? end + 1 : end;
    }
    return 0;
}

/* Does the path say "a directory" at its end: "a/", ".", "a/.."? */
static int
names_a_directory(const char *s)
{
    size_t len = strlen(s);
    const char *last = s + len;

    if (len && s[len - 1] == '/')
        return 1;
    while (last > s && last[-1] != '/')
        last--;
    return !strcmp(last, ".") || !strcmp(last, "..");
}

int
path_absolute(struct process *p, int dirfd, const char *in, char *out, size_t n)
{
    char base[FS_PATH_MAX], copy[FS_PATH_MAX];
    size_t used = 1;
    int err, dir;

    if (!in[0])
        return -ENOENT;
    if (strlcpy(copy, in, sizeof(copy)) >= sizeof(copy))
        return -ENAMETOOLONG;
    dir = names_a_directory(copy);
    strlcpy(out, "/", n);
    if (copy[0] != '/') {
        if ((err = base_dir(p, dirfd, base, sizeof(base))) ||
            (err = push_all(out, &used, n, base)))
            return err;
    }
    if ((err = push_all(out, &used, n, copy)))
        return err;
    if (dir && used > 1) {
        if (used + 2 > n)
            return -ENAMETOOLONG;
        out[used++] = '/';
        out[used] = '\0';
    }
    return 0;
}

int
path_from_user(int dirfd, uint64_t user_path, char *out, size_t n)
{
    char in[FS_PATH_MAX];
    long len = copy_string_from_user(in, user_path, sizeof(in));

    if (len < 0)
        return (int)len;            /* -EFAULT, -ENAMETOOLONG */
    return path_absolute(current_process(), dirfd, in, out, n);
}

const char *
path_in_tmp(const char *abs)
{
    if (strncmp(abs, "/tmp", 4) || (abs[4] && abs[4] != '/'))
        return 0;
    return abs[4] ? abs + 5 : abs + 4;
}

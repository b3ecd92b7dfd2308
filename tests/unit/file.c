/* Unit tests of kernel/fs/file.c: the open-file pool and its reference
 * counts, fd tables across "fork" and "exit", open()'s decision for every
 * kind of path and flag over an in-memory initrd, and getdents64 records. */
#include <stdint.h>
#include "check.h"
#include "fs/file.h"
#include "fs/initrd.h"
#include "proc/process.h"
#include "ringlab/abi.h"
#include "ringlab/errno_numbers.h"

#define BLOCK 512

static unsigned char tar[16 * BLOCK];
static size_t tar_len;

/* Appends a ustar member (type '0' file or '5' directory). */
static void
add(const char *name, char type, const char *data)
{
    unsigned char *h = tar + tar_len;
    size_t size = data ? strlen(data) : 0;
    unsigned sum = 0;

    memset(h, 0, BLOCK);
    strncpy((char *)h, name, 100);
    snprintf((char *)h + 100, 8, "%07o", 0755);
    snprintf((char *)h + 124, 12, "%011o", (unsigned)size);
    h[156] = type;
    memcpy(h + 257, "ustar\0" "00", 8);
    memset(h + 148, ' ', 8);
    for (int i = 0; i < BLOCK; i++)
        sum += h[i];
    snprintf((char *)h + 148, 8, "%06o", sum);
    memcpy(h + BLOCK, data ? data : "", size);
    tar_len += BLOCK + (size + BLOCK - 1) / BLOCK * BLOCK;
}

static void
make_initrd(void)
{
    add("bin/", '5', NULL);
    add("bin/ls", '0', "\x7f" "ELF ls");
    add("bin/sh", '0', "\x7f" "ELF sh");
    add("extra/a/b", '0', "deep");          /* "extra" and "extra/a": implicit */
    tar_len += 2 * BLOCK;                   /* the end: two zero blocks */
    CHECK(initrd_init(tar, tar_len) == 4);
}

static int
resolve(const char *path, int flags)
{
    struct initrd_stat st;

    return file_resolve(path, flags, &st);
}

static void
test_resolve(void)
{
    struct initrd_stat st;
    char longpath[300];

    CHECK(file_resolve("/bin/ls", O_RDONLY, &st) == 0 && st.type == INITRD_FILE &&
          st.size == 7 && memcmp(st.data, "\x7f" "ELF", 4) == 0);
    CHECK(file_resolve("bin/sh", O_RDONLY | O_CLOEXEC, &st) == 0 && st.type == INITRD_FILE);
    CHECK(file_resolve("/bin", O_RDONLY | O_DIRECTORY, &st) == 0 && st.type == INITRD_DIR);
    CHECK(file_resolve("/", O_RDONLY, &st) == 0 && st.type == INITRD_DIR);
    CHECK(file_resolve(".", O_RDONLY | O_DIRECTORY, &st) == 0 && st.type == INITRD_DIR);
    CHECK(file_resolve("/extra/a", O_RDONLY | O_DIRECTORY, &st) == 0 && st.type == INITRD_DIR);
    CHECK(resolve("/bin/ls", O_RDONLY | O_CREAT) == 0);        /* exists: just opened */
    CHECK(resolve("", O_RDONLY) == -ENOENT);
    CHECK(resolve("/bin/nope", O_RDONLY) == -ENOENT);
    CHECK(resolve("/nodir/new", O_RDONLY | O_CREAT) == -ENOENT);
    CHECK(resolve("/bin/new", O_WRONLY | O_CREAT) == -EROFS);
    CHECK(resolve("/bin/new", O_RDONLY | O_CREAT) == -EROFS);
    CHECK(resolve("/bin/ls", O_WRONLY) == -EROFS);
    CHECK(resolve("/bin/ls", O_RDWR) == -EROFS);
    CHECK(resolve("/bin/ls", O_ACCMODE) == -EROFS);
    CHECK(resolve("/bin/ls", O_RDONLY | O_TRUNC) == -EROFS);
    CHECK(resolve("/bin/ls", O_RDONLY | O_CREAT | O_EXCL) == -EEXIST);
    CHECK(resolve("/bin", O_RDONLY | O_CREAT | O_EXCL) == -EEXIST);
    CHECK(resolve("/bin", O_WRONLY) == -EISDIR);
    CHECK(resolve("/bin", O_RDONLY | O_TRUNC) == -EISDIR);
    CHECK(resolve("/bin", O_RDONLY | O_CREAT) == -EISDIR);
    CHECK(resolve("/bin/ls", O_RDONLY | O_DIRECTORY) == -ENOTDIR);
    CHECK(resolve("/bin/ls/", O_RDONLY) == -ENOTDIR);
    CHECK(resolve("/bin/ls/x", O_RDONLY) == -ENOTDIR);
    CHECK(resolve("/bin/ls/x/y", O_RDONLY | O_CREAT) == -ENOTDIR);
    memset(longpath, 'a', sizeof(longpath) - 1);
    longpath[sizeof(longpath) - 1] = '\0';
    CHECK(resolve(longpath, O_RDONLY) == -ENAMETOOLONG);
}

static void
test_pool(void)
{
    struct file *all[FILE_POOL];

    for (int i = 0; i < FILE_POOL; i++) {
        all[i] = file_alloc();
        CHECK(all[i] && all[i]->refs == 1 && all[i]->pos == 0);
    }
    CHECK(file_alloc() == NULL);            /* the pool is full */
    all[7]->pos = 99;
    file_put(all[7]);
    CHECK(file_alloc() == all[7] && all[7]->pos == 0);  /* reused, zeroed */
    for (int i = 0; i < FILE_POOL; i++)
        file_put(all[i]);
}

static void
test_fd_tables(void)
{
    static struct process parent, child;
    struct file *f;
    int fd;

    files_init_console(&parent);
    CHECK(fd_get(&parent, 0) && fd_get(&parent, 0)->kind == FILE_CONSOLE);
    CHECK(fd_get(&parent, 0) == fd_get(&parent, 1) && fd_get(&parent, 1) == fd_get(&parent, 2));
    CHECK(fd_get(&parent, 3) == NULL && fd_get(&parent, -1) == NULL &&
          fd_get(&parent, NFILE) == NULL);
    f = file_alloc();
    CHECK((fd = fd_install(&parent, f)) == 3);
    files_clone(&child, &parent);           /* fork */
    CHECK(fd_get(&child, 3) == f && f->refs == 2);
    CHECK(fd_get(&child, 1) == fd_get(&parent, 1));
    CHECK(fd_close(&parent, 3) == 0 && f->refs == 1);
    CHECK(fd_close(&parent, 3) == -EBADF);
    CHECK(fd_close(&parent, NFILE) == -EBADF);
    files_close_all(&child);                /* exit */
    CHECK(f->refs == 0);                    /* freed with the last fd */
    CHECK(fd_get(&child, 0) == NULL && fd_get(&child, 3) == NULL);
    CHECK(fd_close(&parent, 1) == 0);
    CHECK(fd_install(&parent, file_alloc()) == 1);      /* the lowest free fd */
    for (fd = 0; fd < NFILE - 3; fd++)
        CHECK(fd_install(&parent, file_alloc()) >= 3);
    f = file_alloc();
    CHECK(fd_install(&parent, f) == -EMFILE && f->refs == 0);   /* released */
    files_close_all(&parent);
    files_init_console(&parent);            /* the console was never freed */
    CHECK(fd_get(&parent, 2)->kind == FILE_CONSOLE && fd_get(&parent, 2)->refs >= 3);
    files_close_all(&parent);
}

static void
test_dirent_pack(void)
{
    uint64_t buf[64];
    const struct linux_dirent64 *d = (const void *)buf;

    memset(buf, 0x55, sizeof(buf));
    CHECK(dirent_pack(buf, sizeof(buf), 7, 1024, DT_REG, "ls") == 24);  /* 19 + 3, up to 8 */
    CHECK(d->d_ino == 7 && d->d_off == 1024 && d->d_reclen == 24 && d->d_type == DT_REG);
    CHECK_STR(d->d_name, "ls");
    CHECK(((unsigned char *)buf)[23] == 0);                             /* the padding */
    CHECK(dirent_pack(buf, sizeof(buf), 1, 2, DT_DIR, "hello") == 32);  /* 19 + 6 = 25 */
    CHECK(dirent_pack(buf, 31, 1, 2, DT_DIR, "hello") == 0);            /* does not fit */
    CHECK(dirent_pack(buf, 24, 1, 2, DT_REG, "sh") == 24);              /* fits exactly */
    CHECK(dirent_pack(buf, 8, 1, 2, DT_REG, "") == 0);
}

int
main(void)
{
    make_initrd();
    test_resolve();
    test_pool();
    test_fd_tables();
    test_dirent_pack();
    return check_done();
}

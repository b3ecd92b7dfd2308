/* filetest.c — /bin/filetest: the full kernel's file and process calls,
 * good and bad arguments (tests/files.toml).
 *
 *   filetest [word]          every check; "arg: <word>" at the end
 *   filetest --fds A B       (exec'd by the cloexec check) exit status:
 *                            bit 0 set if fd A is open, bit 1 if fd B is
 *   filetest --exit N        exits N at once (the vfork check)
 *   filetest --env           exits 8 if its environment is exactly
 *                            FILETEST=env, else 9 (the environment check)
 *
 * One line per check, "ok <name>" or "FAIL <name>: got <g>, want <w>",
 * then "filetest: N passed, N failed". Calls are raw (SYSCALLn), so the
 * kernel's own -errno is what is compared; the values wanted are Linux's.
 * Exit status: 0 if every check passed. */
#include <ringlab/abi.h>
#include <ringlab/syscall.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define KERNEL_HALF 0xffffffff80100000UL
#define NFILE       16
#define TMP_BUDGET  (256 * 4096)        /* /tmp's frames (kernel/fs/ramfs.h) */

#include "expect.h"            /* expect(), passed, failed */

static long
sys_open(const char *path, long flags, long mode)
{
    return SYSCALL3(SYS_open, path, flags, mode);
}

static long
sys_close(long fd)
{
    return SYSCALL1(SYS_close, fd);
}

static long
child_status(long pid)
{
    int status = -1;

    if (SYSCALL4(SYS_wait4, pid, &status, 0, 0) != pid)
        return -1;
    return status;
}

/* ---- /tmp: create, write, read, seek, append, truncate, unlink */
static void
check_tmp_files(void)
{
    char buf[64];
    long fd, fd2;
    struct stat st;

    fd = sys_open("/tmp/a", O_RDWR | O_CREAT | O_EXCL, 0644);
    expect("tmp-create", fd, 3);
    expect("tmp-create-excl-again", sys_open("/tmp/a", O_RDWR | O_CREAT | O_EXCL, 0644), -EEXIST);
    expect("tmp-write", SYSCALL3(SYS_write, fd, "hello, tmp", 10), 10);
    expect("tmp-lseek-set", SYSCALL3(SYS_lseek, fd, 7, SEEK_SET), 7);
    expect("tmp-read-after-seek", SYSCALL3(SYS_read, fd, buf, sizeof(buf)), 3);
    expect("tmp-read-bytes", memcmp(buf, "tmp", 3), 0);
    expect("tmp-read-at-end", SYSCALL3(SYS_read, fd, buf, sizeof(buf)), 0);
    expect("tmp-lseek-end", SYSCALL3(SYS_lseek, fd, 0, SEEK_END), 10);
    expect("tmp-write-bad-buffer", SYSCALL3(SYS_write, fd, KERNEL_HALF, 4), -EFAULT);
    expect("tmp-read-bad-buffer", SYSCALL4(SYS_pread64, fd, 0, 4, 0), -EFAULT);
    expect("tmp-fstat", SYSCALL2(SYS_fstat, fd, &st), 0);
    expect("tmp-fstat-size", st.st_size, 10);
    expect("tmp-fstat-mode", st.st_mode, S_IFREG | 0644);
    expect("tmp-pread", SYSCALL4(SYS_pread64, fd, buf, 5, 0), 5);
    expect("tmp-pread-bytes", memcmp(buf, "hello", 5), 0);
    expect("tmp-pread-keeps-pos", SYSCALL3(SYS_lseek, fd, 0, SEEK_CUR), 10);
    expect("tmp-pread-negative", SYSCALL4(SYS_pread64, fd, buf, 5, -1), -EINVAL);
    expect("tmp-pwrite", SYSCALL4(SYS_pwrite64, fd, "J", 1, 0), 1);
    sys_close(fd);

    fd = sys_open("/tmp/a", O_WRONLY | O_APPEND, 0);
    expect("tmp-append", SYSCALL3(SYS_write, fd, "!", 1), 1);
    expect("tmp-append-read-wronly", SYSCALL3(SYS_read, fd, buf, 1), -EBADF);
    sys_close(fd);
    fd = sys_open("/tmp/a", O_RDONLY, 0);
    expect("tmp-append-result", SYSCALL3(SYS_read, fd, buf, sizeof(buf)), 11);
    expect("tmp-append-bytes", memcmp(buf, "Jello, tmp!", 11), 0);
    expect("tmp-write-rdonly", SYSCALL3(SYS_write, fd, "x", 1), -EBADF);
    fd2 = sys_open("/tmp/a", O_WRONLY | O_TRUNC, 0);
    expect("tmp-trunc-size", SYSCALL3(SYS_lseek, fd, 0, SEEK_END), 0);
    sys_close(fd2);
    /* unlinked while open: still readable through the fd */
    SYSCALL4(SYS_pwrite64, fd2 = sys_open("/tmp/a", O_WRONLY, 0), "kept", 4, 0);
    sys_close(fd2);
    expect("tmp-unlink", SYSCALL1(SYS_unlink, "/tmp/a"), 0);
    expect("tmp-unlink-gone", sys_open("/tmp/a", O_RDONLY, 0), -ENOENT);
    expect("tmp-unlinked-open-readable", SYSCALL4(SYS_pread64, fd, buf, 4, 0), 4);
    expect("tmp-unlinked-bytes", memcmp(buf, "kept", 4), 0);
    sys_close(fd);
    expect("tmp-unlink-again", SYSCALL1(SYS_unlink, "/tmp/a"), -ENOENT);
    expect("tmp-unlink-bad-pointer", SYSCALL1(SYS_unlink, KERNEL_HALF), -EFAULT);
    expect("tmp-unlink-dir", SYSCALL1(SYS_unlink, "/tmp"), -EISDIR);
    expect("tmp-rmdir-tmp", SYSCALL1(SYS_rmdir, "/tmp"), -EBUSY);
    expect("tmp-open-dir-write", sys_open("/tmp", O_WRONLY, 0), -EISDIR);
    expect("tmp-create-in-missing-dir", sys_open("/tmp/no/x", O_WRONLY | O_CREAT, 0644), -ENOENT);
    expect("tmp-create-slash", sys_open("/tmp/new/", O_WRONLY | O_CREAT, 0644), -EISDIR);
    expect("initrd-create-erofs", sys_open("/bin/new", O_WRONLY | O_CREAT, 0644), -EROFS);
    expect("initrd-unlink-erofs", SYSCALL1(SYS_unlink, "/bin/sh"), -EROFS);
    expect("initrd-unlink-missing-dir", SYSCALL1(SYS_unlink, "/no/such"), -ENOENT);
}

/* ---- /tmp: directories, readdir, rename */
static int
dir_has(const char *dir, const char *name)
{
    char buf[512];
    long fd = sys_open(dir, O_RDONLY | O_DIRECTORY, 0), n, found = 0;

    while ((n = SYSCALL3(SYS_getdents64, fd, buf, sizeof(buf))) > 0)
        for (long off = 0; off < n;) {
            struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
            found |= !strcmp(d->d_name, name);
            off += d->d_reclen;
        }
    sys_close(fd);
    return (int)found;
}

static void
check_tmp_dirs(void)
{
    long fd;

    expect("mkdir", SYSCALL2(SYS_mkdir, "/tmp/d", 0755), 0);
    expect("mkdir-again", SYSCALL2(SYS_mkdir, "/tmp/d", 0755), -EEXIST);
    expect("mkdir-initrd", SYSCALL2(SYS_mkdir, "/bin/d", 0755), -EROFS);
    expect("mkdir-initrd-exists", SYSCALL2(SYS_mkdir, "/bin", 0755), -EEXIST);
    fd = sys_open("/tmp/d/f", O_WRONLY | O_CREAT, 0600);
    SYSCALL3(SYS_write, fd, "f", 1);
    sys_close(fd);
    expect("readdir-lists-new-file", dir_has("/tmp/d", "f"), 1);
    expect("readdir-lists-dir", dir_has("/tmp", "d"), 1);
    expect("readdir-dot", dir_has("/tmp/d", ".."), 1);
    expect("rmdir-not-empty", SYSCALL1(SYS_rmdir, "/tmp/d"), -ENOTEMPTY);
    expect("rename", SYSCALL2(SYS_rename, "/tmp/d/f", "/tmp/g"), 0);
    expect("rename-old-gone", dir_has("/tmp/d", "f"), 0);
    expect("rename-new-there", dir_has("/tmp", "g"), 1);
    expect("rename-dir-into-itself", SYSCALL2(SYS_rename, "/tmp/d", "/tmp/d/e"), -EINVAL);
    expect("rename-file-over-dir", SYSCALL2(SYS_rename, "/tmp/g", "/tmp/d"), -EISDIR);
    expect("rename-missing", SYSCALL2(SYS_rename, "/tmp/none", "/tmp/x"), -ENOENT);
    expect("rename-out-of-tmp", SYSCALL2(SYS_rename, "/tmp/g", "/bin/g"), -EXDEV);
    expect("rename-initrd", SYSCALL2(SYS_rename, "/bin/sh", "/bin/sh2"), -EROFS);
    expect("rename-bad-pointer", SYSCALL2(SYS_rename, "/tmp/g", 0), -EFAULT);
    expect("rmdir-file", SYSCALL1(SYS_rmdir, "/tmp/g"), -ENOTDIR);
    expect("unlink-renamed", SYSCALL1(SYS_unlink, "/tmp/g"), 0);
    expect("unlinkat-bad-flags", SYSCALL3(SYS_unlinkat, AT_FDCWD, "/tmp/d", 0x1), -EINVAL);
    expect("unlinkat-removedir", SYSCALL3(SYS_unlinkat, AT_FDCWD, "/tmp/d", AT_REMOVEDIR), 0);
    expect("readdir-dir-gone", dir_has("/tmp", "d"), 0);
}

/* ---- /tmp is bounded: -ENOSPC when full, every frame back after */
static void
check_tmp_full(void)
{
    static char page[4096];
    long before = SYSCALL1(SYS_ringlab_stat, RL_STAT_FREE_FRAMES), fd, n, total = 0;

    memset(page, 'x', sizeof(page));
    fd = sys_open("/tmp/big", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    while ((n = SYSCALL3(SYS_write, fd, page, sizeof(page))) > 0)
        total += n;
    expect("tmp-full-enospc", n, -ENOSPC);
    expect("tmp-full-size", total, TMP_BUDGET);
    expect("tmp-full-frames-taken", before - SYSCALL1(SYS_ringlab_stat, RL_STAT_FREE_FRAMES),
           TMP_BUDGET / 4096);
    expect("tmp-full-other-file-enospc",
           SYSCALL3(SYS_write, n = sys_open("/tmp/c", O_WRONLY | O_CREAT, 0644), "c", 1), -ENOSPC);
    sys_close(n);
    SYSCALL1(SYS_unlink, "/tmp/c");
    sys_close(fd);
    expect("tmp-full-unlink", SYSCALL1(SYS_unlink, "/tmp/big"), 0);
    expect("tmp-full-frames-back", SYSCALL1(SYS_ringlab_stat, RL_STAT_FREE_FRAMES), before);
}

/* ---- openat, the working directory, stat, access, readlink */
static void
check_paths(void)
{
    char buf[300];
    struct stat st, st2;
    long dfd, fd;

    expect("getcwd-root", SYSCALL2(SYS_getcwd, buf, sizeof(buf)), 2);
    expect("getcwd-root-text", strcmp(buf, "/"), 0);
    expect("getcwd-erange", SYSCALL2(SYS_getcwd, buf, 1), -ERANGE);
    expect("getcwd-bad-pointer", SYSCALL2(SYS_getcwd, KERNEL_HALF, 100), -EFAULT);
    expect("chdir-file", SYSCALL1(SYS_chdir, "/bin/sh"), -ENOTDIR);
    expect("chdir-missing", SYSCALL1(SYS_chdir, "/no/such"), -ENOENT);
    expect("chdir-bad-pointer", SYSCALL1(SYS_chdir, 0), -EFAULT);
    expect("chdir-bin", SYSCALL1(SYS_chdir, "/bin/"), 0);
    expect("getcwd-bin", SYSCALL2(SYS_getcwd, buf, sizeof(buf)), 5);
    expect("getcwd-bin-text", strcmp(buf, "/bin"), 0);
    expect("open-relative-to-cwd", fd = sys_open("minimal", O_RDONLY, 0), 3);
    sys_close(fd);
    expect("chdir-dotdot", SYSCALL1(SYS_chdir, ".."), 0);
    expect("stat-relative-dotdot", SYSCALL2(SYS_stat, "bin/../bin/minimal", &st), 0);
    expect("chdir-tmp", SYSCALL1(SYS_chdir, "/tmp"), 0);
    expect("create-relative-in-tmp", fd = sys_open("rel", O_WRONLY | O_CREAT, 0644), 3);
    sys_close(fd);
    expect("stat-created-relative", SYSCALL2(SYS_stat, "/tmp/rel", &st2), 0);
    SYSCALL1(SYS_unlink, "rel");
    SYSCALL1(SYS_chdir, "/");

    dfd = sys_open("/bin", O_RDONLY | O_DIRECTORY, 0);
    expect("openat-dirfd", fd = SYSCALL4(SYS_openat, dfd, "minimal", O_RDONLY, 0), 4);
    expect("fstat-initrd", SYSCALL2(SYS_fstat, fd, &st2), 0);
    expect("fstat-matches-stat", st.st_ino == st2.st_ino && st.st_size == st2.st_size, 1);
    expect("fstat-size-is-lseek-end", st2.st_size, SYSCALL3(SYS_lseek, fd, 0, SEEK_END));
    expect("stat-initrd-mode", st.st_mode & S_IFMT, S_IFREG);
    expect("openat-dirfd-not-dir", SYSCALL4(SYS_openat, fd, "x", O_RDONLY, 0), -ENOTDIR);
    expect("openat-bad-dirfd", SYSCALL4(SYS_openat, 99, "x", O_RDONLY, 0), -EBADF);
    expect("openat-absolute-ignores-dirfd", sys_close(SYSCALL4(SYS_openat, 99, "/bin/sh", O_RDONLY, 0)), 0);
    expect("openat-bad-pointer", SYSCALL4(SYS_openat, AT_FDCWD, KERNEL_HALF, O_RDONLY, 0), -EFAULT);
    expect("newfstatat-dirfd", SYSCALL4(SYS_newfstatat, dfd, "sh", &st, 0), 0);
    expect("newfstatat-empty-path", SYSCALL4(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH), 0);
    expect("newfstatat-empty-is-fstat", st.st_ino, st2.st_ino);
    expect("newfstatat-empty-no-flag", SYSCALL4(SYS_newfstatat, fd, "", &st, 0), -ENOENT);
    expect("newfstatat-bad-flags", SYSCALL4(SYS_newfstatat, dfd, "sh", &st, 0x4), -EINVAL);
    expect("newfstatat-bad-buffer", SYSCALL4(SYS_newfstatat, dfd, "sh", KERNEL_HALF, 0), -EFAULT);
    expect("stat-dir", (SYSCALL2(SYS_stat, "/tmp", &st), st.st_mode & S_IFMT), S_IFDIR);
    expect("stat-missing", SYSCALL2(SYS_stat, "/bin/none", &st), -ENOENT);
    expect("stat-file-as-dir", SYSCALL2(SYS_stat, "/bin/sh/x", &st), -ENOTDIR);
    expect("fstat-console", (SYSCALL2(SYS_fstat, 1, &st), st.st_mode & S_IFMT), S_IFCHR);
    expect("fstat-bad-fd", SYSCALL2(SYS_fstat, 99, &st), -EBADF);
    expect("fstat-bad-buffer", SYSCALL2(SYS_fstat, 1, 8), -EFAULT);
    sys_close(fd);
    sys_close(dfd);

    expect("access-exists", SYSCALL2(SYS_access, "/bin/sh", F_OK), 0);
    expect("access-exec", SYSCALL2(SYS_access, "/bin/sh", X_OK), 0);
    expect("access-write-initrd", SYSCALL2(SYS_access, "/bin/sh", W_OK), -EROFS);
    expect("access-missing", SYSCALL2(SYS_access, "/bin/none", R_OK), -ENOENT);
    expect("access-bad-mode", SYSCALL2(SYS_access, "/bin/sh", 8), -EINVAL);
    expect("access-bad-pointer", SYSCALL2(SYS_access, KERNEL_HALF, F_OK), -EFAULT);
    sys_close(sys_open("/tmp/x", O_WRONLY | O_CREAT, 0644));
    expect("access-tmp-write", SYSCALL2(SYS_access, "/tmp/x", W_OK), 0);
    expect("access-tmp-no-exec", SYSCALL2(SYS_access, "/tmp/x", X_OK), -EACCES);
    expect("faccessat-dirfd", SYSCALL3(SYS_faccessat, AT_FDCWD, "tmp/x", R_OK), 0);
    SYSCALL1(SYS_unlink, "/tmp/x");

    memset(buf, 0, sizeof(buf));
    expect("readlink-exe", SYSCALL3(SYS_readlink, "/proc/self/exe", buf, sizeof(buf)), 13);
    expect("readlink-exe-path", strcmp(buf, "/bin/filetest"), 0);
    expect("readlink-exe-cut", SYSCALL3(SYS_readlink, "/proc/self/exe", buf, 4), 4);
    expect("readlink-not-link", SYSCALL3(SYS_readlink, "/bin/sh", buf, sizeof(buf)), -EINVAL);
    expect("readlink-missing", SYSCALL3(SYS_readlink, "/no/such", buf, sizeof(buf)), -ENOENT);
    expect("readlink-size-0", SYSCALL3(SYS_readlink, "/proc/self/exe", buf, 0), -EINVAL);
    expect("readlink-bad-buffer", SYSCALL3(SYS_readlink, "/proc/self/exe", KERNEL_HALF, 8), -EFAULT);
    expect("readlinkat", SYSCALL4(SYS_readlinkat, AT_FDCWD, "/proc/self/exe", buf, 64), 13);
}

/* ---- dup, dup2, dup3, fcntl */
static void
check_fds(void)
{
    long fd = sys_open("/bin/minimal", O_RDONLY, 0), d;
    char c;

    expect("dup-lowest", d = SYSCALL1(SYS_dup, fd), fd + 1);
    SYSCALL3(SYS_lseek, fd, 1, SEEK_SET);
    expect("dup-shares-position", SYSCALL3(SYS_lseek, d, 0, SEEK_CUR), 1);
    expect("dup-bad-fd", SYSCALL1(SYS_dup, 99), -EBADF);
    expect("dup2", SYSCALL2(SYS_dup2, fd, 10), 10);
    expect("dup2-read", SYSCALL3(SYS_read, 10, &c, 1), 1);
    expect("dup2-read-byte", c, 'E');
    expect("dup2-same-fd", SYSCALL2(SYS_dup2, fd, fd), fd);
    expect("dup2-same-closed-fd", SYSCALL2(SYS_dup2, 12, 12), -EBADF);
    expect("dup2-bad-old", SYSCALL2(SYS_dup2, 99, 5), -EBADF);
    expect("dup2-bad-new", SYSCALL2(SYS_dup2, fd, NFILE), -EBADF);
    expect("dup2-negative-new", SYSCALL2(SYS_dup2, fd, -1), -EBADF);
    expect("dup2-over-open", SYSCALL2(SYS_dup2, d, 10), 10);
    expect("dup3-same", SYSCALL3(SYS_dup3, fd, fd, 0), -EINVAL);
    expect("dup3-bad-flags", SYSCALL3(SYS_dup3, fd, 11, 1), -EINVAL);
    expect("dup3-cloexec", SYSCALL3(SYS_dup3, fd, 11, O_CLOEXEC), 11);
    expect("dup3-cloexec-getfd", SYSCALL2(SYS_fcntl, 11, F_GETFD), FD_CLOEXEC);
    expect("dup2-clears-cloexec", (SYSCALL2(SYS_dup2, fd, 11), SYSCALL2(SYS_fcntl, 11, F_GETFD)), 0);
    expect("fcntl-dupfd-min", SYSCALL3(SYS_fcntl, fd, F_DUPFD, 12), 12);
    expect("fcntl-dupfd-cloexec", SYSCALL3(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 12), 13);
    expect("fcntl-getfd-cloexec", SYSCALL2(SYS_fcntl, 13, F_GETFD), FD_CLOEXEC);
    expect("fcntl-setfd", SYSCALL3(SYS_fcntl, 13, F_SETFD, 0), 0);
    expect("fcntl-getfd-cleared", SYSCALL2(SYS_fcntl, 13, F_GETFD), 0);
    expect("fcntl-dupfd-too-big", SYSCALL3(SYS_fcntl, fd, F_DUPFD, NFILE), -EINVAL);
    expect("fcntl-dupfd-negative", SYSCALL3(SYS_fcntl, fd, F_DUPFD, -1), -EINVAL);
    expect("fcntl-getfl-rdonly", SYSCALL2(SYS_fcntl, fd, F_GETFL), O_RDONLY);
    expect("fcntl-getfl-console", SYSCALL2(SYS_fcntl, 1, F_GETFL), O_RDWR);
    expect("fcntl-bad-cmd", SYSCALL2(SYS_fcntl, fd, 9999), -EINVAL);
    expect("fcntl-bad-fd", SYSCALL2(SYS_fcntl, 99, F_GETFD), -EBADF);
    for (int i = 3; i < NFILE; i++)
        sys_close(i);
    for (int i = 3; i < NFILE; i++)
        SYSCALL1(SYS_dup, 0);
    expect("fcntl-emfile", SYSCALL3(SYS_fcntl, 0, F_DUPFD, 0), -EMFILE);
    for (int i = 3; i < NFILE; i++)
        sys_close(i);
    d = sys_open("/tmp/fl", O_WRONLY | O_CREAT | O_APPEND, 0644);
    expect("fcntl-getfl-append", SYSCALL2(SYS_fcntl, d, F_GETFL), O_WRONLY | O_APPEND);
    expect("fcntl-setfl", SYSCALL3(SYS_fcntl, d, F_SETFL, O_NONBLOCK | O_RDWR), 0);
    expect("fcntl-setfl-keeps-mode", SYSCALL2(SYS_fcntl, d, F_GETFL), O_WRONLY | O_NONBLOCK);
    sys_close(d);
    SYSCALL1(SYS_unlink, "/tmp/fl");
}

/* ---- pipes */
static void
check_pipes(void)
{
    int fds[2] = { -1, -1 };     /* (where pipe is missing: no fd at all) */
    char buf[16];
    long pid;

    expect("pipe", SYSCALL1(SYS_pipe, fds), 0);
    expect("pipe-fds", fds[0] == 3 && fds[1] == 4, 1);
    expect("pipe-write", SYSCALL3(SYS_write, fds[1], "abc", 3), 3);
    expect("pipe-read", SYSCALL3(SYS_read, fds[0], buf, sizeof(buf)), 3);
    expect("pipe-read-bytes", memcmp(buf, "abc", 3), 0);
    expect("pipe-write-read-end", SYSCALL3(SYS_write, fds[0], "x", 1), -EBADF);
    expect("pipe-read-write-end", SYSCALL3(SYS_read, fds[1], buf, 1), -EBADF);
    expect("pipe-lseek", SYSCALL3(SYS_lseek, fds[0], 0, SEEK_SET), -ESPIPE);
    expect("pipe-pread", SYSCALL4(SYS_pread64, fds[0], buf, 1, 0), -ESPIPE);
    expect("pipe-write-bad-buffer", SYSCALL3(SYS_write, fds[1], KERNEL_HALF, 1), -EFAULT);
    SYSCALL3(SYS_fcntl, fds[0], F_SETFL, O_NONBLOCK);
    expect("pipe-nonblock-empty", SYSCALL3(SYS_read, fds[0], buf, 1), -EAGAIN);
    SYSCALL3(SYS_fcntl, fds[0], F_SETFL, 0);
    sys_close(fds[1]);
    expect("pipe-eof", SYSCALL3(SYS_read, fds[0], buf, 1), 0);
    sys_close(fds[0]);

    SYSCALL1(SYS_pipe, fds);
    sys_close(fds[0]);
    expect("pipe-epipe", SYSCALL3(SYS_write, fds[1], "x", 1), -EPIPE);
    sys_close(fds[1]);

    expect("pipe2-bad-flags", SYSCALL2(SYS_pipe2, fds, 1), -EINVAL);
    expect("pipe-bad-pointer", SYSCALL1(SYS_pipe, KERNEL_HALF), -EFAULT);
    expect("pipe-read-only-pointer", SYSCALL1(SYS_pipe, "rodata"), -EFAULT);
    expect("pipe-fault-no-fd-left", sys_close(3), -EBADF);
    expect("pipe2-cloexec", SYSCALL2(SYS_pipe2, fds, O_CLOEXEC | O_NONBLOCK), 0);
    expect("pipe2-cloexec-getfd", SYSCALL2(SYS_fcntl, fds[1], F_GETFD), FD_CLOEXEC);
    expect("pipe2-nonblock", SYSCALL2(SYS_fcntl, fds[0], F_GETFL), O_RDONLY | O_NONBLOCK);
    {   /* a non-blocking write fills the pipe, then -EAGAIN */
        static char big[8192];
        long n = SYSCALL3(SYS_write, fds[1], big, sizeof(big));
        expect("pipe-nonblock-fill", n, 4096);
        expect("pipe-nonblock-full", SYSCALL3(SYS_write, fds[1], big, 1), -EAGAIN);
    }
    sys_close(fds[0]), sys_close(fds[1]);

    /* blocking, between two processes: 64 KiB through a 4 KiB pipe */
    SYSCALL1(SYS_pipe, fds);
    if ((pid = SYSCALL0(SYS_fork)) == 0) {
        static unsigned char out[1000];
        sys_close(fds[0]);
        for (int i = 0; i < 64 * 1024; i += (int)sizeof(out)) {
            for (int k = 0; k < (int)sizeof(out); k++)
                out[k] = (unsigned char)(i + k);
            if (SYSCALL3(SYS_write, fds[1], out, sizeof(out)) != sizeof(out))
                _exit(1);
        }
        _exit(0);
    }
    sys_close(fds[1]);
    {
        static unsigned char in[700];
        long n, total = 0, bad = 0;
        while ((n = SYSCALL3(SYS_read, fds[0], in, sizeof(in))) > 0) {
            for (long k = 0; k < n; k++)
                bad += in[k] != (unsigned char)(total + k);     /* byte n is n mod 256 */
            total += n;
        }
        expect("pipe-between-processes-bytes", total, 64 * 1024 / 1000 * 1000 + 1000);
        expect("pipe-between-processes-content", bad, 0);
        expect("pipe-between-processes-writer", child_status(pid), 0);
    }
    sys_close(fds[0]);
}

/* ---- poll */
static long
now_ms(void)
{
    struct timespec ts;

    SYSCALL2(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ppoll on a pipe's read end fds[0], empty (the signal mask: sigtest) */
static void
check_ppoll(int fds[2])
{
    struct pollfd p = { .fd = fds[0], .events = POLLIN };
    struct timespec ms2 = { 0, 2000000 }, zero = { 0, 0 }, bad = { 0, 1000000000 };
    uint64_t mask = 0;
    long t0 = now_ms();

    expect("ppoll-timeout", syscall6(SYS_ppoll, (long)&p, 1, (long)&ms2, 0, 8, 0), 0);
    expect("ppoll-timeout-waited", now_ms() - t0 >= 2, 1);
    expect("ppoll-zero-timeout", syscall6(SYS_ppoll, (long)&p, 1, (long)&zero, 0, 8, 0), 0);
    SYSCALL3(SYS_write, fds[1], "z", 1);
    expect("ppoll-readable", syscall6(SYS_ppoll, (long)&p, 1, 0, (long)&mask, 8, 0), 1);
    expect("ppoll-revents", p.revents, POLLIN);
    SYSCALL3(SYS_read, fds[0], &t0, 1);
    expect("ppoll-bad-timeout", syscall6(SYS_ppoll, (long)&p, 1, KERNEL_HALF, 0, 8, 0), -EFAULT);
    expect("ppoll-timeout-nsec-big", syscall6(SYS_ppoll, (long)&p, 1, (long)&bad, 0, 8, 0),
           -EINVAL);
    expect("ppoll-bad-sigsetsize", syscall6(SYS_ppoll, (long)&p, 1, (long)&zero, (long)&mask, 4, 0),
           -EINVAL);
    expect("ppoll-bad-sigmask", syscall6(SYS_ppoll, (long)&p, 1, (long)&zero, KERNEL_HALF, 8, 0),
           -EFAULT);
    expect("ppoll-bad-fds", syscall6(SYS_ppoll, KERNEL_HALF, 1, (long)&zero, 0, 8, 0), -EFAULT);
}

static void
check_poll(void)
{
    int fds[2] = { -1, -1 };     /* (where pipe is missing: no fd at all) */
    struct pollfd p[4];
    long t0, pid;

    SYSCALL1(SYS_pipe, fds);
    p[0] = (struct pollfd){ .fd = fds[0], .events = POLLIN };
    p[1] = (struct pollfd){ .fd = fds[1], .events = POLLOUT };
    p[2] = (struct pollfd){ .fd = 99, .events = POLLIN };
    p[3] = (struct pollfd){ .fd = -1, .events = POLLIN };
    expect("poll-ready-count", SYSCALL3(SYS_poll, p, 4, 0), 2);
    expect("poll-empty-pipe", p[0].revents, 0);
    expect("poll-write-end", p[1].revents, POLLOUT);
    expect("poll-bad-fd", p[2].revents, POLLNVAL);
    expect("poll-negative-fd", p[3].revents, 0);
    t0 = now_ms();
    expect("poll-timeout", SYSCALL3(SYS_poll, p, 1, 20), 0);
    expect("poll-timeout-waited", now_ms() - t0 >= 20, 1);
    SYSCALL3(SYS_write, fds[1], "x", 1);
    expect("poll-readable", (SYSCALL3(SYS_poll, p, 1, -1), p[0].revents), POLLIN);
    expect("poll-bad-pointer", SYSCALL3(SYS_poll, KERNEL_HALF, 1, 0), -EFAULT);
    expect("poll-too-many", SYSCALL3(SYS_poll, p, 100000, 0), -EINVAL);
    expect("poll-console-out", (p[2] = (struct pollfd){ .fd = 1, .events = POLLOUT },
                                SYSCALL3(SYS_poll, &p[2], 1, 0)), 1);
    SYSCALL3(SYS_read, fds[0], &t0, 1);
    check_ppoll(fds);
    /* a poll that blocks until another process writes */
    if ((pid = SYSCALL0(SYS_fork)) == 0) {
        struct timespec ts = { 0, 5000000 };
        SYSCALL2(SYS_nanosleep, &ts, 0);
        SYSCALL3(SYS_write, fds[1], "y", 1);
        _exit(0);
    }
    expect("poll-woken-by-writer", SYSCALL3(SYS_poll, p, 1, 5000), 1);
    expect("poll-woken-revents", p[0].revents, POLLIN);
    child_status(pid);
    sys_close(fds[1]);
    SYSCALL3(SYS_read, fds[0], &t0, 1);
    expect("poll-hup", (SYSCALL3(SYS_poll, p, 1, 0), p[0].revents), POLLHUP);
    sys_close(fds[0]);
    SYSCALL1(SYS_pipe, fds);
    p[1].fd = fds[1];
    sys_close(fds[0]);
    expect("poll-err", (SYSCALL3(SYS_poll, &p[1], 1, 0), p[1].revents), POLLERR);
    sys_close(fds[1]);
}

/* ---- exec closes O_CLOEXEC fds; clone; vfork */
static void
check_processes(char *self)
{
    long a = sys_open("/bin/sh", O_RDONLY | O_CLOEXEC, 0), b = sys_open("/bin/sh", O_RDONLY, 0);
    char fa[4], fb[4];
    long pid;
    int tid = 0;

    snprintf(fa, sizeof(fa), "%ld", a);
    snprintf(fb, sizeof(fb), "%ld", b);
    if ((pid = SYSCALL0(SYS_fork)) == 0) {
        char *argv[] = { self, "--fds", fa, fb, 0 };
        SYSCALL3(SYS_execve, self, argv, 0);
        _exit(99);
    }
    expect("exec-closes-cloexec-keeps-other", child_status(pid), 2 << 8);
    sys_close(a), sys_close(b);

    if ((pid = SYSCALL2(SYS_clone, SIGCHLD_NUMBER, 0)) == 0)
        _exit(3);
    expect("clone-sigchld", child_status(pid), 3 << 8);
    pid = syscall6(SYS_clone, 0x1200011, 0, 0, (long)&tid, 0, 0);
    if (pid == 0)
        _exit(tid == SYSCALL0(SYS_getpid) ? 4 : 5);
    expect("clone-glibc-fork-settid", child_status(pid), 4 << 8);
    expect("clone-settid-parent-untouched", tid, 0);
    expect("clone-thread", SYSCALL2(SYS_clone, CLONE_VM | SIGCHLD_NUMBER, 0), -EINVAL);
    expect("clone-bad-signal", SYSCALL2(SYS_clone, 9, 0), -EINVAL);
    expect("clone-bad-flags", SYSCALL2(SYS_clone, 0x10000000 | SIGCHLD_NUMBER, 0), -EINVAL);
    {   /* vfork: the parent goes on only once the child has exited */
        int fds[2] = { -1, -1 };     /* (where pipe is missing: no fd at all) */
        char c = 0;
        SYSCALL1(SYS_pipe, fds);
        SYSCALL3(SYS_fcntl, fds[0], F_SETFL, O_NONBLOCK);
        if ((pid = SYSCALL0(SYS_vfork)) == 0) {
            SYSCALL3(SYS_write, fds[1], "v", 1);
            _exit(6);
        }
        expect("vfork-child-ran-first", SYSCALL3(SYS_read, fds[0], &c, 1), 1);
        expect("vfork-status", child_status(pid), 6 << 8);
        sys_close(fds[0]), sys_close(fds[1]);
    }
    {   /* vfork + exec. (CLONE_VM too, as posix_spawn: sigtest, with a stack
         * of its own; here the child would come back through syscall6 on
         * our stack.) */
        char *argv[] = { self, "--exit", "7", 0 };
        pid = syscall6(SYS_clone, CLONE_VFORK | SIGCHLD_NUMBER, 0, 0, 0, 0, 0);
        if (pid == 0) {
            SYSCALL3(SYS_execve, self, argv, 0);
            _exit(99);
        }
        expect("vfork-exec-status", child_status(pid), 7 << 8);
    }
}

/* ---- ftruncate and truncate (/tmp only), statx, faccessat2 */
static void
check_truncate(void)
{
    struct stat st;
    char buf[8];
    long fd = sys_open("/tmp/t", O_RDWR | O_CREAT | O_TRUNC, 0644), other;

    SYSCALL3(SYS_write, fd, "truncate me", 11);
    expect("ftruncate-cut", SYSCALL2(SYS_ftruncate, fd, 5), 0);
    expect("ftruncate-cut-size", (SYSCALL2(SYS_fstat, fd, &st), st.st_size), 5);
    expect("ftruncate-extend", SYSCALL2(SYS_ftruncate, fd, 9000), 0);
    expect("ftruncate-extended-zeros", SYSCALL4(SYS_pread64, fd, buf, 8, 8990) == 8 &&
                                       !memcmp(buf, "\0\0\0\0\0\0\0\0", 8), 1);
    expect("ftruncate-keeps-bytes", (SYSCALL4(SYS_pread64, fd, buf, 5, 0), memcmp(buf, "trunc", 5)),
           0);
    expect("ftruncate-negative", SYSCALL2(SYS_ftruncate, fd, -1), -EINVAL);
    expect("ftruncate-too-big", SYSCALL2(SYS_ftruncate, fd, 1L << 40), -EFBIG);
    expect("ftruncate-bad-fd", SYSCALL2(SYS_ftruncate, 99, 0), -EBADF);
    other = sys_open("/tmp/t", O_RDONLY, 0);
    expect("ftruncate-read-only-fd", SYSCALL2(SYS_ftruncate, other, 0), -EINVAL);
    sys_close(other);
    other = sys_open("/bin/sh", O_RDONLY, 0);
    expect("ftruncate-initrd-file", SYSCALL2(SYS_ftruncate, other, 0), -EINVAL);
    sys_close(other);
    expect("ftruncate-console", SYSCALL2(SYS_ftruncate, 1, 0), -EINVAL);
    expect("truncate-path", SYSCALL2(SYS_truncate, "/tmp/t", 3), 0);
    expect("truncate-path-size", (SYSCALL2(SYS_fstat, fd, &st), st.st_size), 3);
    expect("truncate-initrd", SYSCALL2(SYS_truncate, "/bin/sh", 0), -EROFS);
    expect("truncate-directory", SYSCALL2(SYS_truncate, "/tmp", 0), -EISDIR);
    expect("truncate-missing", SYSCALL2(SYS_truncate, "/tmp/none", 0), -ENOENT);
    expect("truncate-bad-path", SYSCALL2(SYS_truncate, KERNEL_HALF, 0), -EFAULT);
    expect("truncate-negative", SYSCALL2(SYS_truncate, "/tmp/t", -5), -EINVAL);
    sys_close(fd);
    SYSCALL1(SYS_unlink, "/tmp/t");
}

static long
sys_statx(long dirfd, const char *path, long flags, long mask, void *buf)
{
    return syscall6(SYS_statx, dirfd, (long)path, flags, mask, (long)buf, 0);
}

static void
check_statx_faccessat2(void)
{
    struct statx sx;
    struct stat st;
    long fd = sys_open("/bin/sh", O_RDONLY, 0);

    memset(&sx, 0xff, sizeof(sx));
    SYSCALL2(SYS_stat, "/bin/sh", &st);
    expect("statx", sys_statx(AT_FDCWD, "/bin/sh", 0, STATX_BASIC_STATS, &sx), 0);
    expect("statx-as-stat", sx.stx_mask == STATX_BASIC_STATS &&
                            sx.stx_size == (uint64_t)st.st_size &&
                            sx.stx_ino == st.st_ino && sx.stx_mode == st.st_mode &&
                            sx.stx_nlink == st.st_nlink && sx.__spare3[11] == 0, 1);
    expect("statx-empty-path-fd", (sys_statx(fd, "", AT_EMPTY_PATH, STATX_SIZE, &sx),
                                   sx.stx_size == (uint64_t)st.st_size), 1);
    expect("statx-dir", (sys_statx(AT_FDCWD, "/tmp", 0, 0, &sx), sx.stx_mode & S_IFMT), S_IFDIR);
    expect("statx-missing", sys_statx(AT_FDCWD, "/no/such", 0, 0, &sx), -ENOENT);
    expect("statx-bad-buffer", sys_statx(AT_FDCWD, "/bin/sh", 0, 0, (void *)KERNEL_HALF), -EFAULT);
    expect("statx-bad-path", sys_statx(AT_FDCWD, (char *)KERNEL_HALF, 0, 0, &sx), -EFAULT);
    expect("statx-bad-flags", sys_statx(AT_FDCWD, "/bin/sh", 0x10000, 0, &sx), -EINVAL);
    expect("statx-reserved-mask", sys_statx(AT_FDCWD, "/bin/sh", 0, STATX__RESERVED, &sx), -EINVAL);
    expect("statx-sync-both", sys_statx(AT_FDCWD, "/bin/sh", AT_STATX_SYNC_TYPE, 0, &sx), -EINVAL);
    expect("statx-bad-dirfd", sys_statx(99, "sh", 0, 0, &sx), -EBADF);
    sys_close(fd);
    expect("faccessat2-eaccess", SYSCALL4(SYS_faccessat2, AT_FDCWD, "/bin/sh", X_OK, AT_EACCESS),
           0);
    expect("faccessat2-nofollow", SYSCALL4(SYS_faccessat2, AT_FDCWD, "/tmp", W_OK,
                                           AT_SYMLINK_NOFOLLOW), 0);
    expect("faccessat2-write-initrd", SYSCALL4(SYS_faccessat2, AT_FDCWD, "/bin/sh", W_OK, 0),
           -EROFS);
    expect("faccessat2-missing", SYSCALL4(SYS_faccessat2, AT_FDCWD, "/no/such", F_OK, 0), -ENOENT);
    expect("faccessat2-bad-flags", SYSCALL4(SYS_faccessat2, AT_FDCWD, "/bin/sh", F_OK, 1), -EINVAL);
    expect("faccessat2-bad-mode", SYSCALL4(SYS_faccessat2, AT_FDCWD, "/bin/sh", 8, 0), -EINVAL);
}

/* ---- exec passes the environment on (at most 128 strings, 16 KiB) */
static char env_long[17 * 1024];
static char *env_many[130];

static void
check_environment(char *self)
{
    char *argv[] = { self, "--env", 0 }, *envp[] = { "FILETEST=env", 0 };
    char *missing[] = { "/no/such", 0 }, *bad[] = { "A=1", (char *)0x10, 0 };
    char *too_long[] = { env_long, 0 };
    long pid;

    if ((pid = SYSCALL0(SYS_fork)) == 0) {
        SYSCALL3(SYS_execve, self, argv, envp);
        _exit(99);
    }
    expect("execve-env-passed", child_status(pid), 8 << 8);
    memset(env_long, 'e', sizeof(env_long) - 1);
    for (int i = 0; i < 129; i++)
        env_many[i] = "MANY=1";
    expect("execve-env-too-many", SYSCALL3(SYS_execve, "/no/such", missing, env_many), -E2BIG);
    expect("execve-env-too-long", SYSCALL3(SYS_execve, "/no/such", missing, too_long), -E2BIG);
    expect("execve-env-unmapped", SYSCALL3(SYS_execve, "/no/such", missing, bad), -EFAULT);
    expect("execve-env-kernel", SYSCALL3(SYS_execve, "/no/such", missing, KERNEL_HALF), -EFAULT);
}

/* /tmp/name with mode `mode`, holding the bytes of `from` (or `text`) */
static void
tmp_file_from(const char *name, long mode, const char *from, const char *text)
{
    char buf[4096];
    long in = from ? sys_open(from, O_RDONLY, 0) : -1, out, n;

    out = sys_open(name, O_WRONLY | O_CREAT | O_TRUNC, mode);
    if (!from)
        SYSCALL3(SYS_write, out, text, strlen(text));
    while (from && (n = SYSCALL3(SYS_read, in, buf, sizeof(buf))) > 0)
        SYSCALL3(SYS_write, out, buf, n);
    sys_close(in), sys_close(out);
}

/* ---- exec of a program stored in /tmp */
static void
check_exec_tmp(char *self)
{
    char *argv[] = { "/tmp/ft", "--exit", "5", 0 }, *none[] = { 0 };
    long pid;

    tmp_file_from("/tmp/ft", 0755, self, 0);
    tmp_file_from("/tmp/ft-noexec", 0644, self, 0);
    tmp_file_from("/tmp/text", 0755, 0, "not a program\n");
    if ((pid = SYSCALL0(SYS_fork)) == 0) {
        SYSCALL3(SYS_execve, "/tmp/ft", argv, none);
        _exit(99);
    }
    expect("exec-tmp-program", child_status(pid), 5 << 8);
    expect("exec-tmp-no-x-bit", SYSCALL3(SYS_execve, "/tmp/ft-noexec", argv, none), -EACCES);
    expect("exec-tmp-directory", SYSCALL3(SYS_execve, "/tmp", argv, none), -EACCES);
    expect("exec-tmp-missing", SYSCALL3(SYS_execve, "/tmp/none", argv, none), -ENOENT);
    expect("exec-tmp-not-elf", SYSCALL3(SYS_execve, "/tmp/text", argv, none), -ENOEXEC);
    SYSCALL1(SYS_unlink, "/tmp/ft"), SYSCALL1(SYS_unlink, "/tmp/ft-noexec");
    SYSCALL1(SYS_unlink, "/tmp/text");
}

/* filetest --env: 8 if the environment is exactly FILETEST=env, else 9 */
static int
env_child(char **envp)
{
    return envp[0] && !strcmp(envp[0], "FILETEST=env") && !envp[1] ? 8 : 9;
}

/* ---- ids, umask, limits, sysinfo, getrandom */
static void
check_system(void)
{
    struct rlimit rl, rl2;
    struct sysinfo si;
    uint64_t r1[4] = { 0 }, r2[4] = { 0 };
    uint32_t a = 1, b, c = 0, d;
    long fd;
    struct stat st;

    expect("getuid", SYSCALL0(SYS_getuid), 0);
    expect("geteuid", SYSCALL0(SYS_geteuid), 0);
    expect("getgid", SYSCALL0(SYS_getgid), 0);
    expect("getegid", SYSCALL0(SYS_getegid), 0);
    expect("umask-default", SYSCALL1(SYS_umask, 077), 022);
    fd = sys_open("/tmp/u", O_WRONLY | O_CREAT, 0666);
    expect("umask-applies", (SYSCALL2(SYS_fstat, fd, &st), st.st_mode & 0777), 0600);
    sys_close(fd), SYSCALL1(SYS_unlink, "/tmp/u");
    expect("umask-back", SYSCALL1(SYS_umask, 022), 077);

    expect("getrlimit-nofile", SYSCALL2(SYS_getrlimit, RLIMIT_NOFILE, &rl), 0);
    expect("getrlimit-nofile-value", rl.rlim_cur == NFILE && rl.rlim_max == NFILE, 1);
    expect("getrlimit-bad-resource", SYSCALL2(SYS_getrlimit, 99, &rl), -EINVAL);
    expect("getrlimit-bad-pointer", SYSCALL2(SYS_getrlimit, RLIMIT_NOFILE, KERNEL_HALF), -EFAULT);
    expect("prlimit-get", SYSCALL4(SYS_prlimit64, 0, RLIMIT_STACK, 0, &rl), 0);
    rl2 = (struct rlimit){ rl.rlim_cur / 2, rl.rlim_max };
    expect("prlimit-set", SYSCALL4(SYS_prlimit64, 0, RLIMIT_STACK, &rl2, &rl), 0);
    expect("prlimit-set-old", (SYSCALL4(SYS_prlimit64, 0, RLIMIT_STACK, 0, &rl2), rl2.rlim_cur * 2),
           (long)rl.rlim_cur);
    rl2 = (struct rlimit){ 10, 5 };
    expect("prlimit-cur-over-max", SYSCALL4(SYS_prlimit64, 0, RLIMIT_STACK, &rl2, 0), -EINVAL);
    expect("prlimit-no-such-pid", SYSCALL4(SYS_prlimit64, 99999, RLIMIT_STACK, 0, &rl), -ESRCH);
    expect("prlimit-bad-new", SYSCALL4(SYS_prlimit64, 0, RLIMIT_STACK, KERNEL_HALF, 0), -EFAULT);
    rl2 = (struct rlimit){ 1000, 1000 };
    expect("prlimit-nofile-past-table", SYSCALL4(SYS_prlimit64, 0, RLIMIT_NOFILE, &rl2, 0), -EPERM);

    expect("sysinfo", SYSCALL1(SYS_sysinfo, &si), 0);
    expect("sysinfo-ram", si.totalram > si.freeram && si.freeram > 0 && si.mem_unit == 1, 1);
    expect("sysinfo-procs", si.procs >= 1, 1);
    expect("sysinfo-bad-pointer", SYSCALL1(SYS_sysinfo, KERNEL_HALF), -EFAULT);

    __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
    printf("filetest: getrandom's source: %s\n", c & (1u << 30) ? "RDRAND" : "SipHash-2-4 (no RDRAND)");
    expect("getrandom", SYSCALL3(SYS_getrandom, r1, sizeof(r1), 0), sizeof(r1));
    expect("getrandom-again", SYSCALL3(SYS_getrandom, r2, sizeof(r2), GRND_NONBLOCK), sizeof(r2));
    expect("getrandom-differs", memcmp(r1, r2, sizeof(r1)) != 0 && (r1[0] | r1[1]) != 0, 1);
    expect("getrandom-zero", SYSCALL3(SYS_getrandom, r1, 0, 0), 0);
    expect("getrandom-bad-flags", SYSCALL3(SYS_getrandom, r1, 8, 8), -EINVAL);
    expect("getrandom-random-insecure", SYSCALL3(SYS_getrandom, r1, 8, GRND_RANDOM | GRND_INSECURE),
           -EINVAL);
    expect("getrandom-bad-pointer", SYSCALL3(SYS_getrandom, KERNEL_HALF, 8, 0), -EFAULT);
}

static int
fd_open(const char *s)
{
    return SYSCALL2(SYS_fcntl, strtol(s, 0, 10), F_GETFD) >= 0;
}

/* /dev/null: takes any write whole (without reading the bytes), reads
 * nothing, is a character device, and is no directory. */
static void
check_dev_null(void)
{
    struct stat st;
    char buf[8];
    long fd = sys_open("/dev/null", O_RDWR | O_CREAT | O_TRUNC, 0644);

    expect("devnull-open", fd >= 0, 1);
    expect("devnull-write", SYSCALL3(SYS_write, fd, "hello", 5), 5);
    expect("devnull-write-bad-buffer", SYSCALL3(SYS_write, fd, KERNEL_HALF, 5), 5);
    expect("devnull-read", SYSCALL3(SYS_read, fd, buf, sizeof(buf)), 0);
    expect("devnull-lseek", SYSCALL3(SYS_lseek, fd, 100, SEEK_SET), 0);
    expect("devnull-fstat", SYSCALL2(SYS_fstat, fd, &st), 0);
    expect("devnull-fstat-mode", st.st_mode, S_IFCHR | 0666);
    expect("devnull-stat-rdev", SYSCALL2(SYS_stat, "/dev/null", &st) == 0 && st.st_rdev == 0x103, 1);
    expect("devnull-close", SYSCALL1(SYS_close, fd), 0);
    expect("devnull-read-only-write", (fd = sys_open("/dev/null", O_RDONLY, 0)) >= 0 &&
           SYSCALL3(SYS_write, fd, "x", 1) == -EBADF, 1);
    SYSCALL1(SYS_close, fd);
    expect("devnull-not-a-directory", sys_open("/dev/null", O_RDONLY | O_DIRECTORY, 0), -ENOTDIR);
}

int
main(int argc, char **argv, char **envp)
{
    long frames, heap;

    if (argc == 4 && !strcmp(argv[1], "--fds"))
        return fd_open(argv[2]) | fd_open(argv[3]) << 1;
    if (argc == 2 && !strcmp(argv[1], "--env"))
        return env_child(envp);
    if (argc == 3 && !strcmp(argv[1], "--exit"))
        return (int)strtol(argv[2], 0, 10);
    check_paths();      /* first: fd 3 is the lowest free one */
    check_tmp_files();
    check_tmp_dirs();
    check_fds();
    check_pipes();
    check_poll();
    check_processes(argv[0]);
    check_environment(argv[0]);
    check_exec_tmp(argv[0]);
    check_truncate();
    check_statx_faccessat2();
    check_system();
    check_dev_null();
    /* everything again, now that the kernel's pools have been used:
     * the frames must come back to the same count */
    frames = SYSCALL1(SYS_ringlab_stat, RL_STAT_FRAME_BALANCE);
    heap = SYSCALL1(SYS_ringlab_stat, RL_STAT_HEAP_USED);
    check_tmp_full();
    check_pipes();
    expect("frames-back-at-baseline", SYSCALL1(SYS_ringlab_stat, RL_STAT_FRAME_BALANCE), frames);
    expect("kernel-heap-back-at-baseline", SYSCALL1(SYS_ringlab_stat, RL_STAT_HEAP_USED), heap);
    printf("filetest: %d passed, %d failed\n", passed, failed);
    if (argc > 1)
        printf("arg: %s\n", argv[1]);
    return failed != 0;
}

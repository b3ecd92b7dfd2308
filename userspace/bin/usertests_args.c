/* usertests_args.c — bad arguments to every system call: one table row per
 * case, "the call with these arguments must return this".
 *
 * Pointers: NULL, a kernel address (the image, the direct map), the two
 * kinds of non-canonical address, an unmapped page, the stack's guard
 * page, our own code or read-only data where the kernel must write, a
 * buffer or string that starts 4 bytes before an unmapped page, and one
 * that runs past the top of the user half. The kernel must answer -EFAULT
 * through its exception-fixup table (kernel/mm/usercopy.c), never fault.
 * Then bad file descriptors, lengths, flags, clocks, codes, and numbers
 * that are not system calls at all. */
#include "usertests.h"
#include <ringlab/syscall.h>
#include <ringlab/abi.h>
#include <errno.h>
#include <string.h>

/* Markers for arguments known only at run time (resolved by arg()). */
#define M_FILE     0xa5a5a5a500000001UL     /* ut.file_fd */
#define M_DIR      0xa5a5a5a500000002UL     /* ut.dir_fd */
#define M_CLOSED   0xa5a5a5a500000003UL     /* ut.closed_fd */
#define M_STRADDLE 0xa5a5a5a500000004UL     /* ut.heap_end - 4 */
#define M_STRADDLE8 0xa5a5a5a500000005UL    /* ut.heap_end - 8 */
#define M_BRK      0xa5a5a5a500000006UL     /* the break now (brk's "no") */

#define PAST_TOP   (USER_TOP - 16)          /* 16 bytes, then the hole */
#define WRAPS      0xfffffffffffffff0UL

static char buf[4096] __attribute__((aligned(16)));
static const char rodata[64] = "read-only data";
static char long_path[5000];
static char big_arg[3000];
static char *many_args[40];
static char *const argv_big[] = { big_arg, big_arg, 0 };
static char *const argv_kernel0[] = { (char *)KERNEL_TEXT, 0 };
static char *const argv_ok[] = { "x", 0 };
static char *const envp_kernel0[] = { (char *)KERNEL_TEXT, 0 };
static char *const envp_unmapped0[] = { "A=1", (char *)UNMAPPED, 0 };
static const struct iovec iov_null_base[] = { { 0, 4 } };
static const struct iovec iov_kernel_base[] = { { (void *)KERNEL_TEXT, 4 } };
static const struct iovec iov_nc_base[] = { { (void *)NON_CANON, 4 } };
static const struct iovec iov_negative[] = { { buf, 0x8000000000000000UL } };
static const struct timespec ts_nsec_big = { 0, 1000000000 };
static const struct timespec ts_nsec_neg = { 0, -1 };
static const struct timespec ts_sec_neg = { -1, 0 };
static const struct timespec ts_short = { 0, 1000 };

#define P(x) ((uint64_t)(x))
#define TEXT P(ut_bad_arguments)    /* our own code: read-only */
#define RO   P(rodata)
#define BUF  P(buf)

struct bad_case {
    const char *name;
    long nr;
    uint64_t a[4];
    long want;
};

/* Linux's numbers for calls ringlab does not have are -ENOSYS like any
 * other unknown number; these are never system calls on any kernel. */
#define X32_BIT 0x40000000L

static const struct bad_case cases[] = {
    /* read(fd, buf, n): the kernel writes buf */
    { "read-null", SYS_read, { M_FILE, 0, 8 }, -EFAULT },
    { "read-kernel", SYS_read, { M_FILE, KERNEL_TEXT, 8 }, -EFAULT },
    { "read-direct-map", SYS_read, { M_FILE, DIRECT_MAP, 8 }, -EFAULT },
    { "read-non-canonical", SYS_read, { M_FILE, NON_CANON, 8 }, -EFAULT },
    { "read-non-canonical-high", SYS_read, { M_FILE, NON_CANON_HI, 8 }, -EFAULT },
    { "read-unmapped", SYS_read, { M_FILE, UNMAPPED, 8 }, -EFAULT },
    { "read-stack-guard", SYS_read, { M_FILE, STACK_GUARD, 8 }, -EFAULT },
    { "read-into-text", SYS_read, { M_FILE, TEXT, 8 }, -EFAULT },
    { "read-into-rodata", SYS_read, { M_FILE, RO, 8 }, -EFAULT },
    { "read-straddles-unmapped", SYS_read, { M_FILE, M_STRADDLE, 8 }, -EFAULT },
    { "read-past-user-top", SYS_read, { M_FILE, PAST_TOP, 32 }, -EFAULT },
    { "read-wraps-around", SYS_read, { M_FILE, WRAPS, 32 }, -EFAULT },
    { "read-huge-length", SYS_read, { M_FILE, BUF, -1UL }, -EFAULT },
    { "read-fd-negative", SYS_read, { -1UL, BUF, 8 }, -EBADF },
    { "read-fd-16", SYS_read, { 16, BUF, 8 }, -EBADF },
    { "read-fd-huge", SYS_read, { 0x7fffffff, BUF, 8 }, -EBADF },
    { "read-fd-int-min", SYS_read, { 0x80000000UL, BUF, 8 }, -EBADF },
    { "read-fd-closed", SYS_read, { M_CLOSED, BUF, 8 }, -EBADF },
    { "read-directory", SYS_read, { M_DIR, BUF, 8 }, -EISDIR },
    { "read-zero-bytes-null", SYS_read, { M_FILE, 0, 0 }, 0 },
    /* write(fd, buf, n): the kernel reads buf */
    { "write-null", SYS_write, { 1, 0, 8 }, -EFAULT },
    { "write-kernel", SYS_write, { 1, KERNEL_TEXT, 8 }, -EFAULT },
    { "write-direct-map", SYS_write, { 1, DIRECT_MAP, 8 }, -EFAULT },
    { "write-non-canonical", SYS_write, { 1, NON_CANON, 8 }, -EFAULT },
    { "write-non-canonical-high", SYS_write, { 1, NON_CANON_HI, 8 }, -EFAULT },
    { "write-unmapped", SYS_write, { 1, UNMAPPED, 8 }, -EFAULT },
    { "write-stack-guard", SYS_write, { 1, STACK_GUARD, 8 }, -EFAULT },
    { "write-straddles-unmapped", SYS_write, { 1, M_STRADDLE, 8 }, -EFAULT },
    { "write-past-user-top", SYS_write, { 1, PAST_TOP, 32 }, -EFAULT },
    { "write-wraps-around", SYS_write, { 1, WRAPS, 32 }, -EFAULT },
    { "write-huge-length", SYS_write, { 1, BUF, 1UL << 62 }, -EFAULT },
    { "write-fd-negative", SYS_write, { -1UL, BUF, 8 }, -EBADF },
    { "write-fd-99", SYS_write, { 99, BUF, 8 }, -EBADF },
    { "write-fd-read-only-file", SYS_write, { M_FILE, BUF, 8 }, -EBADF },
    { "write-fd-directory", SYS_write, { M_DIR, BUF, 8 }, -EBADF },
    { "write-fd-closed", SYS_write, { M_CLOSED, BUF, 8 }, -EBADF },
    /* open(path, flags): the kernel reads a string */
    { "open-null", SYS_open, { 0, O_RDONLY }, -EFAULT },
    { "open-kernel", SYS_open, { KERNEL_TEXT, O_RDONLY }, -EFAULT },
    { "open-direct-map", SYS_open, { DIRECT_MAP, O_RDONLY }, -EFAULT },
    { "open-non-canonical", SYS_open, { NON_CANON, O_RDONLY }, -EFAULT },
    { "open-unmapped", SYS_open, { UNMAPPED, O_RDONLY }, -EFAULT },
    { "open-stack-guard", SYS_open, { STACK_GUARD, O_RDONLY }, -EFAULT },
    { "open-straddles-unmapped", SYS_open, { M_STRADDLE, O_RDONLY }, -EFAULT },
    { "open-past-user-top", SYS_open, { USER_TOP - 1, O_RDONLY }, -EFAULT },
    { "open-name-too-long", SYS_open, { P(long_path), O_RDONLY }, -ENAMETOOLONG },
    { "open-empty-path", SYS_open, { P(""), O_RDONLY }, -ENOENT },
    { "open-missing", SYS_open, { P("/no/such/file"), O_RDONLY }, -ENOENT },
    { "open-file-as-directory", SYS_open, { P("/bin/sh/x"), O_RDONLY }, -ENOTDIR },
    { "open-write-only", SYS_open, { P("/bin/sh"), O_WRONLY }, -EROFS },
    { "open-read-write", SYS_open, { P("/bin/sh"), O_RDWR }, -EROFS },
    { "open-create", SYS_open, { P("/bin/new"), O_WRONLY | O_CREAT, 0644 }, -EROFS },
    { "open-truncate", SYS_open, { P("/bin/sh"), O_RDONLY | O_TRUNC }, -EROFS },
    { "open-o-directory-on-file", SYS_open, { P("/bin/sh"), O_DIRECTORY }, -ENOTDIR },
    { "open-directory-for-writing", SYS_open, { P("/bin"), O_WRONLY }, -EISDIR },
    { "open-create-exclusive-existing", SYS_open, { P("/bin/sh"), O_CREAT | O_EXCL }, -EEXIST },
    /* close(fd) */
    { "close-negative", SYS_close, { -1UL }, -EBADF },
    { "close-16", SYS_close, { 16 }, -EBADF },
    { "close-huge", SYS_close, { 0x7fffffff }, -EBADF },
    { "close-int-min", SYS_close, { 0x80000000UL }, -EBADF },
    { "close-closed", SYS_close, { M_CLOSED }, -EBADF },
    /* lseek(fd, offset, whence) */
    { "lseek-bad-fd", SYS_lseek, { 42, 0, 0 }, -EBADF },
    { "lseek-console", SYS_lseek, { 1, 0, 0 }, -ESPIPE },
    { "lseek-bad-whence", SYS_lseek, { M_FILE, 0, 3 }, -EINVAL },
    { "lseek-negative", SYS_lseek, { M_FILE, -1UL, 0 }, -EINVAL },
    { "lseek-overflows", SYS_lseek, { M_FILE, 0x7fffffffffffffffUL, 2 }, -EINVAL },
    { "lseek-end-of-directory", SYS_lseek, { M_DIR, 0, 2 }, -EINVAL },
    /* getdents64(fd, buf, n): the kernel writes buf */
    { "getdents-null", SYS_getdents64, { M_DIR, 0, 256 }, -EFAULT },
    { "getdents-kernel", SYS_getdents64, { M_DIR, KERNEL_TEXT, 256 }, -EFAULT },
    { "getdents-non-canonical", SYS_getdents64, { M_DIR, NON_CANON, 256 }, -EFAULT },
    { "getdents-unmapped", SYS_getdents64, { M_DIR, UNMAPPED, 256 }, -EFAULT },
    { "getdents-into-text", SYS_getdents64, { M_DIR, TEXT, 256 }, -EFAULT },
    { "getdents-into-rodata", SYS_getdents64, { M_DIR, RO, 256 }, -EFAULT },
    { "getdents-straddles-unmapped", SYS_getdents64, { M_DIR, M_STRADDLE, 256 }, -EFAULT },
    { "getdents-huge-length", SYS_getdents64, { M_DIR, BUF, -1UL }, -EFAULT },
    { "getdents-too-small", SYS_getdents64, { M_DIR, BUF, 1 }, -EINVAL },
    { "getdents-bad-fd", SYS_getdents64, { 77, BUF, 256 }, -EBADF },
    { "getdents-on-file", SYS_getdents64, { M_FILE, BUF, 256 }, -ENOTDIR },
    { "getdents-on-console", SYS_getdents64, { 0, BUF, 256 }, -ENOTDIR },
    /* writev(fd, iov, n): the kernel reads the iovecs, then each buffer */
    { "writev-iov-null", SYS_writev, { 1, 0, 1 }, -EFAULT },
    { "writev-iov-kernel", SYS_writev, { 1, KERNEL_TEXT, 1 }, -EFAULT },
    { "writev-iov-non-canonical", SYS_writev, { 1, NON_CANON, 1 }, -EFAULT },
    { "writev-iov-unmapped", SYS_writev, { 1, UNMAPPED, 1 }, -EFAULT },
    { "writev-iov-straddles-unmapped", SYS_writev, { 1, M_STRADDLE8, 1 }, -EFAULT },
    { "writev-base-null", SYS_writev, { 1, P(iov_null_base), 1 }, -EFAULT },
    { "writev-base-kernel", SYS_writev, { 1, P(iov_kernel_base), 1 }, -EFAULT },
    { "writev-base-non-canonical", SYS_writev, { 1, P(iov_nc_base), 1 }, -EFAULT },
    { "writev-length-negative", SYS_writev, { 1, P(iov_negative), 1 }, -EINVAL },
    { "writev-count-1025", SYS_writev, { 1, BUF, 1025 }, -EINVAL },
    { "writev-count-negative", SYS_writev, { 1, BUF, -1UL }, -EINVAL },
    { "writev-bad-fd", SYS_writev, { 33, BUF, 1 }, -EBADF },
    { "writev-count-zero", SYS_writev, { 1, 0, 0 }, 0 },
    /* ioctl(fd, request, arg) */
    { "ioctl-bad-fd", SYS_ioctl, { 55, 0x5413, BUF }, -EBADF },
    { "ioctl-console-kernel-arg", SYS_ioctl, { 1, 0x5413, KERNEL_TEXT }, -ENOTTY },
    /* uname(buf): the kernel writes 390 bytes */
    { "uname-null", SYS_uname, { 0 }, -EFAULT },
    { "uname-kernel", SYS_uname, { KERNEL_TEXT }, -EFAULT },
    { "uname-non-canonical", SYS_uname, { NON_CANON }, -EFAULT },
    { "uname-unmapped", SYS_uname, { UNMAPPED }, -EFAULT },
    { "uname-into-text", SYS_uname, { TEXT }, -EFAULT },
    { "uname-into-rodata", SYS_uname, { RO }, -EFAULT },
    { "uname-straddles-unmapped", SYS_uname, { M_STRADDLE }, -EFAULT },
    { "uname-past-user-top", SYS_uname, { PAST_TOP }, -EFAULT },
    /* clock_gettime(clock, ts) */
    { "clock-null", SYS_clock_gettime, { CLOCK_MONOTONIC, 0 }, -EFAULT },
    { "clock-kernel", SYS_clock_gettime, { CLOCK_MONOTONIC, KERNEL_TEXT }, -EFAULT },
    { "clock-non-canonical", SYS_clock_gettime, { CLOCK_MONOTONIC, NON_CANON_HI }, -EFAULT },
    { "clock-unmapped", SYS_clock_gettime, { CLOCK_MONOTONIC, UNMAPPED }, -EFAULT },
    { "clock-into-text", SYS_clock_gettime, { CLOCK_REALTIME, TEXT }, -EFAULT },
    { "clock-straddles-unmapped", SYS_clock_gettime, { CLOCK_MONOTONIC, M_STRADDLE }, -EFAULT },
    { "clock-bad-id", SYS_clock_gettime, { 99, BUF }, -EINVAL },
    { "clock-negative-id", SYS_clock_gettime, { -1UL, BUF }, -EINVAL },
    /* nanosleep(req, rem): the kernel reads req */
    { "nanosleep-null", SYS_nanosleep, { 0, 0 }, -EFAULT },
    { "nanosleep-kernel", SYS_nanosleep, { KERNEL_TEXT, 0 }, -EFAULT },
    { "nanosleep-non-canonical", SYS_nanosleep, { NON_CANON, 0 }, -EFAULT },
    { "nanosleep-unmapped", SYS_nanosleep, { UNMAPPED, 0 }, -EFAULT },
    { "nanosleep-straddles-unmapped", SYS_nanosleep, { M_STRADDLE8, 0 }, -EFAULT },
    { "nanosleep-nsec-1e9", SYS_nanosleep, { P(&ts_nsec_big), 0 }, -EINVAL },
    { "nanosleep-nsec-negative", SYS_nanosleep, { P(&ts_nsec_neg), 0 }, -EINVAL },
    { "nanosleep-sec-negative", SYS_nanosleep, { P(&ts_sec_neg), 0 }, -EINVAL },
    { "nanosleep-rem-kernel", SYS_nanosleep, { P(&ts_short), KERNEL_TEXT }, 0 },
    /* arch_prctl(code, addr) */
    { "arch-prctl-fs-kernel", SYS_arch_prctl, { ARCH_SET_FS, KERNEL_TEXT }, -EPERM },
    { "arch-prctl-fs-non-canonical", SYS_arch_prctl, { ARCH_SET_FS, NON_CANON }, -EPERM },
    { "arch-prctl-fs-non-canonical-high", SYS_arch_prctl, { ARCH_SET_FS, NON_CANON_HI }, -EPERM },
    { "arch-prctl-fs-last-page", SYS_arch_prctl, { ARCH_SET_FS, USER_TOP - 4096 }, -EPERM },
    { "arch-prctl-get-fs-null", SYS_arch_prctl, { ARCH_GET_FS, 0 }, -EFAULT },
    { "arch-prctl-get-fs-kernel", SYS_arch_prctl, { ARCH_GET_FS, KERNEL_TEXT }, -EFAULT },
    { "arch-prctl-get-fs-into-text", SYS_arch_prctl, { ARCH_GET_FS, TEXT }, -EFAULT },
    { "arch-prctl-get-fs-straddles", SYS_arch_prctl, { ARCH_GET_FS, M_STRADDLE }, -EFAULT },
    { "arch-prctl-set-gs", SYS_arch_prctl, { ARCH_SET_GS, BUF }, -EINVAL },
    { "arch-prctl-get-gs", SYS_arch_prctl, { ARCH_GET_GS, BUF }, -EINVAL },
    { "arch-prctl-bad-code", SYS_arch_prctl, { 0x9999, BUF }, -EINVAL },
    /* wait4(pid, status, options, rusage), with no children yet */
    { "wait4-pid-0", SYS_wait4, { 0, BUF, 0 }, -EINVAL },
    { "wait4-pid-minus-2", SYS_wait4, { -2UL, BUF, 0 }, -EINVAL },
    { "wait4-bad-options", SYS_wait4, { -1UL, BUF, 0x80000000UL }, -EINVAL },
    { "wait4-no-children", SYS_wait4, { -1UL, BUF, 0 }, -ECHILD },
    { "wait4-unknown-pid", SYS_wait4, { 99999, BUF, 0 }, -ECHILD },
    /* execve(path, argv, envp): every failure leaves this process as it was */
    { "execve-path-null", SYS_execve, { 0, P(argv_ok), 0 }, -EFAULT },
    { "execve-path-kernel", SYS_execve, { KERNEL_TEXT, P(argv_ok), 0 }, -EFAULT },
    { "execve-path-non-canonical", SYS_execve, { NON_CANON, P(argv_ok), 0 }, -EFAULT },
    { "execve-path-unmapped", SYS_execve, { UNMAPPED, P(argv_ok), 0 }, -EFAULT },
    { "execve-path-straddles-unmapped", SYS_execve, { M_STRADDLE, P(argv_ok), 0 }, -EFAULT },
    { "execve-path-too-long", SYS_execve, { P(long_path), P(argv_ok), 0 }, -ENAMETOOLONG },
    { "execve-argv-kernel", SYS_execve, { P("/no/such"), KERNEL_TEXT, 0 }, -EFAULT },
    { "execve-argv-non-canonical", SYS_execve, { P("/no/such"), NON_CANON, 0 }, -EFAULT },
    { "execve-argv-unmapped", SYS_execve, { P("/no/such"), UNMAPPED, 0 }, -EFAULT },
    { "execve-argv-straddles-unmapped", SYS_execve, { P("/no/such"), M_STRADDLE, 0 }, -EFAULT },
    { "execve-argv0-kernel", SYS_execve, { P("/no/such"), P(argv_kernel0), 0 }, -EFAULT },
    { "execve-envp-kernel", SYS_execve, { P("/no/such"), P(argv_ok), KERNEL_TEXT }, -EFAULT },
    { "execve-envp-entry-kernel", SYS_execve, { P("/no/such"), P(argv_ok), P(envp_kernel0) }, -EFAULT },
    { "execve-envp-entry-unmapped", SYS_execve, { P("/no/such"), P(argv_ok), P(envp_unmapped0) }, -EFAULT },
    { "execve-too-many-args", SYS_execve, { P("/no/such"), P(many_args), 0 }, -E2BIG },
    { "execve-args-too-long", SYS_execve, { P("/no/such"), P(argv_big), 0 }, -E2BIG },
    { "execve-missing", SYS_execve, { P("/no/such"), P(argv_ok), 0 }, -ENOENT },
    { "execve-script", SYS_execve, { P("/etc/lab4.sh"), P(argv_ok), 0 }, -ENOEXEC },
    { "execve-directory", SYS_execve, { P("/bin"), P(argv_ok), 0 }, -ENOENT },
    /* brk(addr): never an error code, the break as it is afterwards */
    { "brk-kernel", SYS_brk, { KERNEL_TEXT }, M_BRK },
    { "brk-non-canonical", SYS_brk, { NON_CANON }, M_BRK },
    { "brk-into-the-stack", SYS_brk, { STACK_GUARD }, M_BRK },
    { "brk-below-start", SYS_brk, { 4096 }, M_BRK },
    { "brk-huge", SYS_brk, { -4096UL }, M_BRK },
    /* numbers that are no system call */
    { "syscall-335-unused", 335, { 0 }, -ENOSYS },
    { "syscall-500", 500, { 0 }, -ENOSYS },
    { "syscall-1001", 1001, { 0 }, -ENOSYS },
    { "syscall-x32-getpid", X32_BIT | SYS_getpid, { 0 }, -ENOSYS },
    { "syscall-2-to-the-32", 1L << 32, { 0 }, -ENOSYS },
    { "syscall-negative", -1, { 0 }, -ENOSYS },
    { "syscall-int-min", (long)0xffffffff80000000UL, { 0 }, -ENOSYS },
    { "syscall-max", 0x7fffffffffffffffL, { 0 }, -ENOSYS },
    { "ringlab-stat-unknown", SYS_ringlab_stat, { 99 }, -EINVAL },
    { "ringlab-stat-negative", SYS_ringlab_stat, { -1UL }, -EINVAL },
};

static uint64_t
arg(uint64_t v)
{
    switch (v) {
    case M_FILE: return (uint64_t)ut.file_fd;
    case M_DIR: return (uint64_t)ut.dir_fd;
    case M_CLOSED: return (uint64_t)ut.closed_fd;
    case M_STRADDLE: return ut.heap_end - 4;
    case M_STRADDLE8: return ut.heap_end - 8;
    case M_BRK: return (uint64_t)SYSCALL1(SYS_brk, 0);
    default: return v;
    }
}

static void
fill_buffers(void)
{
    memset(long_path, 'p', sizeof(long_path) - 1);
    memset(big_arg, 'b', sizeof(big_arg) - 1);
    for (int i = 0; i < 33; i++)
        many_args[i] = "arg";           /* 33: one more than exec takes */
}

void
ut_bad_arguments(void)
{
    fill_buffers();
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct bad_case *c = &cases[i];
        memset((char *)ut.heap_end - 8, 'a', 8);   /* what the last case wrote */
        long want = (long)arg((uint64_t)c->want);
        long got = syscall6(c->nr, arg(c->a[0]), arg(c->a[1]), arg(c->a[2]), arg(c->a[3]), 0, 0);
        if (c->nr == SYS_read && got >= 0)  /* back to the start of /bin/sh */
            SYSCALL3(SYS_lseek, ut.file_fd, 0, 0);
        if (c->nr == SYS_open && got >= 0)
            SYSCALL1(SYS_close, got);
        ut_check(c->name, got == want, "got %ld, want %ld", got, want);
    }
}

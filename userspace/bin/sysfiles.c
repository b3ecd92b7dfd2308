/* sysfiles.c — /bin/sysfiles: lab 4's system calls, good and bad arguments.
 *
 *   sysfiles [word]
 *
 * One line per check, "ok <name>" or "FAIL <name>: got <g>, want <w>", then
 * "sysfiles: N passed, N failed" and, if given a word, "arg: <word>".
 * Every call is made raw (SYSCALLn), so the kernel's own -errno is seen.
 * The expected values are Linux's: the same bad calls were checked on
 * Linux 6.18, and EROFS is what Linux gives on a read-only mount.
 * The checks, by table:
 *   open     bad pointers, missing and malformed paths, write flags on a
 *            read-only file system, O_DIRECTORY, EMFILE, the lowest free fd
 *   read     /bin/minimal's ELF magic, positions, lseek, the end, bad fds
 *   dirs     getdents64 of /bin and / against what must be there, in big
 *            and small buffers, rewinding, bad buffers and fds
 *   fork     parent and child share an open file's position; a child
 *            sleeps alone while its parent waits
 *   heap     brk: query, grow (zeroed, writable), shrink, refusals
 *   names    uname, the pids, set_tid_address, ioctl, writev
 *   time     clock_gettime, nanosleep (a short one returns, bad ones fail)
 *   tls      arch_prctl: set, get, a %fs-relative read, refusals
 * Exit status: 0 if every check passed, 1 if not. */
#include <ringlab/abi.h>
#include <ringlab/syscall.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define KERNEL_HALF   0xffffffff80100000UL
#define NON_CANONICAL 0x0000800000000000UL
#define PAGE          4096UL
#define NFILE         16                /* the kernel's fds per process */
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define TIOCGWINSZ 0x5413

static int passed, failed;

static void
expect(const char *name, long got, long want)
{
    if (got == want) {
        printf("ok %s\n", name);
        passed++;
    } else {
        printf("FAIL %s: got %ld, want %ld\n", name, got, want);
        failed++;
    }
}

static long
sys_open(const char *path, long flags)
{
    return SYSCALL3(SYS_open, path, flags, 0);
}

static void
check_open(void)
{
    char longpath[300];
    long fd;

    memset(longpath, 'a', sizeof(longpath) - 1);
    longpath[0] = '/';
    longpath[sizeof(longpath) - 1] = '\0';
    expect("open-null", sys_open(0, O_RDONLY), -EFAULT);
    expect("open-kernel-half", SYSCALL3(SYS_open, KERNEL_HALF, O_RDONLY, 0), -EFAULT);
    expect("open-non-canonical", SYSCALL3(SYS_open, NON_CANONICAL, O_RDONLY, 0), -EFAULT);
    expect("open-missing", sys_open("/no/such", O_RDONLY), -ENOENT);
    expect("open-missing-in-bin", sys_open("/bin/no-such", O_RDONLY), -ENOENT);
    expect("open-empty", sys_open("", O_RDONLY), -ENOENT);
    expect("open-too-long", sys_open(longpath, O_RDONLY), -ENAMETOOLONG);
    expect("open-wronly", sys_open("/bin/minimal", O_WRONLY), -EROFS);
    expect("open-rdwr", sys_open("/bin/minimal", O_RDWR), -EROFS);
    expect("open-trunc", sys_open("/bin/minimal", O_RDONLY | O_TRUNC), -EROFS);
    expect("open-creat-new", sys_open("/bin/new", O_WRONLY | O_CREAT), -EROFS);
    expect("open-creat-excl", sys_open("/bin/minimal", O_RDONLY | O_CREAT | O_EXCL), -EEXIST);
    expect("open-dir-wronly", sys_open("/bin", O_WRONLY), -EISDIR);
    expect("open-dir-creat", sys_open("/bin", O_RDONLY | O_CREAT), -EISDIR);
    expect("open-file-o-directory", sys_open("/bin/minimal", O_RDONLY | O_DIRECTORY), -ENOTDIR);
    expect("open-file-as-dir", sys_open("/bin/minimal/x", O_RDONLY), -ENOTDIR);
    expect("open-file-slash", sys_open("/bin/minimal/", O_RDONLY), -ENOTDIR);
    fd = sys_open("bin/minimal", O_RDONLY | O_CLOEXEC);
    expect("open-relative-lowest-fd", fd, 3);
    expect("close", SYSCALL1(SYS_close, fd), 0);
    expect("close-again", SYSCALL1(SYS_close, fd), -EBADF);
    expect("close-negative", SYSCALL1(SYS_close, -1), -EBADF);
    expect("close-huge", SYSCALL1(SYS_close, 1000), -EBADF);
    expect("open-dir-o-directory", fd = sys_open("/bin/", O_RDONLY | O_DIRECTORY), 3);
    SYSCALL1(SYS_close, fd);
}

/* Fills the fd table with opens of one file: the first that fails must
 * fail with -EMFILE, after NFILE - 3 (0, 1, 2 are the console's). */
static void
check_emfile(void)
{
    long fds[NFILE], fd;
    int n = 0;

    while (n < NFILE && (fd = sys_open("/bin/minimal", O_RDONLY)) >= 0)
        fds[n++] = fd;
    expect("open-emfile", fd, -EMFILE);
    expect("open-emfile-count", n, NFILE - 3);
    SYSCALL1(SYS_close, fds[2]);
    expect("open-reuses-freed-fd", fd = sys_open("/bin/minimal", O_RDONLY), fds[2]);
    fds[2] = fd;
    while (n > 0)
        SYSCALL1(SYS_close, fds[--n]);
}

static void
check_read(void)
{
    char buf[64];
    long fd = sys_open("/bin/minimal", O_RDONLY), size, total = 4, n;

    expect("read-elf-magic-len", SYSCALL3(SYS_read, fd, buf, 4), 4);
    expect("read-elf-magic", memcmp(buf, "\x7f" "ELF", 4), 0);
    expect("lseek-cur", SYSCALL3(SYS_lseek, fd, 0, SEEK_CUR), 4);
    expect("read-into-kernel", SYSCALL3(SYS_read, fd, KERNEL_HALF, 4), -EFAULT);
    expect("read-null", SYSCALL3(SYS_read, fd, 0, 4), -EFAULT);
    expect("read-fault-keeps-pos", SYSCALL3(SYS_lseek, fd, 0, SEEK_CUR), 4);
    while ((n = SYSCALL3(SYS_read, fd, buf, sizeof(buf))) > 0)
        total += n;
    size = SYSCALL3(SYS_lseek, fd, 0, SEEK_END);
    expect("read-whole-file", total, size);
    expect("read-whole-file-nonempty", size > 64, 1);
    expect("read-at-end", SYSCALL3(SYS_read, fd, buf, sizeof(buf)), 0);
    expect("lseek-set", SYSCALL3(SYS_lseek, fd, 1, SEEK_SET), 1);
    expect("read-after-lseek", SYSCALL3(SYS_read, fd, buf, 3) == 3 && memcmp(buf, "ELF", 3) == 0, 1);
    expect("lseek-end-minus", SYSCALL3(SYS_lseek, fd, -2, SEEK_END), size - 2);
    expect("lseek-past-end", SYSCALL3(SYS_lseek, fd, size + 100, SEEK_SET), size + 100);
    expect("read-past-end", SYSCALL3(SYS_read, fd, buf, 1), 0);
    expect("lseek-negative", SYSCALL3(SYS_lseek, fd, -1, SEEK_SET), -EINVAL);
    expect("lseek-bad-whence", SYSCALL3(SYS_lseek, fd, 0, 7), -EINVAL);
    expect("lseek-console", SYSCALL3(SYS_lseek, 1, 0, SEEK_CUR), -ESPIPE);
    expect("lseek-bad-fd", SYSCALL3(SYS_lseek, 99, 0, SEEK_SET), -EBADF);
    expect("write-to-file", SYSCALL3(SYS_write, fd, "x", 1), -EBADF);
    expect("read-bad-fd", SYSCALL3(SYS_read, 15, buf, 1), -EBADF);
    expect("read-negative-fd", SYSCALL3(SYS_read, -1, buf, 1), -EBADF);
    SYSCALL1(SYS_close, fd);
    expect("read-closed-fd", SYSCALL3(SYS_read, fd, buf, 1), -EBADF);
}

/* The programs the build always puts in /bin. */
static const char *const must_have[] = {
    "minimal", "sysret-edge", "enosys", "syscheck", "fault", "nullsys", "hello",
    "hello-pie", "echo", "cat", "ls", "spin", "libctest", "sh", "sysfiles",
};
#define N_MUST (sizeof(must_have) / sizeof(must_have[0]))
#define MAX_NAMES 64

struct listing {
    char names[MAX_NAMES][32];
    int n, bad_records, not_regular, root_has_bin_dir;
};

/* Lists `path` with getdents64 into `bufsize`-byte buffers. Returns the
 * last getdents64 result (0 at a clean end). */
static long
list_dir(const char *path, size_t bufsize, struct listing *l)
{
    char buf[1024] __attribute__((aligned(8)));
    long fd = sys_open(path, O_RDONLY | O_DIRECTORY), n;

    memset(l, 0, sizeof(*l));
    while ((n = SYSCALL3(SYS_getdents64, fd, buf, bufsize)) > 0) {
        for (long off = 0; off < n;) {
            const struct linux_dirent64 *d = (const void *)(buf + off);
            if (d->d_reclen % 8 || d->d_reclen < 20 || d->d_ino == 0 ||
                off + d->d_reclen > n)
                l->bad_records++;
            if (d->d_type != DT_REG)
                l->not_regular++;
            if (strcmp(d->d_name, "bin") == 0 && d->d_type == DT_DIR)
                l->root_has_bin_dir = 1;
            if (l->n < MAX_NAMES)
                strncpy(l->names[l->n++], d->d_name, 31);
            off += d->d_reclen ? d->d_reclen : n;
        }
    }
    SYSCALL1(SYS_close, fd);
    return n;
}

static int
count_name(const struct listing *l, const char *name)
{
    int c = 0;

    for (int i = 0; i < l->n; i++)
        c += strcmp(l->names[i], name) == 0;
    return c;
}

static void
check_dirs(void)
{
    static struct listing big, small, root;
    char buf[64] __attribute__((aligned(8)));
    int missing = 0, dups = 0, same = 1;
    long fd;

    expect("getdents-bin", list_dir("/bin", 1024, &big), 0);
    for (unsigned i = 0; i < N_MUST; i++)
        missing += count_name(&big, must_have[i]) == 0;
    for (int i = 0; i < big.n; i++)
        dups += count_name(&big, big.names[i]) != 1;
    expect("getdents-bin-has-programs", missing, 0);
    expect("getdents-bin-no-duplicates", dups, 0);
    expect("getdents-bin-all-regular", big.not_regular, 0);
    expect("getdents-bin-records", big.bad_records, 0);
    expect("getdents-small-buffers", list_dir("/bin", 64, &small), 0);
    for (int i = 0; i < big.n; i++)
        same &= i < small.n && strcmp(big.names[i], small.names[i]) == 0;
    expect("getdents-small-same-list", same && small.n == big.n, 1);
    expect("getdents-root", list_dir("/", 1024, &root), 0);
    expect("getdents-root-has-bin", root.root_has_bin_dir, 1);

    fd = sys_open("/bin", O_RDONLY | O_DIRECTORY);
    expect("getdents-too-small", SYSCALL3(SYS_getdents64, fd, buf, 8), -EINVAL);
    expect("getdents-zero", SYSCALL3(SYS_getdents64, fd, buf, 0), -EINVAL);
    expect("getdents-kernel-buf", SYSCALL3(SYS_getdents64, fd, KERNEL_HALF, 64), -EFAULT);
    expect("getdents-null", SYSCALL3(SYS_getdents64, fd, 0, 64), -EFAULT);
    expect("read-dir", SYSCALL3(SYS_read, fd, buf, 8), -EISDIR);
    SYSCALL3(SYS_getdents64, fd, buf, sizeof(buf));
    expect("lseek-dir-rewind", SYSCALL3(SYS_lseek, fd, 0, SEEK_SET), 0);
    expect("getdents-after-rewind", SYSCALL3(SYS_getdents64, fd, buf, sizeof(buf)) > 0 &&
           strcmp(((struct linux_dirent64 *)buf)->d_name, big.names[0]) == 0, 1);
    SYSCALL1(SYS_close, fd);
    fd = sys_open("/bin/minimal", O_RDONLY);
    expect("getdents-file", SYSCALL3(SYS_getdents64, fd, buf, sizeof(buf)), -ENOTDIR);
    SYSCALL1(SYS_close, fd);
    expect("getdents-bad-fd", SYSCALL3(SYS_getdents64, 99, buf, sizeof(buf)), -EBADF);
    expect("getdents-console", SYSCALL3(SYS_getdents64, 1, buf, sizeof(buf)), -ENOTDIR);
}

/* fork copies the fd table, not the files: the child's read moves the
 * parent's position too. The child sleeps first, while its parent is
 * blocked in wait4: a sleeper with nobody else to run must still wake. */
static void
check_fork_shares_files(void)
{
    long fd = sys_open("/bin/minimal", O_RDONLY), pid;
    struct timespec ms = { 0, 1000000 };
    int status = -1;
    char buf[8];

    pid = SYSCALL0(SYS_fork);
    if (pid == 0) {
        long slept = SYSCALL2(SYS_nanosleep, &ms, 0);
        long n = SYSCALL3(SYS_read, fd, buf, 5);
        SYSCALL1(SYS_exit, slept == 0 && n == 5 ? 0 : 1);
    }
    expect("fork", pid > 0, 1);
    expect("fork-wait", SYSCALL4(SYS_wait4, pid, &status, 0, 0), pid);
    expect("fork-child-read", status, 0);
    expect("fork-shared-position", SYSCALL3(SYS_lseek, fd, 0, SEEK_CUR), 5);
    expect("fork-close", SYSCALL1(SYS_close, fd), 0);
}

static void
check_heap(void)
{
    long b0 = SYSCALL1(SYS_brk, 0), want = b0 + 3 * PAGE + 100;
    volatile char *heap = (volatile char *)b0;
    int zero = 1;

    expect("brk-query", b0 > 0x1000, 1);
    expect("brk-query-again", SYSCALL1(SYS_brk, 0), b0);
    expect("brk-grow", SYSCALL1(SYS_brk, want), want);
    for (long i = 0; i < want - b0; i++)
        zero &= heap[i] == 0;
    expect("brk-new-memory-zeroed", zero, 1);
    memset((char *)heap, 0xaa, (size_t)(want - b0));
    expect("brk-new-memory-writable", heap[want - b0 - 1], (char)0xaa);
    expect("brk-shrink", SYSCALL1(SYS_brk, b0 + PAGE), b0 + PAGE);
    expect("brk-shrink-keeps-rest", heap[PAGE - 1], (char)0xaa);
    expect("brk-regrow", SYSCALL1(SYS_brk, want), want);
    expect("brk-regrown-page-zeroed", heap[2 * PAGE], 0);
    expect("brk-below-start", SYSCALL1(SYS_brk, 0x1000), want);
    expect("brk-huge", SYSCALL1(SYS_brk, b0 + (1L << 40)), want);
    expect("brk-kernel-half", SYSCALL1(SYS_brk, KERNEL_HALF), want);
    expect("brk-non-canonical", SYSCALL1(SYS_brk, NON_CANONICAL), want);
    expect("brk-back", SYSCALL1(SYS_brk, b0), b0);
}

static void
check_names(void)
{
    struct utsname u;
    char ws[8];
    long pid = SYSCALL0(SYS_getpid);
    struct iovec iov[3] = { { (void *)"sysfiles: writev ", 17 }, { 0, 0 },
                            { (void *)"in pieces\n", 10 } };
    struct iovec bad[2] = { { (void *)"NOT PRINTED", 11 }, { (void *)KERNEL_HALF, 4 } };

    expect("uname", SYSCALL1(SYS_uname, &u), 0);
    expect("uname-sysname", strcmp(u.sysname, "ringlab"), 0);
    expect("uname-nodename", strcmp(u.nodename, "ringlab"), 0);
    expect("uname-release", strcmp(u.release, "0.4"), 0);
    expect("uname-version", strncmp(u.version, "stage ", 6), 0);
    expect("uname-machine", strcmp(u.machine, "x86_64"), 0);
    expect("uname-null", SYSCALL1(SYS_uname, 0), -EFAULT);
    expect("uname-kernel-half", SYSCALL1(SYS_uname, KERNEL_HALF), -EFAULT);
    expect("gettid", SYSCALL0(SYS_gettid), pid);
    expect("set-tid-address", SYSCALL1(SYS_set_tid_address, &u), pid);
    expect("getppid", SYSCALL0(SYS_getppid) >= 0 && SYSCALL0(SYS_getppid) != pid, 1);
    expect("sched-yield", SYSCALL0(SYS_sched_yield), 0);
    expect("ioctl-console-tty", SYSCALL3(SYS_ioctl, 1, TIOCGWINSZ, ws), -ENOTTY);
    expect("ioctl-bad-fd", SYSCALL3(SYS_ioctl, 99, TIOCGWINSZ, ws), -EBADF);
    expect("writev", SYSCALL3(SYS_writev, 1, iov, 3), 27);
    expect("writev-none", SYSCALL3(SYS_writev, 1, iov, 0), 0);
    expect("writev-bad-iov", SYSCALL3(SYS_writev, 1, 0, 1), -EFAULT);
    expect("writev-kernel-iov", SYSCALL3(SYS_writev, 1, KERNEL_HALF, 1), -EFAULT);
    expect("writev-bad-base", SYSCALL3(SYS_writev, 1, bad, 2), -EFAULT);
    expect("writev-negative-count", SYSCALL3(SYS_writev, 1, iov, -1), -EINVAL);
    expect("writev-too-many", SYSCALL3(SYS_writev, 1, iov, 1025), -EINVAL);
    expect("writev-bad-fd", SYSCALL3(SYS_writev, 99, iov, 1), -EBADF);
}

static long
now_ns(void)
{
    struct timespec t;

    SYSCALL2(SYS_clock_gettime, CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

static void
check_time(void)
{
    struct timespec a, b, req = { 0, 2000000 };     /* 2 ms */
    long before, after;

    expect("clock-monotonic", SYSCALL2(SYS_clock_gettime, CLOCK_MONOTONIC, &a), 0);
    expect("clock-monotonic-again", SYSCALL2(SYS_clock_gettime, CLOCK_MONOTONIC, &b), 0);
    expect("clock-nsec-range", a.tv_nsec >= 0 && a.tv_nsec < 1000000000L, 1);
    expect("clock-not-backwards", b.tv_sec > a.tv_sec ||
           (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec), 1);
    expect("clock-realtime", SYSCALL2(SYS_clock_gettime, CLOCK_REALTIME, &a), 0);
    expect("clock-realtime-after-2026", a.tv_sec >= 1767225600L, 1);
    expect("clock-bad-id", SYSCALL2(SYS_clock_gettime, 99, &a), -EINVAL);
    expect("clock-negative-id", SYSCALL2(SYS_clock_gettime, -1, &a), -EINVAL);
    expect("clock-null", SYSCALL2(SYS_clock_gettime, CLOCK_MONOTONIC, 0), -EFAULT);
    expect("clock-kernel-half", SYSCALL2(SYS_clock_gettime, CLOCK_MONOTONIC, KERNEL_HALF), -EFAULT);
    before = now_ns();
    expect("nanosleep-2ms", SYSCALL2(SYS_nanosleep, &req, 0), 0);
    after = now_ns();
    expect("nanosleep-slept-2ms", after - before >= 2000000, 1);
    req.tv_nsec = 0;
    expect("nanosleep-zero", SYSCALL2(SYS_nanosleep, &req, 0), 0);
    req.tv_nsec = 1000000000L;
    expect("nanosleep-nsec-too-big", SYSCALL2(SYS_nanosleep, &req, 0), -EINVAL);
    req.tv_nsec = -1;
    expect("nanosleep-nsec-negative", SYSCALL2(SYS_nanosleep, &req, 0), -EINVAL);
    req.tv_sec = -1, req.tv_nsec = 0;
    expect("nanosleep-sec-negative", SYSCALL2(SYS_nanosleep, &req, 0), -EINVAL);
    expect("nanosleep-null", SYSCALL2(SYS_nanosleep, 0, 0), -EFAULT);
    expect("nanosleep-kernel-half", SYSCALL2(SYS_nanosleep, KERNEL_HALF, 0), -EFAULT);
}

/* A thread-control block the way libcs lay it out: %fs:0 points to itself. */
static struct { uint64_t self, magic; } tcb;

static uint64_t
read_fs(long offset)
{
    uint64_t v;

    __asm__ volatile("mov %%fs:(%1), %0" : "=r"(v) : "r"(offset) : "memory");
    return v;
}

static void
check_tls(void)
{
    struct timespec tick = { 0, 200000 };       /* two timer ticks */
    uint64_t old = 1, got = 0;

    tcb.self = (uint64_t)&tcb;
    tcb.magic = 0x5eed5eed5eed5eedUL;
    expect("arch-prctl-get-old", SYSCALL2(SYS_arch_prctl, ARCH_GET_FS, &old), 0);
    expect("arch-prctl-set", SYSCALL2(SYS_arch_prctl, ARCH_SET_FS, &tcb), 0);
    expect("arch-prctl-get", SYSCALL2(SYS_arch_prctl, ARCH_GET_FS, &got) == 0 &&
           got == (uint64_t)&tcb, 1);
    expect("fs-read-self", read_fs(0) == (uint64_t)&tcb, 1);
    expect("fs-read-magic", read_fs(8) == tcb.magic, 1);
    SYSCALL0(SYS_sched_yield);
    SYSCALL2(SYS_nanosleep, &tick, 0);
    expect("fs-survives-yield-and-sleep", read_fs(8) == tcb.magic, 1);
    expect("arch-prctl-get-null", SYSCALL2(SYS_arch_prctl, ARCH_GET_FS, 0), -EFAULT);
    expect("arch-prctl-get-kernel", SYSCALL2(SYS_arch_prctl, ARCH_GET_FS, KERNEL_HALF), -EFAULT);
    expect("arch-prctl-set-non-canonical", SYSCALL2(SYS_arch_prctl, ARCH_SET_FS, NON_CANONICAL), -EPERM);
    expect("arch-prctl-set-kernel-half", SYSCALL2(SYS_arch_prctl, ARCH_SET_FS, KERNEL_HALF), -EPERM);
    expect("arch-prctl-set-last-page", SYSCALL2(SYS_arch_prctl, ARCH_SET_FS, NON_CANONICAL - PAGE), -EPERM);
    expect("arch-prctl-refused-keeps-fs", read_fs(8) == tcb.magic, 1);
    expect("arch-prctl-set-gs", SYSCALL2(SYS_arch_prctl, ARCH_SET_GS, &tcb), -EINVAL);
    expect("arch-prctl-bad-code", SYSCALL2(SYS_arch_prctl, 0x9999, 0), -EINVAL);
    expect("arch-prctl-restore", SYSCALL2(SYS_arch_prctl, ARCH_SET_FS, old), 0);
}

int
main(int argc, char **argv)
{
    check_open();
    check_emfile();
    check_read();
    check_dirs();
    check_fork_shares_files();
    check_heap();
    check_names();
    check_time();
    check_tls();
    printf("sysfiles: %d passed, %d failed\n", passed, failed);
    if (argc > 1)
        printf("arg: %s\n", argv[1]);
    return failed ? 1 : 0;
}

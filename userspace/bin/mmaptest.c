/* mmaptest.c — /bin/mmaptest: mmap, munmap, mprotect against Linux's
 * semantics (tests/memory.toml; the full kernel only).
 *
 * One line per check, "ok <name>" or "FAIL <name>: <why>", then a
 * summary. A check that an access must fault runs the access in a child
 * and wants it killed by SIGSEGV (the kernel prints its "user fault" line).
 * The last check: every frame came back (RL_STAT_FRAME_BALANCE). */
#include <ringlab/abi.h>
#include <ringlab/syscall.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE      4096UL
#define SIGSEGV   11
#define KERNEL    0xffffffff80100000UL
#define STACK_TOP 0x00007ffffffff000UL
#define SELF      "/bin/mmaptest"

static int passed, failed;

static void
check(const char *name, int ok, const char *why, long value)
{
    if (ok) {
        printf("ok %s\n", name);
        passed++;
    } else {
        printf("FAIL %s: %s (got %ld / 0x%lx)\n", name, why, value, value);
        failed++;
    }
}

/* The raw calls: an address, 0, or -errno. */
static long
raw_mmap(uint64_t addr, uint64_t len, long prot, long flags, long fd, uint64_t off)
{
    return syscall6(SYS_mmap, (long)addr, (long)len, prot, flags, fd, (long)off);
}

static long
raw_munmap(uint64_t addr, uint64_t len)
{
    return SYSCALL2(SYS_munmap, addr, len);
}

static long
raw_mprotect(uint64_t addr, uint64_t len, long prot)
{
    return SYSCALL3(SYS_mprotect, addr, len, prot);
}

static long
anon(uint64_t len, long prot)
{
    return raw_mmap(0, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static long
frame_balance(void)
{
    return SYSCALL1(SYS_ringlab_stat, RL_STAT_FRAME_BALANCE);
}

/* ------------------------------------------------ accesses in a child */

enum access { READ, WRITE, EXEC };

/* 1 if the access to addr kills a child with SIGSEGV, 0 if it survives. */
static int
faults(uint64_t addr, enum access how)
{
    int status;
    pid_t pid = fork();

    if (pid == 0) {
        volatile char *p = (volatile char *)addr;
        if (how == READ)
            (void)*p;
        else if (how == WRITE)
            *p = 1;
        else
            ((void (*)(void))addr)();
        _exit(0);
    }
    if (pid < 0 || waitpid(pid, &status, 0) != pid)
        return -1;
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV;
}

static int
all_bytes(const void *p, int value, size_t n)
{
    const unsigned char *c = p;

    for (size_t i = 0; i < n; i++)
        if (c[i] != value)
            return 0;
    return 1;
}

/* ------------------------------------------------ anonymous memory */

static void
test_anonymous(void)
{
    long a = anon(3 * PAGE, PROT_READ | PROT_WRITE), b, b2, hint;
    uint64_t heap = (uint64_t)sbrk(0);

    check("anon-map", a > 0 && !(a & (PAGE - 1)), "mmap failed", a);
    if (a <= 0)
        return;
    check("anon-zeroed", all_bytes((void *)a, 0, 3 * PAGE), "not zero", a);
    memset((void *)a, 0x5a, 3 * PAGE);
    check("anon-rw", all_bytes((void *)a, 0x5a, 3 * PAGE), "bytes differ", a);
    b = anon(PAGE, PROT_READ);
    check("anon-top-down", b > 0 && (uint64_t)b + PAGE <= (uint64_t)a &&
          (uint64_t)b > heap && (uint64_t)a < STACK_TOP - 64 * 1024, "not below the last", b);
    check("anon-read-only-faults", faults(b, WRITE) == 1, "write survived", b);
    check("anon-no-exec", faults(a, EXEC) == 1, "executed RW memory (W^X)", a);
    hint = raw_mmap(0x200000000UL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check("anon-hint-taken", hint == 0x200000000L, "hint not used", hint);
    b2 = raw_mmap(0x200000000UL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check("anon-hint-busy", b2 > 0 && b2 != 0x200000000L, "mapped twice", b2);
    raw_munmap(b2, PAGE);
    check("anon-munmap", raw_munmap(a, 3 * PAGE) == 0 && faults(a, READ) == 1, "still there", a);
    check("anon-munmap-again", raw_munmap(a, 3 * PAGE) == 0, "unmapping nothing failed", 0);
    raw_munmap(b, PAGE);
    raw_munmap(0x200000000UL, 2 * PAGE);
}

/* ------------------------------------------------ fixed, splits */

static void
test_fixed_and_splits(void)
{
    uint64_t at = 0x300000000UL;
    long r = raw_mmap(at, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                      -1, 0);

    check("fixed-map", r == (long)at, "not at addr", r);
    memset((void *)at, 7, 4 * PAGE);
    r = raw_mmap(at + PAGE, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                 -1, 0);
    check("fixed-replaces", r == (long)(at + PAGE) && all_bytes((void *)(at + PAGE), 0, PAGE) &&
          all_bytes((void *)at, 7, PAGE) && all_bytes((void *)(at + 2 * PAGE), 7, 2 * PAGE),
          "old bytes left or neighbours lost", r);
    r = raw_mmap(at + 2 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                 -1, 0);
    check("fixed-noreplace-eexist", r == -EEXIST, "not -EEXIST", r);
    check("fixed-noreplace-kept", all_bytes((void *)(at + 2 * PAGE), 7, PAGE), "bytes lost", 0);
    r = raw_mmap(at + 4 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                 -1, 0);
    check("fixed-noreplace-free", r == (long)(at + 4 * PAGE), "refused a free range", r);
    /* munmap of the middle: two areas, both keep their bytes */
    r = raw_munmap(at + 2 * PAGE, PAGE);
    check("munmap-middle", r == 0 && faults(at + 2 * PAGE, READ) == 1, "middle still mapped", r);
    check("munmap-middle-sides", all_bytes((void *)at, 7, PAGE) &&
          all_bytes((void *)(at + 3 * PAGE), 7, PAGE), "a side lost its bytes", 0);
    r = raw_mmap(at + 2 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                 -1, 0);
    check("munmap-hole-reusable", r == (long)(at + 2 * PAGE), "hole not free", r);
    raw_munmap(at, 5 * PAGE);
}

/* ------------------------------------------------ mprotect */

static void
test_mprotect(void)
{
    long a = anon(3 * PAGE, PROT_READ | PROT_WRITE);
    static const unsigned char ret[] = { 0xb8, 42, 0, 0, 0, 0xc3 };   /* mov eax, 42; ret */
    static char page_of_data[PAGE] __attribute__((aligned(4096)));

    if (a <= 0) {
        check("mprotect-setup", 0, "mmap failed", a);
        return;
    }
    memset((void *)a, 3, 3 * PAGE);
    check("mprotect-ro", raw_mprotect(a + PAGE, PAGE, PROT_READ) == 0 &&
          faults(a + PAGE, WRITE) == 1 && faults(a, WRITE) == 0, "write not refused", a);
    check("mprotect-none-guard", raw_mprotect(a + PAGE, PAGE, PROT_NONE) == 0 &&
          faults(a + PAGE, READ) == 1, "read not refused", a);
    check("mprotect-none-keeps-bytes", raw_mprotect(a + PAGE, PAGE, PROT_READ | PROT_WRITE) == 0 &&
          all_bytes((void *)(a + PAGE), 3, PAGE), "bytes lost", a);
    memcpy((void *)a, ret, sizeof(ret));
    check("mprotect-exec", raw_mprotect(a, PAGE, PROT_READ | PROT_EXEC) == 0 &&
          ((int (*)(void))a)() == 42, "code did not run", a);
    check("mprotect-exec-not-writable", faults(a, WRITE) == 1, "W^X broken", a);
    check("mprotect-wx-when-asked", raw_mprotect(a, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC) == 0 &&
          faults(a, WRITE) == 0 && ((int (*)(void))a)() == 42, "RWX refused", a);
    /* the program's own pages are not areas, and change too (glibc's RELRO) */
    page_of_data[0] = 1;
    check("mprotect-program-page", raw_mprotect((uint64_t)page_of_data, PAGE, PROT_READ) == 0 &&
          faults((uint64_t)page_of_data, WRITE) == 1, "program page still writable", 0);
    raw_mprotect((uint64_t)page_of_data, PAGE, PROT_READ | PROT_WRITE);
    page_of_data[0] = 2;
    raw_munmap(a, 3 * PAGE);
    a = anon(3 * PAGE, PROT_READ | PROT_WRITE);
    raw_munmap(a + PAGE, PAGE);
    check("mprotect-hole-enomem", raw_mprotect(a, 3 * PAGE, PROT_READ) == -ENOMEM &&
          faults(a, WRITE) == 0, "hole accepted, or a change made", 0);
    raw_munmap(a, 3 * PAGE);
}

/* ------------------------------------------------ files */

static void
test_file(void)
{
    int fd = open(SELF, O_RDONLY);
    unsigned char head[64], orig[64];
    long m, size, big;

    if (fd < 0) {
        check("file-open", 0, "open failed", fd);
        return;
    }
    size = SYSCALL3(SYS_lseek, fd, 0, 2);           /* SEEK_END */
    SYSCALL3(SYS_lseek, fd, PAGE, 0);
    read(fd, head, sizeof(head));
    m = raw_mmap(0, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, PAGE);
    check("file-map", m > 0, "mmap failed", m);
    if (m <= 0)
        return;
    check("file-bytes", !memcmp((void *)m, head, sizeof(head)), "not the file's bytes", m);
    memcpy(orig, head, sizeof(head));
    memset((void *)m, 0xee, 64);
    SYSCALL3(SYS_lseek, fd, PAGE, 0);
    read(fd, head, sizeof(head));
    check("file-private", !memcmp(orig, head, sizeof(head)), "the write reached the file", 0);
    check("file-private-mprotect", raw_mprotect(m, PAGE, PROT_READ) == 0, "refused", 0);
    raw_munmap(m, 2 * PAGE);
    /* the end of the file: zeros after it, a fault a page past it */
    big = raw_mmap(0, (uint64_t)size + 2 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
    check("file-past-end-zeros", big > 0 && (!(size & (PAGE - 1)) || all_bytes((char *)big + size,
          0, PAGE - (size & (PAGE - 1)))), "tail not zero", big);
    check("file-page-past-end-faults", faults(((uint64_t)big + size + PAGE) & ~(PAGE - 1), READ) == 1,
          "no fault past the end", big);
    raw_munmap(big, (uint64_t)size + 2 * PAGE);
    m = raw_mmap(0, PAGE, PROT_READ, MAP_SHARED, fd, 0);
    check("file-shared-read", m > 0 && ((char *)m)[1] == 'E', "refused", m);
    check("file-shared-no-write", raw_mprotect(m, PAGE, PROT_READ | PROT_WRITE) == -EACCES,
          "not -EACCES", 0);
    raw_munmap(m, PAGE);
    close(fd);
}

/* ------------------------------------------------ fork, brk, kernel copies */

static void
test_fork_brk_copies(void)
{
    long a = anon(2 * PAGE, PROT_READ | PROT_WRITE), r;
    uint64_t top = ((uint64_t)sbrk(0) + PAGE - 1) & ~(PAGE - 1);
    int status;
    pid_t pid;

    memset((void *)a, 9, 2 * PAGE);
    raw_mprotect(a + PAGE, PAGE, PROT_NONE);
    pid = fork();
    if (pid == 0) {
        int ok = all_bytes((void *)a, 9, PAGE);
        ok &= raw_mprotect(a + PAGE, PAGE, PROT_READ | PROT_WRITE) == 0;
        ok &= all_bytes((void *)(a + PAGE), 9, PAGE);
        memset((void *)a, 1, PAGE);
        _exit(ok ? 0 : 1);
    }
    waitpid(pid, &status, 0);
    check("fork-copies-areas", WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "child saw other bytes", status);
    check("fork-private", all_bytes((void *)a, 9, PAGE), "child's write seen", 0);
    raw_munmap(a, 2 * PAGE);

    /* brk never grows into an area, and MAP_FIXED never lands on the heap */
    r = raw_mmap(top, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    check("brk-stops-at-area", r == (long)top && sbrk(PAGE) == (void *)-1, "brk grew over it", r);
    raw_munmap(top, PAGE);
    check("brk-grows-after-munmap", sbrk(PAGE) != (void *)-1, "brk still refused", 0);
    r = raw_mmap(top, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    check("fixed-on-heap-refused", r == -ENOMEM, "mapped over the heap", r);
    sbrk(-(long)PAGE);

    /* the kernel's copies fill untouched pages, and respect protections */
    a = anon(2 * PAGE, PROT_READ | PROT_WRITE);
    r = raw_mmap(a + PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    {
        int fd = open(SELF, O_RDONLY);
        check("read-into-untouched", read(fd, (void *)a, 16) == 16 && ((char *)a)[1] == 'E',
              "read failed", a);
        check("read-into-read-only", SYSCALL3(SYS_read, fd, a + PAGE, 16) == -EFAULT,
              "not -EFAULT", 0);
        raw_mprotect(a + PAGE, PAGE, PROT_NONE);
        check("read-into-prot-none", SYSCALL3(SYS_read, fd, a + PAGE, 16) == -EFAULT,
              "not -EFAULT", 0);
        close(fd);
    }
    raw_munmap(a, 2 * PAGE);
}

/* ------------------------------------------------ many areas, big reservations */

static void
test_limits(void)
{
    uint64_t base = 0x400000000UL;
    long r = 0, big, before;
    int n;

    /* alternating protections: nothing merges, until the list is full */
    for (n = 0; n < 1000; n++) {
        r = raw_mmap(base + 2 * n * PAGE, PAGE, n & 1 ? PROT_READ : PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (r < 0)
            break;
    }
    check("many-areas-enomem", r == -ENOMEM && n > 64, "no limit, or a low one", n);
    check("many-areas-munmap-all", raw_munmap(base, 2000 * PAGE) == 0, "refused", 0);
    /* 256 MiB reserved with PROT_NONE costs no frame; 1 MiB of it used */
    before = frame_balance();
    big = anon(256UL << 20, PROT_NONE);
    check("reserve-256m-no-frames", big > 0 && frame_balance() == before, "refused, or frames taken",
          big);
    if (big > 0) {
        check("reserve-use-1m", raw_mprotect(big, 1UL << 20, PROT_READ | PROT_WRITE) == 0, "refused", 0);
        memset((void *)big, 1, 1UL << 20);
        check("reserve-rest-guarded", faults(big + (1UL << 20), READ) == 1, "no fault", 0);
        raw_munmap(big, 256UL << 20);
    }
}

/* ------------------------------------------------ bad input */

struct bad {
    const char *name;
    long got, want;
};

static void
test_bad_input(void)
{
    int fd = open(SELF, O_RDONLY), dir = open("/bin", O_RDONLY);
    const long PA = MAP_PRIVATE | MAP_ANONYMOUS, RW = PROT_READ | PROT_WRITE;
    struct bad cases[] = {
        { "mmap-len-0", raw_mmap(0, 0, RW, PA, -1, 0), -EINVAL },
        { "mmap-off-unaligned", raw_mmap(0, PAGE, RW, MAP_PRIVATE, fd, 1), -EINVAL },
        { "mmap-no-type", raw_mmap(0, PAGE, RW, MAP_ANONYMOUS, -1, 0), -EINVAL },
        { "mmap-bad-prot", raw_mmap(0, PAGE, 0x100, PA, -1, 0), -EINVAL },
        { "mmap-shared-anon", raw_mmap(0, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0), -EINVAL },
        { "mmap-validate-unknown", raw_mmap(0, PAGE, RW, MAP_SHARED_VALIDATE | 0x8000000, fd, 0),
          -EOPNOTSUPP },
        { "mmap-fixed-unaligned", raw_mmap(0x300000123UL, PAGE, RW, PA | MAP_FIXED, -1, 0), -EINVAL },
        { "mmap-fixed-low", raw_mmap(0x1000, PAGE, RW, PA | MAP_FIXED, -1, 0), -EPERM },
        { "mmap-fixed-kernel", raw_mmap(KERNEL, PAGE, RW, PA | MAP_FIXED, -1, 0), -ENOMEM },
        { "mmap-fixed-past-top", raw_mmap(0x7ffffffff000UL, 2 * PAGE, RW, PA | MAP_FIXED, -1, 0),
          -ENOMEM },
        { "mmap-len-huge", raw_mmap(0, -1UL, RW, PA, -1, 0), -ENOMEM },
        { "mmap-len-too-big", raw_mmap(0, 1UL << 47, RW, PA, -1, 0), -ENOMEM },
        { "mmap-bad-fd", raw_mmap(0, PAGE, PROT_READ, MAP_PRIVATE, 77, 0), -EBADF },
        { "mmap-negative-fd", raw_mmap(0, PAGE, PROT_READ, MAP_PRIVATE, -1, 0), -EBADF },
        { "mmap-console", raw_mmap(0, PAGE, PROT_READ, MAP_PRIVATE, 1, 0), -ENODEV },
        { "mmap-directory", raw_mmap(0, PAGE, PROT_READ, MAP_PRIVATE, dir, 0), -ENODEV },
        { "mmap-shared-writable-file", raw_mmap(0, PAGE, RW, MAP_SHARED, fd, 0), -EACCES },
        { "mmap-offset-overflow", raw_mmap(0, 4 * PAGE, PROT_READ, MAP_PRIVATE, fd, -PAGE), -EOVERFLOW },
        { "munmap-unaligned", raw_munmap(0x300000001UL, PAGE), -EINVAL },
        { "munmap-len-0", raw_munmap(0x300000000UL, 0), -EINVAL },
        { "munmap-kernel", raw_munmap(KERNEL, PAGE), -EINVAL },
        { "munmap-len-huge", raw_munmap(0x300000000UL, -1UL), -EINVAL },
        { "munmap-nothing-there", raw_munmap(0x300000000UL, PAGE), 0 },
        { "mprotect-unaligned", raw_mprotect(0x300000001UL, PAGE, PROT_READ), -EINVAL },
        { "mprotect-bad-prot", raw_mprotect(0x300000000UL, PAGE, 0x1000000), -EINVAL },
        { "mprotect-unmapped", raw_mprotect(0x300000000UL, PAGE, PROT_READ), -ENOMEM },
        { "mprotect-kernel", raw_mprotect(KERNEL, PAGE, PROT_READ), -ENOMEM },
        { "mprotect-len-0", raw_mprotect(0x300000000UL, 0, PROT_READ), 0 },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        check(cases[i].name, cases[i].got == cases[i].want, "wrong result", cases[i].got);
    /* the libc wrapper: MAP_FAILED and errno */
    errno = 0;
    check("libc-mmap-failed", mmap(0, 0, RW, PA, -1, 0) == MAP_FAILED && errno == EINVAL,
          "no MAP_FAILED/EINVAL", errno);
    close(fd);
    close(dir);
}

/* The tests run in a child: page tables emptied by munmap stay until the
 * address space goes, so the frames are counted once the child is gone. */
int
main(void)
{
    long before = frame_balance();
    int status = -1;
    pid_t pid = fork();

    if (pid == 0) {
        test_anonymous();
        test_fixed_and_splits();
        test_mprotect();
        test_file();
        test_fork_brk_copies();
        test_limits();
        test_bad_input();
        printf("mmaptest: %d passed, %d failed\n", passed, failed);
        _exit(failed ? 1 : 0);
    }
    waitpid(pid, &status, 0);
    check("tests-exited-0", WIFEXITED(status) && WEXITSTATUS(status) == 0, "status", status);
    check("frames-back-after-exit", frame_balance() == before, "frames leaked",
          before - frame_balance());
    return failed ? 1 : 0;
}

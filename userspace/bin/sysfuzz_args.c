/* sysfuzz_args.c — which system calls sysfuzz makes, and with what.
 *
 * Each call in the table lists its arguments by kind; a kind draws a
 * value from a pool of good, boundary and bad ones. Pointers the kernel
 * WRITES through are never good pointers into this program's own data:
 * only into `scratch`, a buffer that exists to be scribbled on — so the
 * fuzzer cannot corrupt itself, and anything else that goes wrong is the
 * kernel's. */
#include "sysfuzz.h"
#include <ringlab/syscall.h>
#include <ringlab/abi.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define KERNEL_TEXT  0xffffffff80100000UL
#define DIRECT_MAP   0xffff800000000000UL
#define USER_TOP     0x0000800000000000UL
#define STACK_GUARD  (0x00007ffffffff000UL - 64 * 1024 - 4096)
/* Where MAP_FIXED, munmap and mprotect may land: nothing of this program
 * is there (it is far above its heap, far below the areas mmap picks). */
#define ZONE         0x0000500000000000UL

enum kind {
    NONE,
    FD,             /* any fd (the console's 0-2 too) */
    FD_NOCON,       /* an fd that is not the console's: read, close */
    IN,             /* a pointer the kernel reads */
    OUT,            /* a pointer the kernel writes */
    IN_BAD,         /* a pointer the kernel reads that must fail (console writes) */
    LEN,            /* a length */
    FLAGS,          /* open() flags */
    PATH,           /* a path string (open) */
    EXEC_PATH,      /* a path that execve refuses or that exits at once */
    ARGV,           /* an argv/envp vector */
    IOV,            /* an iovec array */
    IOV_BAD,        /* one for the console: no good buffer in it */
    TS,             /* a timespec the kernel reads: at most 1 ms */
    CLOCK,          /* a clock id */
    PID,            /* wait4's pid */
    WOPTS,          /* wait4's options */
    WHENCE,         /* lseek's */
    OFF,            /* lseek's offset */
    PRCTL,          /* arch_prctl's code */
    ADDR,           /* any address: brk, arch_prctl(SET_FS), set_tid_address */
    MAP_HINT,       /* mmap's address: 0, in ZONE, or one that fails with MAP_FIXED */
    MAP_ADDR,       /* munmap/mprotect's: in ZONE, or one that fails */
    MAP_LEN,        /* their length: never reaches from ZONE to this program */
    PROT,           /* mmap/mprotect's prot */
    MAP_FLAGS,      /* mmap's flags */
    ANY,            /* any 64-bit value */
    /* signals and the tty (the full kernel; -ENOSYS before it). No fuzzed
     * call may hurt the fuzzer: handlers are only SIG_DFL or SIG_IGN, and
     * kill sends only signals whose default is to ignore (or 0, or bad
     * numbers); rt_sigreturn is never called (it would take the fuzzer's
     * own stack for a frame). */
    SIG,            /* rt_sigaction's signal: good, 0, 65, KILL, STOP, negative */
    SIG_SAFE,       /* kill's: 0, an ignored-by-default one, or a bad number */
    SIGACT,         /* a struct k_sigaction in scratch (DFL/IGN), or a bad pointer */
    SIGSETSIZE,     /* 8, or not */
    HOW,            /* rt_sigprocmask's */
    KPID,           /* kill's pid: self, group, all, none... */
    TTY_REQ,        /* a terminal ioctl, or not */
    /* the full kernel's files and processes */
    DIRFD,          /* AT_FDCWD or an fd */
    ATFLAGS,        /* fstatat's, unlinkat's flags */
    AMODE,          /* access()'s mode */
    FCNTL,          /* fcntl's command: never F_SETFL (pipes stay non-blocking) */
    PIPEFLAGS,      /* pipe2's */
    CLONEFLAGS,     /* clone's: fork's, vfork's, CLONE_VM's, and refused ones */
    CLONE_STACK,    /* clone's stack: 0 (a fork's child returns where we are), or
                       clone_stack's top, where the child exits at once */
    POLLMS,         /* poll's timeout: never waits long */
    RANDLEN,        /* getrandom's length: small, it always writes it all */
    RES,            /* a resource limit number */
    FUTEX_OP,       /* futex's operation: wait, wake, their bitset forms, flags, bad */
    SHORT_TS,       /* futex's, ppoll's timeout: never NULL (a wait must end), <= 1 ms */
};

struct call {
    const char *name;
    long nr;
    enum kind arg[6];
    int weight;
};

static const struct call calls[] = {
    { "read", SYS_read, { FD_NOCON, OUT, LEN }, 8 },
    { "write", SYS_write, { FD, IN_BAD, LEN }, 6 },
    { "open", SYS_open, { PATH, FLAGS, ANY }, 10 },
    { "close", SYS_close, { FD_NOCON }, 6 },
    { "lseek", SYS_lseek, { FD, OFF, WHENCE }, 4 },
    { "getdents64", SYS_getdents64, { FD, OUT, LEN }, 6 },
    { "writev", SYS_writev, { FD, IOV_BAD, LEN }, 5 },
    { "ioctl", SYS_ioctl, { FD, ANY, ANY }, 2 },
    { "brk", SYS_brk, { ADDR }, 3 },
    { "uname", SYS_uname, { OUT }, 3 },
    { "clock_gettime", SYS_clock_gettime, { CLOCK, OUT }, 4 },
    { "nanosleep", SYS_nanosleep, { TS, OUT }, 2 },
    { "sched_yield", SYS_sched_yield, { ANY, ANY }, 2 },
    { "set_tid_address", SYS_set_tid_address, { ADDR }, 1 },
    { "arch_prctl", SYS_arch_prctl, { PRCTL, OUT }, 4 },
    { "getpid", SYS_getpid, { ANY }, 1 },
    { "getppid", SYS_getppid, { ANY }, 1 },
    { "gettid", SYS_gettid, { ANY }, 1 },
    { "wait4", SYS_wait4, { PID, OUT, WOPTS, OUT }, 4 },
    { "fork", SYS_fork, { ANY }, 2 },
    { "execve", SYS_execve, { EXEC_PATH, ARGV, ARGV }, 5 },
    { "ringlab_stat", SYS_ringlab_stat, { ANY }, 1 },
    { "mmap", SYS_mmap, { MAP_HINT, MAP_LEN, PROT, MAP_FLAGS, FD, OFF }, 6 },
    { "munmap", SYS_munmap, { MAP_ADDR, MAP_LEN }, 4 },
    { "mprotect", SYS_mprotect, { MAP_ADDR, MAP_LEN, PROT }, 4 },
    { "ioctl-tty", SYS_ioctl, { FD, TTY_REQ, OUT }, 3 },
    { "rt_sigaction", SYS_rt_sigaction, { SIG, SIGACT, OUT, SIGSETSIZE }, 4 },
    { "rt_sigprocmask", SYS_rt_sigprocmask, { HOW, IN, OUT, SIGSETSIZE }, 3 },
    { "rt_sigpending", SYS_rt_sigpending, { OUT, SIGSETSIZE }, 1 },
    { "kill", SYS_kill, { KPID, SIG_SAFE }, 3 },
    { "tkill", SYS_tkill, { KPID, SIG_SAFE }, 1 },
    { "tgkill", SYS_tgkill, { KPID, KPID, SIG_SAFE }, 2 },
    { "setpgid", SYS_setpgid, { KPID, KPID }, 1 },
    { "getpgid", SYS_getpgid, { KPID }, 1 },
    /* full kernel: files and processes (on lab 4's kernel: -ENOSYS) */
    { "openat", SYS_openat, { DIRFD, PATH, FLAGS, ANY }, 6 },
    { "stat", SYS_stat, { PATH, OUT }, 2 },
    { "fstat", SYS_fstat, { FD, OUT }, 2 },
    { "newfstatat", SYS_newfstatat, { DIRFD, PATH, OUT, ATFLAGS }, 3 },
    { "access", SYS_access, { PATH, AMODE }, 2 },
    { "faccessat", SYS_faccessat, { DIRFD, PATH, AMODE }, 1 },
    { "readlink", SYS_readlink, { PATH, OUT, LEN }, 2 },
    { "getcwd", SYS_getcwd, { OUT, LEN }, 2 },
    { "chdir", SYS_chdir, { PATH }, 2 },
    { "fchdir", SYS_fchdir, { FD }, 1 },
    { "unlink", SYS_unlink, { PATH }, 2 },
    { "unlinkat", SYS_unlinkat, { DIRFD, PATH, ATFLAGS }, 1 },
    { "mkdir", SYS_mkdir, { PATH, ANY }, 2 },
    { "rename", SYS_rename, { PATH, PATH }, 2 },
    { "pread64", SYS_pread64, { FD_NOCON, OUT, LEN, OFF }, 3 },
    { "pwrite64", SYS_pwrite64, { FD_NOCON, IN, LEN, OFF }, 3 },
    { "readv", SYS_readv, { FD_NOCON, IOV, LEN }, 3 },
    { "dup", SYS_dup, { FD_NOCON }, 2 },
    { "dup2", SYS_dup2, { FD_NOCON, FD }, 2 },
    { "dup3", SYS_dup3, { FD_NOCON, FD, PIPEFLAGS }, 2 },
    { "fcntl", SYS_fcntl, { FD_NOCON, FCNTL, ANY }, 3 },
    { "pipe", SYS_pipe, { OUT }, 2 },
    { "pipe2", SYS_pipe2, { OUT, PIPEFLAGS }, 2 },
    { "poll", SYS_poll, { OUT, LEN, POLLMS }, 3 },
    { "clone", SYS_clone, { CLONEFLAGS, CLONE_STACK, OUT, OUT, ADDR }, 2 },
    { "vfork", SYS_vfork, { ANY }, 1 },
    { "umask", SYS_umask, { ANY }, 1 },
    { "getuid", SYS_getuid, { ANY }, 1 },
    { "prlimit64", SYS_prlimit64, { PID, RES, IN, OUT }, 2 },
    { "getrlimit", SYS_getrlimit, { RES, OUT }, 1 },
    { "sysinfo", SYS_sysinfo, { OUT }, 1 },
    { "getrandom", SYS_getrandom, { OUT, RANDLEN, ANY }, 2 },
    { "futex", SYS_futex, { IN, FUTEX_OP, LEN, SHORT_TS, IN, ANY }, 3 },
    { "ftruncate", SYS_ftruncate, { FD_NOCON, OFF }, 2 },
    { "truncate", SYS_truncate, { PATH, OFF }, 1 },
    { "statx", SYS_statx, { DIRFD, PATH, ATFLAGS, ANY, OUT }, 2 },
    { "faccessat2", SYS_faccessat2, { DIRFD, PATH, AMODE, ATFLAGS }, 1 },
    { "ppoll", SYS_ppoll, { OUT, LEN, SHORT_TS, IN, SIGSETSIZE }, 2 },
    { "sigaltstack", SYS_sigaltstack, { IN, OUT }, 1 },
    { "unknown", -1, { ANY, ANY, ANY, ANY, ANY, ANY }, 4 },
};
#define NCALLS (sizeof(calls) / sizeof(calls[0]))

/* What the kernel may scribble on, and what it reads from. */
static uint8_t scratch[3 * 4096] __attribute__((aligned(4096)));
static const char rodata[] = "sysfuzz: read-only data";
static char long_path[4200];
static long fds[16];                    /* fds this batch opened */
static int nfds;

static uint64_t
pick(const uint64_t *pool, int n)
{
    return pool[fuzz_rand() % n];
}

static uint64_t
one_in(int n)
{
    return fuzz_rand() % n == 0;
}

/* A number near a boundary, or anything at all. */
static uint64_t
boundary(void)
{
    static const uint64_t pool[] = {
        0, 1, 2, 3, 7, 8, 15, 16, 63, 64, 255, 256, 4095, 4096, 4097, 8192,
        0x7fff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000,
        0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff,
        -2UL, -4096UL, -4097UL, USER_TOP, USER_TOP - 1, KERNEL_TEXT,
    };
    uint64_t r = fuzz_rand();

    switch (r % 4) {
    case 0: return r >> 2;
    case 1: return (r >> 2) % 300;
    default: return pick(pool, sizeof(pool) / sizeof(pool[0]));
    }
}

/* A pointer that no access may get through — except, unless `sure`, one
 * just above the heap, which a fuzzed brk may have mapped meanwhile. */
static uint64_t
bad_pointer_(int sure)
{
    static const uint64_t pool[] = {
        0, 1, 8, 4095, KERNEL_TEXT, KERNEL_TEXT + 0x1000, 0xffffffffffffe000UL, DIRECT_MAP,
        DIRECT_MAP + 0x100000, USER_TOP, USER_TOP + 0x1000, 0xdead00000000beefUL,
        0x8000000000000000UL, 0x10000000, STACK_GUARD, STACK_GUARD + 4088,
        USER_TOP - 8, USER_TOP - 1, -1UL,
    };

    if (!sure && one_in(8))
        return fz.heap_end + fuzz_rand() % 8192;        /* above the heap */
    return pick(pool, sizeof(pool) / sizeof(pool[0]));
}

static uint64_t bad_pointer(void) { return bad_pointer_(0); }
/* for the console: a good pointer would print real bytes */
static uint64_t surely_bad_pointer(void) { return bad_pointer_(1); }

static uint64_t
scratch_pointer(void)
{
    return (uint64_t)scratch + fuzz_rand() % sizeof(scratch);
}

/* The heap's last bytes, followed by the unmapped page. */
static uint64_t
straddling(void)
{
    return fz.heap_end - 1 - fuzz_rand() % 64;
}

static uint64_t
pointer(int writes)
{
    switch (fuzz_rand() % 6) {
    case 0: case 1: return scratch_pointer();
    case 2: return straddling();
    case 3: return writes ? (uint64_t)rodata + fuzz_rand() % 8 : (uint64_t)rodata;
    case 4: return writes ? (uint64_t)fuzz_setup : (uint64_t)calls;  /* code: read-only */
    default: return bad_pointer();
    }
}

static uint64_t
fd_value(int console_ok)
{
    static const int64_t pool[] = { -1, 3, 4, 5, 6, 15, 16, 17, 100, 0x7fffffff,
                                    -0x80000000L, 0x100000005L };
    uint64_t fd;

    if (console_ok && one_in(4))
        return fuzz_rand() % 3;
    if (nfds && one_in(2))
        fd = (uint64_t)fds[fuzz_rand() % nfds];
    else
        fd = (uint64_t)pick((const uint64_t *)pool, sizeof(pool) / sizeof(pool[0]));
    if (!console_ok && (int)fd >= 0 && (int)fd <= 2)
        fd += 3;                        /* the kernel looks at the low 32 bits */
    return fd;
}

static uint64_t
path(void)
{
    static const char *const good[] = {
        "/bin/sh", "/bin", "/etc", "/etc/lab4.sh", "/bad/INDEX", "/", "", "/bin/",
        "//bin//sh", "/bin/./sh", "/bin/../bin/sh", "/no/such", "bin/sh", "/bin/sh/",
        "/bad", "/bad/bad-magic", "/bin/sysfuzz", "/extra", ".", "..",
        "/tmp", "/tmp/f", "/tmp/d", "/tmp/d/f", "tmp/g", "/tmp/d/", "/proc/self/exe",
    };
    uint64_t r = fuzz_rand() % 10;

    if (r < 6)
        return (uint64_t)good[fuzz_rand() % (sizeof(good) / sizeof(good[0]))];
    if (r == 6)
        return (uint64_t)good[fuzz_rand() % 5];             /* ones that exist */
    if (r == 7)
        return (uint64_t)long_path + fuzz_rand() % 200;     /* too long */
    if (r == 8)
        return one_in(2) ? straddling() : scratch_pointer();  /* random bytes */
    return bad_pointer();
}

/* Files exec refuses — and, only as a batch's last call (an exec that
 * works ends the batch), /bin/sysfuzz itself, which exits at once: it
 * runs only if its argv[0] is "sysfuzz" and then N is 0 or not a number. */
static uint64_t
exec_path(int last)
{
    static const char *const refused[] = {
        "/bad/bad-magic", "/bad/empty", "/bad/entry-kernel", "/bad/vaddr-kernel",
        "/bad/phnum-xnum", "/bad/memsz-huge", "/bad/offset-wraps", "/bad/vaddr-stack-guard",
        "/bad/interp", "/etc/lab4.sh", "/bin", "/no/such", "/bad/INDEX",
    };

    if (last && one_in(2))
        return (uint64_t)"/bin/sysfuzz";
    if (one_in(3))
        return one_in(4) ? straddling() : bad_pointer();
    return (uint64_t)refused[fuzz_rand() % (sizeof(refused) / sizeof(refused[0]))];
}

/* An argv or envp: NULL (allowed), a vector in scratch of random or
 * chosen pointers, or a bad pointer. */
static uint64_t
vector(void)
{
    static char *const zero_n[] = { "sysfuzz", "0", 0 };
    uint64_t *v = (uint64_t *)((uint64_t)scratch + (fuzz_rand() % 512) * 8);
    int n = fuzz_rand() % 6;

    switch (fuzz_rand() % 5) {
    case 0: return 0;
    case 1: return (uint64_t)zero_n;
    case 2: return bad_pointer();
    case 3: return straddling() & ~7UL;
    default:
        for (int i = 0; i < n; i++)
            v[i] = one_in(2) ? (uint64_t)"arg" : pointer(0);
        v[n] = 0;
        return (uint64_t)v;
    }
}

/* An iovec array in scratch. With `console`, no entry may be a good
 * buffer of real bytes: only bad ones, or empty. */
static uint64_t
iovec(int console)
{
    struct iovec *v = (struct iovec *)((uint64_t)scratch + (fuzz_rand() % 256) * 16);
    int n = 1 + fuzz_rand() % 4;

    if (one_in(4)) {    /* a bad array (not at the heap's end for the console:
                           what the kernel wrote there may be good iovecs) */
        if (console)
            return surely_bad_pointer();
        return one_in(2) ? bad_pointer() : straddling() & ~7UL;
    }
    for (int i = 0; i < n; i++) {
        v[i].iov_base = (void *)(console ? surely_bad_pointer() : pointer(0));
        v[i].iov_len = console && one_in(3) ? 0 : boundary();
    }
    /* The count may be larger than n: the kernel checks every iovec before
     * it writes a byte, so this one stops it before it reaches what is
     * left in scratch after v[n]. */
    v[n].iov_base = (void *)0xdead00000000beefUL;
    v[n].iov_len = 1;
    return (uint64_t)v;
}

static uint64_t
timespec_ptr(void)
{
    static const struct timespec pool[] = {
        { 0, 0 }, { 0, 1 }, { 0, 1000 }, { 0, 999999 }, { 0, 1000000000 }, { 0, -1 },
        { -1, 0 }, { -0x7fffffffffffffffL, 5 }, { 1, -5 }, { 0, 0x7fffffffffffffffL },
    };

    if (one_in(3))
        return bad_pointer();
    return (uint64_t)&pool[fuzz_rand() % (sizeof(pool) / sizeof(pool[0]))];
}

/* 1 us: a short wait */
static uint64_t
timespec_ptr_short(void)
{
    static const struct timespec us = { 0, 1000 };

    return (uint64_t)&us;
}

/* A futex wait whose word matches, a ppoll with nothing ready, sleep until
 * their timeout: so there is always one (a bad pointer is refused before
 * any sleep; NULL is not). A WAIT_BITSET deadline from the pool lies in
 * the past. */
static uint64_t
short_timeout(void)
{
    uint64_t ts = timespec_ptr();

    return ts ? ts : timespec_ptr_short();
}

static uint64_t
futex_op(void)
{
    static const uint64_t ops[] = { FUTEX_WAIT, FUTEX_WAKE, FUTEX_WAIT_BITSET, FUTEX_WAKE_BITSET,
                                    3, 14, -1UL };
    static const uint64_t flags[] = { 0, FUTEX_PRIVATE_FLAG, FUTEX_CLOCK_REALTIME, 0x200 };

    return pick(ops, 7) | pick(flags, 4);
}

/* munmap's and mprotect's address: in ZONE, or one they refuse — never
 * this program's memory (munmap(0, 1 GiB) would take its text away). */
static uint64_t
map_addr(void)
{
    static const uint64_t pool[] = { 1, 0xffff, KERNEL_TEXT, DIRECT_MAP, USER_TOP,
                                     USER_TOP - 4096, 0xdead00000000beefUL, -4096UL };

    if (one_in(3))
        return pick(pool, sizeof(pool) / sizeof(pool[0]));
    return ZONE + (fuzz_rand() % 64) * 4096 + (one_in(8) ? 1 + fuzz_rand() % 4095 : 0);
}

/* mmap's: also 0 (no hint) and low pages, which MAP_FIXED may not have
 * (-EPERM below 64 KiB) and a hint only suggests. */
static uint64_t
map_hint(void)
{
    if (one_in(4))
        return one_in(2) ? 0 : (fuzz_rand() % 16) * 4096;
    return map_addr();
}

static uint64_t
map_len(void)
{
    static const uint64_t pool[] = { 0, 1, 4095, 4096, 4097, 8192, 3 * 4096, 65536, 1UL << 20,
                                     1UL << 30, 1UL << 46, 1UL << 47, -4096UL, -1UL };

    return pick(pool, sizeof(pool) / sizeof(pool[0]));
}

static uint64_t
map_flags(void)
{
    static const uint64_t type[] = { MAP_PRIVATE, MAP_PRIVATE, MAP_SHARED, MAP_SHARED_VALIDATE, 0,
                                     0xf };
    static const uint64_t more[] = { 0, MAP_ANONYMOUS, MAP_FIXED, MAP_FIXED_NOREPLACE,
                                     MAP_FIXED | MAP_FIXED_NOREPLACE, MAP_POPULATE, MAP_32BIT,
                                     MAP_GROWSDOWN, MAP_NORESERVE, 0x8000000 };

    if (one_in(8))
        return fuzz_rand();
    return pick(type, 6) | pick(more, 10) | (one_in(2) ? MAP_ANONYMOUS : 0);
}

/* A struct k_sigaction in scratch whose handler is SIG_DFL or SIG_IGN, with
 * any flags and mask; or a pointer the kernel cannot read. (Not a pointer
 * into this program: its bytes would make a handler at a random address.) */
static uint64_t
sigaction_ptr(void)
{
    struct k_sigaction *a = (struct k_sigaction *)((uint64_t)scratch + (fuzz_rand() % 256) * 32);

    if (one_in(4))
        return surely_bad_pointer();
    a->handler = one_in(2) ? SIG_DFL : SIG_IGN;
    a->flags = one_in(2) ? SA_RESTORER : fuzz_rand();
    a->restorer = boundary();
    a->mask = fuzz_rand();
    return (uint64_t)a;
}

static uint64_t
signal_kind(enum kind k)
{
    static const uint64_t sigs[] = { 0, 1, 2, 9, 10, 11, 17, 19, 31, 32, 64, 65, -1UL, 0x100000002UL };
    static const uint64_t safe[] = { 0, SIGCHLD, SIGURG, SIGWINCH, SIGCONT, 65, -1UL, 0x7fffffff };
    static const uint64_t sizes[] = { 8, 8, 8, 0, 4, 16, -1UL };
    static const uint64_t pids[] = { 0, -1UL, 1, 2, 99999, -99999UL, 0x80000000UL, -2UL };
    static const uint64_t tty[] = { TCGETS, TCSETS, TCSETSW, TCSETSF, TIOCGPGRP, TIOCSPGRP,
                                    TIOCGWINSZ, TIOCSWINSZ, 0x5400, 0x541b, -1UL };

    switch (k) {
    case SIG: return pick(sigs, sizeof(sigs) / 8);
    case SIG_SAFE: return pick(safe, sizeof(safe) / 8);
    case SIGACT: return sigaction_ptr();
    case SIGSETSIZE: return pick(sizes, sizeof(sizes) / 8);
    case HOW: return one_in(4) ? boundary() : fuzz_rand() % 3;
    case KPID: return one_in(3) ? (uint64_t)SYSCALL0(SYS_getpid) : pick(pids, sizeof(pids) / 8);
    default: return pick(tty, sizeof(tty) / 8);
    }
}

/* A clone child given a stack (clone_stack_top) returns from syscall6
 * with `ret`, which pops the address at the stack's top: this code's. It
 * touches no memory — with CLONE_VM, the fuzzer's and other children's
 * are the same — and exits at once. (In C, the call to exit would push a
 * return address over the word the next child pops.) */
void clone_child_exit(void);
__asm__(".text\n"
        "clone_child_exit:\n"
        "    mov $60, %eax\n"          /* SYS_exit */
        "    xor %edi, %edi\n"
        "    syscall\n"
        "    ud2\n");

static uint64_t
clone_stack_top(void)
{
    static uint64_t stack[2] __attribute__((aligned(16)));

    stack[0] = (uint64_t)clone_child_exit;     /* what the child's `ret` pops */
    return (uint64_t)stack;
}

static uint64_t
value(enum kind k, int last)
{
    static const uint64_t clocks[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 11, -1UL, 0x7fffffff };
    static const uint64_t flags[] = { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC,
                                      O_APPEND, O_DIRECTORY, O_CLOEXEC, 3, -1UL };
    static const uint64_t pids[] = { -1UL, 0, -2UL, 1, 2, 99999, 0x80000000UL, 0x7fffffff };
    static const uint64_t atflags[] = { 0, AT_EMPTY_PATH, AT_REMOVEDIR, AT_SYMLINK_NOFOLLOW, -1UL };
    static const uint64_t fcntls[] = { F_DUPFD, F_GETFD, F_SETFD, F_GETFL, F_DUPFD_CLOEXEC,
                                       1031, 5, 9999, -1UL };
    static const uint64_t pipeflags[] = { 0, O_CLOEXEC, O_NONBLOCK, O_DIRECT, -1UL };
    static const uint64_t cloneflags[] = {
        SIGCHLD_NUMBER, 0x1200011, CLONE_VM | CLONE_VFORK | SIGCHLD_NUMBER,
        CLONE_VM | SIGCHLD_NUMBER, CLONE_VM | CLONE_CHILD_SETTID | SIGCHLD_NUMBER,
        CLONE_VM | CLONE_CHILD_CLEARTID | SIGCHLD_NUMBER,
        CLONE_VM | 0x800 | 0x10000 /* CLONE_SIGHAND | CLONE_THREAD */, 0, 9, 0x7fffffff,
    };
    static const uint64_t prctl[] = { ARCH_SET_FS, ARCH_GET_FS, ARCH_SET_GS, ARCH_GET_GS,
                                      0, 0x1005, -1UL };

    switch (k) {
    case FD: return fd_value(1);
    case FD_NOCON: return fd_value(0);
    case IN: return pointer(0);
    case OUT: return pointer(1);
    case IN_BAD: return surely_bad_pointer();
    case LEN: return boundary();
    case FLAGS:         /* read-only half the time: open files to use */
        return one_in(2) ? O_RDONLY : one_in(3) ? fuzz_rand() : pick(flags, 11) | pick(flags, 11);
    case PATH: return path();
    case EXEC_PATH: return exec_path(last);
    case ARGV: return vector();
    case IOV: return iovec(0);
    case IOV_BAD: return iovec(1);
    case TS: return timespec_ptr();
    case CLOCK: return pick(clocks, 12);
    case PID: return pick(pids, 8);
    case WOPTS: return one_in(2) ? WNOHANG : boundary();
    case WHENCE: return fuzz_rand() % 5;
    case OFF: return boundary();
    case PRCTL: return pick(prctl, 7);
    case ADDR: return one_in(2) ? pointer(0) : boundary();
    case MAP_HINT: return map_hint();
    case MAP_ADDR: return map_addr();
    case MAP_LEN: return map_len();
    case PROT: return one_in(4) ? boundary() : fuzz_rand() % 8;
    case MAP_FLAGS: return map_flags();
    case ANY: return one_in(2) ? boundary() : fuzz_rand();
    case SIG: case SIG_SAFE: case SIGACT: case SIGSETSIZE: case HOW: case KPID: case TTY_REQ:
        return signal_kind(k);
    case DIRFD: return one_in(2) ? (uint64_t)AT_FDCWD : fd_value(1);
    case ATFLAGS: return pick(atflags, 5);
    case AMODE: return one_in(4) ? boundary() : fuzz_rand() % 8;
    case FCNTL: return pick(fcntls, 9);
    case PIPEFLAGS: return pick(pipeflags, 5);
    case CLONEFLAGS: return pick(cloneflags, 10);
    case CLONE_STACK: return one_in(2) ? 0 : clone_stack_top();
    case POLLMS: return fuzz_rand() % 3;
    case RANDLEN: return fuzz_rand() % 65;
    case RES: return one_in(4) ? boundary() : fuzz_rand() % 17;
    case FUTEX_OP: return futex_op();
    case SHORT_TS: return short_timeout();
    default: return 0;
    }
}

/* A number that is no system call: Linux's reserved hole, above its
 * table, ringlab_stat's neighbours, negative, huge. */
static long
unknown_number(void)
{
    switch (fuzz_rand() % 5) {
    case 0: return 335 + fuzz_rand() % 89;
    case 1: return 548 + fuzz_rand() % 452;
    case 2: return 1001 + fuzz_rand() % 1000;
    case 3: return -(long)(1 + fuzz_rand() % 1000);
    default: return (long)(fuzz_rand() | 0x40000000UL);
    }
}

/* Pipes made here are made non-blocking (and fcntl never clears that):
 * a batch is one process, and a blocking read of its own empty pipe, or
 * write to its own full one, would wait forever. */
static void
pipe_made(uint64_t user_fds)
{
    int *v = (int *)user_fds;

    for (int i = 0; i < 2; i++) {
        SYSCALL3(SYS_fcntl, v[i], F_SETFL, O_NONBLOCK);
        if (nfds < 16)
            fds[nfds++] = v[i];
    }
}

static const struct call *
choose(void)
{
    static int total;
    int r;

    if (!total)
        for (unsigned i = 0; i < NCALLS; i++)
            total += calls[i].weight;
    r = fuzz_rand() % total;
    for (unsigned i = 0; i < NCALLS; i++)
        if ((r -= calls[i].weight) < 0)
            return &calls[i];
    return &calls[0];
}

/* Keeps what the call did to this process in hand: fds it opened, children
 * it forked (which exit at once). */
static void
after(const struct call *c, uint64_t a[6], long r)
{
    if ((c->nr == SYS_pipe || c->nr == SYS_pipe2) && r == 0)
        pipe_made(a[0]);
    if ((c->nr == SYS_open || c->nr == SYS_openat || c->nr == SYS_dup) && r >= 0) {
        if (nfds < 16)
            fds[nfds++] = r;
        if (nfds > 8)
            SYSCALL1(SYS_close, fds[--nfds]);
    }
    if (c->nr == SYS_close && r == 0)
        for (int i = 0; i < nfds; i++)
            if (fds[i] == (int)a[0])
                fds[i] = fds[--nfds];
    if ((c->nr == SYS_fork || c->nr == SYS_clone) && r > 0 && one_in(2))
        SYSCALL4(SYS_wait4, r, 0, 0, 0);
}

void
fuzz_one(long i, int last)
{
    const struct call *c = choose();
    uint64_t a[6];
    long nr = c->nr < 0 ? unknown_number() : c->nr;

    for (int k = 0; k < 6; k++)
        a[k] = value(c->arg[k], last);
    if (fz.verbose)
        printf("sysfuzz %ld: %s(#%ld, %lx, %lx, %lx, %lx, %lx, %lx)\n", i, c->name, nr,
               a[0], a[1], a[2], a[3], a[4], a[5]);
    long r = syscall6(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
    if ((nr == SYS_fork || nr == SYS_clone || nr == SYS_vfork) && r == 0)
        _exit(0);                       /* a fuzzed fork's child */
    if (fz.verbose)
        printf("sysfuzz %ld: = %ld\n", i, r);
    after(c, a, r);
}

void
fuzz_setup(void)
{
    uint64_t start = (uint64_t)SYSCALL1(SYS_brk, 0);

    fz.heap_end = (start + 2 * 4096) & ~4095UL;
    SYSCALL1(SYS_brk, fz.heap_end);
    memset((char *)fz.heap_end - 4096, 'z', 4096);  /* no NUL: strings run off */
    memset(long_path, 'p', sizeof(long_path) - 1);
    nfds = 0;
}

void
run_warm_up(void)
{
    char *argv[] = { "sysfuzz", "0", 0 };
    long pid = SYSCALL0(SYS_fork);

    if (pid == 0) {
        SYSCALL3(SYS_execve, "/bin/sysfuzz", argv, 0);
        _exit(1);
    }
    SYSCALL4(SYS_wait4, pid, 0, 0, 0);
}

/* Removes everything under dir (a path in /tmp), depth first. */
static void
remove_tree(char *dir, size_t len)
{
    char buf[512];
    long fd = SYSCALL3(SYS_open, dir, O_RDONLY | O_DIRECTORY, 0), n;

    if (fd < 0)
        return;
    for (int removed = 1; removed;) {   /* the directory changes: until a pass removes nothing */
        removed = 0;
        SYSCALL3(SYS_lseek, fd, 0, SEEK_SET);
        if ((n = SYSCALL3(SYS_getdents64, fd, buf, sizeof(buf))) <= 0)
            break;
        for (long off = 0; off < n;) {
            struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
            size_t k = strlen(d->d_name);
            off += d->d_reclen;
            if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, "..") || len + k + 2 > 256)
                continue;
            dir[len] = '/';
            memcpy(dir + len + 1, d->d_name, k + 1);
            if (d->d_type == DT_DIR)
                remove_tree(dir, len + 1 + k);
            removed |= SYSCALL1(d->d_type == DT_DIR ? SYS_rmdir : SYS_unlink, dir) == 0;
            dir[len] = '\0';
        }
    }
    SYSCALL1(SYS_close, fd);
}

/* What the batches left in /tmp goes (its frames would look leaked). */
void
fuzz_cleanup(void)
{
    char path[256] = "/tmp";

    remove_tree(path, 4);
}

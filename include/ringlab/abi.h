/* abi.h — the structures and flags that cross the system call boundary,
 * shared by the kernel and libc. They are Linux x86-64's layouts, so that
 * static Linux binaries (musl-gcc -static) run unmodified.
 *
 * Only types from <stdint.h>/<stddef.h> here; no functions. */
#ifndef RINGLAB_ABI_H
#define RINGLAB_ABI_H

#include <stddef.h>
#include <stdint.h>

/* ---- The auxiliary vector: (type, value) pairs after envp's NULL, ending
 * with AT_NULL. exec puts them on the initial stack (see userspace/README.md). */
#define AT_NULL      0          /* end of the vector */
#define AT_IGNORE    1
#define AT_PHDR      3          /* address of the program headers in memory */
#define AT_PHENT     4          /* size of one program header (56) */
#define AT_PHNUM     5          /* number of program headers */
#define AT_PAGESZ    6          /* page size (4096) */
#define AT_BASE      7          /* interpreter base; 0 for static programs */
#define AT_FLAGS     8
#define AT_ENTRY     9          /* the program's entry point (after load bias) */
#define AT_UID      11
#define AT_EUID     12
#define AT_GID      13
#define AT_EGID     14
#define AT_HWCAP    16
#define AT_CLKTCK   17
#define AT_SECURE   23
#define AT_RANDOM   25          /* address of 16 random bytes */
#define AT_EXECFN   31          /* address of the program's path string */

/* ---- open() flags (octal, as in Linux's asm-generic/fcntl.h). */
#define O_RDONLY     0
#define O_WRONLY     01
#define O_RDWR       02
#define O_ACCMODE    03
#define O_CREAT      0100
#define O_EXCL       0200
#define O_TRUNC      01000
#define O_APPEND     02000
#define O_DIRECTORY  0200000
#define O_CLOEXEC    02000000

/* ---- getdents64(): records packed back to back in the caller's buffer,
 * each d_reclen bytes long (8-byte aligned), d_name NUL-terminated. */
struct linux_dirent64 {
    uint64_t d_ino;             /* inode number (any non-zero value) */
    int64_t d_off;              /* opaque cookie of the next record */
    uint16_t d_reclen;          /* length of this record */
    uint8_t d_type;             /* DT_* */
    char d_name[];              /* NUL-terminated */
};
#define DT_UNKNOWN   0
#define DT_DIR       4
#define DT_REG       8

/* ---- Time. */
struct timespec {
    int64_t tv_sec;
    int64_t tv_nsec;            /* 0 .. 999,999,999 */
};
#define CLOCK_REALTIME   0
#define CLOCK_MONOTONIC  1

/* ---- uname(). */
#define UTSNAME_LEN 65
struct utsname {
    char sysname[UTSNAME_LEN];  /* "ringlab" */
    char nodename[UTSNAME_LEN];
    char release[UTSNAME_LEN];
    char version[UTSNAME_LEN];
    char machine[UTSNAME_LEN];  /* "x86_64" */
    char domainname[UTSNAME_LEN];
};

/* ---- writev(). */
struct iovec {
    void *iov_base;
    size_t iov_len;
};

/* ---- arch_prctl() codes. */
#define ARCH_SET_GS  0x1001
#define ARCH_SET_FS  0x1002
#define ARCH_GET_FS  0x1003
#define ARCH_GET_GS  0x1004

/* ---- wait4(): options, and the status word the kernel stores.
 * Exit status s is stored as (s & 0xff) << 8; death by signal n as n. */
#define WNOHANG      1
#define W_EXITCODE(status, sig)  ((((status) & 0xff) << 8) | (sig))

/* ---- wait4()'s fourth argument: what the child used (Linux's layout).
 * ringlab counts only ru_nivcsw, the involuntary context switches: the
 * times the timer preempted the child. Everything else is 0. */
struct rusage {
    struct { int64_t tv_sec, tv_usec; } ru_utime, ru_stime;
    int64_t ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap;
    int64_t ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals;
    int64_t ru_nvcsw;           /* voluntary context switches (not counted) */
    int64_t ru_nivcsw;          /* involuntary: preemptions */
};
_Static_assert(sizeof(struct rusage) == 144, "struct rusage is Linux's 144 bytes");

/* ---- ringlab_stat(what) (SYS_ringlab_stat, ringlab's own): one figure,
 * or -EINVAL. FRAME_BALANCE is the free frames plus those the kernel keeps
 * for good once taken (its heap, the kernel half's page tables): with the
 * same processes alive, it must come back to the same value — if it is
 * lower, frames leaked (kernel/mm/memstat.h). */
#define RL_STAT_FREE_FRAMES    0   /* frames the allocator has free */
#define RL_STAT_FRAME_BALANCE  1   /* free + heap + kernel-half tables */
#define RL_STAT_HEAP_USED      2   /* bytes allocated in the kernel heap */
#define RL_STAT_PREEMPTIONS    3   /* times the timer preempted the caller */
#define RL_STAT_PROCESSES      4   /* process-table slots in use */

/* ---- memory (full kernel): mmap, munmap, mprotect ----
 * Linux's values. prot is what a page allows; flags say how the area is
 * made (one of MAP_SHARED / MAP_PRIVATE / MAP_SHARED_VALIDATE, then
 * modifiers). docs/compat.md says which the kernel honours. */
#define PROT_NONE            0x0
#define PROT_READ            0x1
#define PROT_WRITE           0x2
#define PROT_EXEC            0x4

#define MAP_SHARED           0x01
#define MAP_PRIVATE          0x02
#define MAP_SHARED_VALIDATE  0x03       /* MAP_SHARED, and refuse unknown flags */
#define MAP_TYPE             0x0f       /* the bits that hold one of the three */
#define MAP_FIXED            0x10       /* exactly at addr, replacing what was there */
#define MAP_ANONYMOUS        0x20       /* zeroed memory, no file (fd is ignored) */
#define MAP_32BIT            0x40
#define MAP_GROWSDOWN        0x100
#define MAP_DENYWRITE        0x800
#define MAP_EXECUTABLE       0x1000
#define MAP_LOCKED           0x2000
#define MAP_NORESERVE        0x4000
#define MAP_POPULATE         0x8000
#define MAP_NONBLOCK         0x10000
#define MAP_STACK            0x20000
#define MAP_HUGETLB          0x40000
#define MAP_SYNC             0x80000
#define MAP_FIXED_NOREPLACE  0x100000   /* exactly at addr, or -EEXIST */
#define MAP_FAILED           ((void *)-1)
/* ---- end of memory ---- */
/* ---- signals (full kernel) ----
 * Linux x86-64's numbers and layouts (asm/signal.h, asm/sigcontext.h,
 * asm-generic/siginfo.h). A signal set is 64 bits: signal n is bit n - 1. */
#define SIGHUP     1
#define SIGINT     2
#define SIGQUIT    3
#define SIGILL     4
#define SIGTRAP    5
#define SIGABRT    6
#define SIGBUS     7
#define SIGFPE     8
#define SIGKILL    9
#define SIGUSR1   10
#define SIGSEGV   11
#define SIGUSR2   12
#define SIGPIPE   13
#define SIGALRM   14
#define SIGTERM   15
#define SIGCHLD   17
#define SIGCONT   18
#define SIGSTOP   19
#define SIGTSTP   20
#define SIGTTIN   21
#define SIGTTOU   22
#define SIGURG    23
#define SIGWINCH  28
#define SIGSYS    31
#define SIGRTMIN  32
#define NSIG_MAX  64            /* signals are 1..64 */
#define SIGBIT(sig)  (1ULL << ((sig) - 1))

#define SIG_DFL  0              /* sa_handler values */
#define SIG_IGN  1

#define SA_NOCLDSTOP  0x00000001
#define SA_NOCLDWAIT  0x00000002
#define SA_SIGINFO    0x00000004    /* handler(sig, siginfo_t *, ucontext *) */
#define SA_RESTORER   0x04000000    /* sa_restorer is set: x86-64 libcs always do */
#define SA_ONSTACK    0x08000000
#define SA_RESTART    0x10000000    /* restart a blocking read/wait4 */
#define SA_NODEFER    0x40000000    /* the signal is not blocked in its handler */
#define SA_RESETHAND  0x80000000    /* back to SIG_DFL once delivered */

#define SIG_BLOCK    0              /* rt_sigprocmask's how */
#define SIG_UNBLOCK  1
#define SIG_SETMASK  2

/* rt_sigaction's struct (the kernel's, not libc's sigaction: the mask is
 * 8 bytes and comes last). */
struct k_sigaction {
    uint64_t handler;           /* SIG_DFL, SIG_IGN or a function */
    uint64_t flags;             /* SA_* */
    uint64_t restorer;          /* where the handler returns: calls rt_sigreturn */
    uint64_t mask;              /* blocked while the handler runs */
};
_Static_assert(sizeof(struct k_sigaction) == 32, "Linux's struct sigaction (kernel side)");

/* si_code values */
#define SI_USER      0              /* kill() */
#define SI_KERNEL    0x80           /* the kernel: Ctrl-C, SIGPIPE, a #GP */
#define SI_TKILL     (-6)           /* tkill(), tgkill() */
#define ILL_ILLOPN   2
#define FPE_INTDIV   1
#define FPE_FLTINV   7
#define SEGV_MAPERR  1              /* nothing mapped there */
#define SEGV_ACCERR  2              /* mapped, but not allowed */
#define BUS_ADRALN   1
#define TRAP_BRKPT   1
#define TRAP_TRACE   2

/* siginfo_t: 128 bytes; which union member is valid depends on the signal. */
typedef struct {
    int32_t si_signo, si_errno, si_code, _pad;
    union {
        struct { int32_t pid; uint32_t uid; } kill;     /* kill, tgkill */
        struct { uint64_t addr; } fault;                /* SIGSEGV, SIGILL... */
        uint8_t _size[128 - 16];
    } f;
} siginfo_t;
_Static_assert(sizeof(siginfo_t) == 128, "Linux's siginfo_t");

/* struct sigcontext: the registers a handler's frame saves (uc_mcontext). */
struct sigcontext {
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp;
    uint64_t rip, eflags;
    uint16_t cs, gs, fs, ss;
    uint64_t err, trapno, oldmask, cr2;
    uint64_t fpstate;           /* user address of the 512-byte fxsave area */
    uint64_t reserved1[8];
};
_Static_assert(sizeof(struct sigcontext) == 256, "Linux's struct sigcontext");

typedef struct {
    uint64_t ss_sp;
    int32_t ss_flags, _pad;
    uint64_t ss_size;
} stack_t;
#define SS_ONSTACK 1                /* sigaltstack: running on the alternate stack */
#define SS_DISABLE 2                /* ... no alternate stack */
#define SS_AUTODISARM (1u << 31)
#define MINSIGSTKSZ 2048            /* the smallest alternate stack Linux takes */

struct ucontext {
    uint64_t uc_flags;
    uint64_t uc_link;
    stack_t uc_stack;
    struct sigcontext uc_mcontext;
    uint64_t uc_sigmask;
};
_Static_assert(__builtin_offsetof(struct ucontext, uc_mcontext) == 40, "uc_mcontext at 40");
_Static_assert(sizeof(struct ucontext) == 304, "Linux's struct ucontext (kernel side)");

/* What a handler finds on its stack: RSP points at pretcode, its return
 * address (sa_restorer); the fxsave area lies above, 64-byte aligned. */
struct rt_sigframe {
    uint64_t pretcode;
    struct ucontext uc;
    siginfo_t info;
};
_Static_assert(__builtin_offsetof(struct rt_sigframe, info) == 312, "Linux's rt_sigframe");

/* ---- the console as a terminal (full kernel): ioctl requests, and
 * Linux's struct termios (the kernel's: 19 control characters). */
#define TCGETS      0x5401
#define TCSETS      0x5402
#define TCSETSW     0x5403
#define TCSETSF     0x5404
#define TIOCGPGRP   0x540f
#define TIOCSPGRP   0x5410
#define TIOCGWINSZ  0x5413
#define TIOCSWINSZ  0x5414

#define NCCS 19
struct termios {
    uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
    uint8_t c_line;
    uint8_t c_cc[NCCS];
};
_Static_assert(sizeof(struct termios) == 36, "Linux's struct termios (kernel side)");
#define VINTR   0
#define VQUIT   1
#define VERASE  2
#define VKILL   3
#define VEOF    4
#define VTIME   5
#define VMIN    6
#define ICRNL   0000400             /* c_iflag: input CR becomes NL */
#define IXON    0002000
#define OPOST   0000001             /* c_oflag */
#define ONLCR   0000004
#define ISIG    0000001             /* c_lflag: INTR and QUIT send signals */
#define ICANON  0000002             /* line by line, with ERASE and KILL */
#define ECHO    0000010
#define ECHOE   0000020
#define ECHOK   0000040
#define ECHOCTL 0001000
#define ECHOKE  0004000
#define IEXTEN  0100000

struct winsize {
    uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};
/* ---- end of signals (full kernel) ---- */
/* ---- files and processes (full kernel) ----
 * openat() & co., stat, pipes, poll, fcntl, clone, limits, sysinfo,
 * getrandom: Linux x86-64's values and layouts. */
#define AT_FDCWD            (-100)  /* dirfd: the working directory */
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR        0x200   /* unlinkat: rmdir */
#define AT_EACCESS          0x200   /* faccessat2 */
#define AT_NO_AUTOMOUNT     0x800
#define AT_EMPTY_PATH       0x1000  /* fstatat(fd, "", ...): fd itself */
#define O_NOCTTY     0400
#define O_NONBLOCK   04000
#define O_DSYNC      010000
#define O_DIRECT     040000
#define O_LARGEFILE  0100000
#define O_NOFOLLOW   0400000
#define O_PATH       010000000
#define F_OK 0                      /* access() modes */
#define X_OK 1
#define W_OK 2
#define R_OK 4
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define DT_FIFO      1
#define DT_CHR       2

/* fcntl() commands; FD_CLOEXEC is F_GETFD/F_SETFD's one flag */
#define F_DUPFD          0
#define F_GETFD          1
#define F_SETFD          2
#define F_GETFL          3
#define F_SETFL          4
#define F_DUPFD_CLOEXEC  1030
#define FD_CLOEXEC       1
/* ioctl()s of any fd: O_NONBLOCK on/off (*(int *)arg), close-on-exec on/off */
#define FIONBIO          0x5421
#define FIONCLEX         0x5450
#define FIOCLEX          0x5451

/* stat(), fstat(), newfstatat(): struct stat as the x86-64 kernel lays it out */
struct stat {
    uint64_t st_dev;
    uint64_t st_ino;
    uint64_t st_nlink;
    uint32_t st_mode;               /* S_IF* | permission bits */
    uint32_t st_uid, st_gid;
    int32_t __pad0;
    uint64_t st_rdev;
    int64_t st_size;
    int64_t st_blksize;
    int64_t st_blocks;              /* in 512-byte units */
    struct timespec st_atim, st_mtim, st_ctim;
    int64_t __unused[3];
};
_Static_assert(sizeof(struct stat) == 144, "struct stat is Linux's 144 bytes");
/* statx(): struct statx, Linux's 256 bytes */
struct statx_timestamp {
    int64_t tv_sec;
    uint32_t tv_nsec;
    int32_t __reserved;
};
struct statx {
    uint32_t stx_mask;              /* which fields are filled (STATX_*) */
    uint32_t stx_blksize;
    uint64_t stx_attributes;
    uint32_t stx_nlink, stx_uid, stx_gid;
    uint16_t stx_mode, __spare0;
    uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
    struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
    uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
    uint64_t stx_mnt_id;
    uint32_t stx_dio_mem_align, stx_dio_offset_align;
    uint64_t __spare3[12];
};
_Static_assert(sizeof(struct statx) == 256, "struct statx is Linux's 256 bytes");
#define STATX_SIZE          0x200
#define STATX_BASIC_STATS   0x7ff       /* type, mode, nlink, uid, gid, times, ino, size, blocks */
#define STATX__RESERVED     0x80000000u
#define AT_STATX_SYNC_TYPE  0x6000      /* statx flags: how hard to sync (no meaning here) */

#define S_IFMT   0170000
#define S_IFIFO  0010000
#define S_IFCHR  0020000
#define S_IFDIR  0040000
#define S_IFREG  0100000
#define S_IFLNK  0120000

/* poll() */
struct pollfd {
    int fd;                         /* < 0: ignored, revents 0 */
    short events, revents;
};
#define POLLIN     0x001
#define POLLPRI    0x002
#define POLLOUT    0x004
#define POLLERR    0x008
#define POLLHUP    0x010
#define POLLNVAL   0x020
#define POLLRDNORM 0x040
#define POLLWRNORM 0x100

/* getrlimit(), prlimit64() */
struct rlimit {
    uint64_t rlim_cur, rlim_max;
};
#define RLIM_INFINITY  (~0UL)
#define RLIMIT_STACK   3
#define RLIMIT_NPROC   6
#define RLIMIT_NOFILE  7
#define RLIMIT_NLIMITS 16

/* sysinfo() */
struct sysinfo {
    int64_t uptime;                 /* seconds since boot */
    uint64_t loads[3];              /* (not kept: 0) */
    uint64_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
    uint16_t procs;
    uint16_t pad;
    uint64_t totalhigh, freehigh;
    uint32_t mem_unit;              /* the sizes above are in these units */
    char _f[4];
};
_Static_assert(sizeof(struct sysinfo) == 112, "struct sysinfo is Linux's 112 bytes");

/* getrandom() flags */
#define GRND_NONBLOCK 1
#define GRND_RANDOM   2
#define GRND_INSECURE 4

/* clone() flags: the low byte is the signal sent to the parent at exit */
#define CSIGNAL              0x000000ff
#define CLONE_VM             0x00000100
#define CLONE_VFORK          0x00004000
#define CLONE_SETTLS         0x00080000
#define CLONE_PARENT_SETTID  0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_CHILD_SETTID   0x01000000
#define SIGCHLD_NUMBER       17     /* the only exit signal there is */

/* futex() operations; the flags are or'ed into the operation */
#define FUTEX_WAIT           0
#define FUTEX_WAKE           1
#define FUTEX_WAIT_BITSET    9
#define FUTEX_WAKE_BITSET    10
#define FUTEX_PRIVATE_FLAG   128    /* only this address space shares the word */
#define FUTEX_CLOCK_REALTIME 256    /* WAIT_BITSET's deadline is CLOCK_REALTIME's */
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu
/* ---- end of files and processes */

#endif

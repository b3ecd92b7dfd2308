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
/* ---- end of files and processes */

#endif

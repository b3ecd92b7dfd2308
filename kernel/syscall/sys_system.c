/* sys_system.c — what a process asks about itself and the machine: user
 * and group ids, the umask, resource limits, sysinfo, getrandom.
 *
 * Every process is root (ids 0). Limits are reported and kept (fork
 * copies them) but not enforced: the kernel's own tables are the real
 * limits, and RLIMIT_NOFILE, RLIMIT_NPROC and RLIMIT_STACK start at them. */
#include "syscall/handlers.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/memlayout.h"
#include "fs/ramfs.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/pmm.h"
#include "mm/usercopy.h"
#include "proc/process.h"
#include "proc/timer.h"
#include "ringlab/abi.h"
#include "ringlab/siphash.h"
#include "syscall/syscall.h"

#define GETRANDOM_MAX 33554431      /* Linux's most per call (32 MiB - 1) */
#define CPUID1_ECX_RDRAND (1u << 30)

int64_t sys_getuid(struct trap_frame *tf) { return 0; }
int64_t sys_geteuid(struct trap_frame *tf) { return 0; }
int64_t sys_getgid(struct trap_frame *tf) { return 0; }
int64_t sys_getegid(struct trap_frame *tf) { return 0; }

/* umask(mask): the old one. */
int64_t
sys_umask(struct trap_frame *tf)
{
    struct process *p = current_process();
    uint32_t old = p->fs.umask;

    p->fs.umask = (uint32_t)syscall_arg(tf, 1) & 0777;
    return old;
}

/* prlimit64(pid, resource, new, old): 0 or our own pid (every other
 * process's limits are the same story: -ESRCH if it does not exist). */
static int64_t
limits(int pid, unsigned resource, uint64_t user_new, uint64_t user_old)
{
    struct process *p = current_process();
    struct rlimit now, want;

    if (resource >= RLIMIT_NLIMITS)
        return -EINVAL;
    if (pid < 0)
        return -EINVAL;
    if (pid != 0 && pid != p->pid)
        return -ESRCH;
    now = p->fs.limits[resource];
    if (user_new) {
        if (copy_from_user(&want, user_new, sizeof(want)))
            return -EFAULT;
        if (want.rlim_cur > want.rlim_max)
            return -EINVAL;
        if (resource == RLIMIT_NOFILE && want.rlim_max > NFILE)
            return -EPERM;          /* past the fd table (Linux: nr_open) */
    }
    if (user_old && copy_to_user(user_old, &now, sizeof(now)))
        return -EFAULT;
    if (user_new)
        p->fs.limits[resource] = want;
    return 0;
}

int64_t
sys_prlimit64(struct trap_frame *tf)
{
    return limits((int)syscall_arg(tf, 1), (unsigned)syscall_arg(tf, 2), syscall_arg(tf, 3),
                  syscall_arg(tf, 4));
}

int64_t
sys_getrlimit(struct trap_frame *tf)
{
    if (!syscall_arg(tf, 2))
        return -EFAULT;
    return limits(0, (unsigned)syscall_arg(tf, 1), 0, syscall_arg(tf, 2));
}

int64_t
sys_sysinfo(struct trap_frame *tf)
{
    struct sysinfo si;

    memset(&si, 0, sizeof(si));
    si.uptime = (int64_t)(timer_ticks() / TIMER_HZ);
    si.totalram = pmm_managed_count() * PAGE_SIZE;
    si.freeram = pmm_free_count() * PAGE_SIZE;
    si.sharedram = ramfs_frames_used() * PAGE_SIZE;     /* /tmp, like Linux's shmem */
    for (int i = 0; i < process_slots_used(); i++)
        si.procs += process_slot(i)->state != PROC_FREE;
    si.mem_unit = 1;
    return copy_to_user(syscall_arg(tf, 1), &si, sizeof(si));
}

/* ---- getrandom: RDRAND if CPUID says the CPU has it (QEMU's default
 * qemu64 model does not), else SipHash-2-4 of a counter, keyed at the
 * first call from the TSC and the tick count. Under `-icount` the TSC
 * counts instructions, so that key is the same in every run: the bytes
 * are good for hash seeds and such, not for keys. */

static int
has_rdrand(void)
{
    uint32_t a = 1, b, c = 0, d;

    __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
    return (c & CPUID1_ECX_RDRAND) != 0;
}

static int
rdrand(uint64_t *v)
{
    for (int i = 0; i < 10; i++) {      /* Intel: retry a few times */
        uint8_t ok;
        __asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok) : : "cc");
        if (ok)
            return 1;
    }
    return 0;
}

static uint64_t
random64(void)
{
    static int source = -1;         /* 1: RDRAND, 0: SipHash */
    static unsigned char key[16];
    static uint64_t counter;
    uint64_t v;

    if (source < 0) {
        uint64_t seed[2] = { rdtsc(), timer_ticks() ^ 0x72696e676c6162UL };
        source = has_rdrand();
        memcpy(key, seed, sizeof(key));
    }
    if (source && rdrand(&v))
        return v;
    counter++;
    return siphash24(key, &counter, sizeof(counter));
}

/* getrandom(buf, len, flags) */
int64_t
sys_getrandom(struct trap_frame *tf)
{
    uint64_t buf = syscall_arg(tf, 1), len = syscall_arg(tf, 2), done = 0;
    unsigned flags = (unsigned)syscall_arg(tf, 3);

    if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE) ||
        (flags & (GRND_RANDOM | GRND_INSECURE)) == (GRND_RANDOM | GRND_INSECURE))
        return -EINVAL;
    if (len > GETRANDOM_MAX)
        len = GETRANDOM_MAX;
    if (!user_range_ok(buf, len))
        return -EFAULT;
    while (done < len) {
        uint64_t chunk[32];
        uint64_t k = len - done < sizeof(chunk) ? len - done : sizeof(chunk);
        for (int i = 0; i < 32; i++)
            chunk[i] = random64();
        if (copy_to_user(buf + done, chunk, k))
            return done ? (int64_t)done : -EFAULT;
        done += k;
    }
    return (int64_t)done;
}

/* sys_misc.c — time, names, the FS base, and giving up the CPU (lab 4).
 *
 * The small calls a static binary makes around its real work: musl's start
 * code calls arch_prctl(ARCH_SET_FS) and set_tid_address before main, its
 * stdio asks ioctl(TIOCGWINSZ) whether stdout is a terminal; programs ask
 * uname and clock_gettime, sleep, yield. */
#include "syscall/handlers.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/memlayout.h"
#include "fs/file.h"
#include "lib/errno.h"
#include "mm/usercopy.h"
#include "proc/process.h"
#include "proc/sched.h"
#include "proc/timer.h"
#include "ringlab/abi.h"
#include "syscall/syscall.h"

#define NS_PER_SEC  1000000000L
#define NS_PER_TICK (NS_PER_SEC / TIMER_HZ)
#define REALTIME_EPOCH 1767225600L      /* CLOCK_REALTIME at boot: 2026-01-01 00:00 UTC */
#define SLEEP_MAX_SEC  (1L << 40)       /* longer sleeps are cut to this (35,000 years) */

/* Linux's other clock ids that mean "this clock" here: one tick counter,
 * never adjusted, so raw, coarse and boot time are all monotonic time. */
#define CLOCK_MONOTONIC_RAW    4
#define CLOCK_REALTIME_COARSE  5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME         7

int64_t
sys_uname(struct trap_frame *tf)
{
    static const struct utsname name = {
        .sysname = "ringlab", .nodename = "ringlab", .release = "0.4",
        .version = "stage " RINGLAB_STAGE_NAME ", bugs " RINGLAB_BUGS,
        .machine = "x86_64", .domainname = "(none)",
    };

    return copy_to_user(syscall_arg(tf, 1), &name, sizeof(name));  /* 0 or -EFAULT */
}

/* Time since boot is the timer's tick count: a resolution of 1/TIMER_HZ s. */
int64_t
sys_clock_gettime(struct trap_frame *tf)
{
    int clock = (int)syscall_arg(tf, 1);
    uint64_t ticks = timer_ticks();
    struct timespec ts = { (int64_t)(ticks / TIMER_HZ),
                           (int64_t)(ticks % TIMER_HZ) * NS_PER_TICK };

    if (clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE)
        ts.tv_sec += REALTIME_EPOCH;
    else if (clock != CLOCK_MONOTONIC && clock != CLOCK_MONOTONIC_RAW &&
             clock != CLOCK_MONOTONIC_COARSE && clock != CLOCK_BOOTTIME)
        return -EINVAL;
    return copy_to_user(syscall_arg(tf, 2), &ts, sizeof(ts));
}

/* Returns once timer_ticks() has reached `deadline`.
 *
 * The clock moves only when the timer interrupt is taken, and interrupts
 * are off here (a syscall) and in the scheduler — so something must turn
 * them on. The process stays RUNNING/READY: nothing else would wake it.
 *   - others READY: let them run; ticks arrive while they are in ring 3;
 *   - all of those asleep in here too: they pass the CPU round with
 *     interrupts off, and no tick could ever arrive — so each round opens
 *     a one-instruction window for a pending one (xv6's scheduler enables
 *     interrupts on every loop for the same reason);
 *   - nobody else READY: halt with interrupts on until the next tick (the
 *     scheduler's own idle loop is not reached: this process is READY).
 * After schedule() returns, CR3 may still be the last process's (the
 * switch waits for the way back to ring 3): touch no user memory after. */
static void
sleep_until(uint64_t deadline)
{
    while (timer_ticks() < deadline) {
        if (sched_has_ready()) {
            schedule();
            interrupt_window();
        } else {
            wait_for_interrupt();
        }
    }
}

/* nanosleep(req, rem): sleeps at least *req. Nothing interrupts a sleep
 * (there are no signals), so rem is never written. */
int64_t
sys_nanosleep(struct trap_frame *tf)
{
    struct timespec req;
    uint64_t ticks;

    if (copy_from_user(&req, syscall_arg(tf, 1), sizeof(req)))
        return -EFAULT;
    if (req.tv_sec < 0 || req.tv_nsec < 0 || req.tv_nsec >= NS_PER_SEC)
        return -EINVAL;
    if (req.tv_sec > SLEEP_MAX_SEC)
        req.tv_sec = SLEEP_MAX_SEC;
    ticks = (uint64_t)req.tv_sec * TIMER_HZ + (uint64_t)(req.tv_nsec + NS_PER_TICK - 1) / NS_PER_TICK;
    if (ticks)          /* + 1: the tick now under way is partly over already */
        sleep_until(timer_ticks() + ticks + 1);
    return 0;
}

/* No terminal ioctls: the console is a serial line with no termios and no
 * window size. -ENOTTY is what Linux says for a file that is not a
 * terminal, and what musl's stdio takes to mean "buffer stdout fully". */
int64_t
sys_ioctl(struct trap_frame *tf)
{
#if RINGLAB_LAB >= 6
    /* the full kernel: FIONBIO & co. on any fd (sys_fd.c), and the
     * console is a terminal (sys_tty.c) */
    struct file *f = fd_get(current_process(), (int)syscall_arg(tf, 1));
    int64_t r = f ? fd_ioctl((int)syscall_arg(tf, 1), syscall_arg(tf, 2), syscall_arg(tf, 3)) : 0;

    if (f && r != -ENOTTY)
        return r;
    if (f && f->kind == FILE_CONSOLE)
        return tty_ioctl(syscall_arg(tf, 2), syscall_arg(tf, 3));
#endif
    if (!fd_get(current_process(), (int)syscall_arg(tf, 1)))
        return -EBADF;
    return -ENOTTY;
}

/* There are no threads: nobody to wake at exit, so the address is not
 * kept; the result is the caller's thread id, its pid. */
int64_t
sys_set_tid_address(struct trap_frame *tf)
{
    return current_process()->pid;
}

/* ARCH_SET_FS sets the base of the user's %fs segment: musl and glibc put
 * their thread pointer there (%fs:0 points to itself). The process keeps
 * it in fs_base, which the scheduler loads back on every switch; it is
 * loaded now too, so the value holds on the way back to ring 3.
 * Linux refuses a base at or above TASK_SIZE_MAX (the last user page and
 * beyond) with -EPERM: the check also keeps WRMSR from raising #GP in
 * ring 0, which it does for a non-canonical FS base (SDM Vol. 2B, WRMSR). */
int64_t
sys_arch_prctl(struct trap_frame *tf)
{
    struct process *p = current_process();
    int code = (int)syscall_arg(tf, 1);
    uint64_t addr = syscall_arg(tf, 2);

    switch (code) {
    case ARCH_SET_FS:
        if (addr >= USER_TOP - PAGE_SIZE)
            return -EPERM;
        p->fs_base = addr;
        wrmsr(MSR_FS_BASE, addr);
        return 0;
    case ARCH_GET_FS:
        return copy_to_user(addr, &p->fs_base, sizeof(p->fs_base));
    default:
        return -EINVAL;             /* the GS base is the kernel's business */
    }
}

int64_t
sys_sched_yield(struct trap_frame *tf)
{
    schedule();                     /* back here when it is our turn again */
    return 0;
}

int64_t
sys_getppid(struct trap_frame *tf)
{
    struct process *parent = current_process()->parent;

    return parent ? parent->pid : 0;    /* started by the kernel, or orphaned */
}

/* One thread per process: its thread id is its pid. */
int64_t
sys_gettid(struct trap_frame *tf)
{
    return current_process()->pid;
}

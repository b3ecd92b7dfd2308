/* sys_futex.c — futex: sleep until a word of user memory changes (the
 * full kernel).
 *
 * A futex is a 32-bit word in user memory that a lock or a once-flag of
 * libc (or Rust's std) keeps its state in. Taking it uncontended needs no
 * system call; only a program that must wait asks the kernel:
 *
 *   futex(addr, FUTEX_WAIT, val, timeout)  sleep if *addr is still val
 *                                          (else -EAGAIN at once), until a
 *                                          FUTEX_WAKE on addr, a signal
 *                                          (-EINTR) or the timeout
 *                                          (-ETIMEDOUT);
 *   futex(addr, FUTEX_WAKE, n)             wake at most n sleepers on
 *                                          addr; returns how many.
 *
 * The _BITSET forms add a mask (val3): a wake reaches a sleeper only if
 * their masks share a bit, and WAIT_BITSET's timeout is a deadline on
 * CLOCK_MONOTONIC (or CLOCK_REALTIME with FUTEX_CLOCK_REALTIME) where
 * WAIT's is a length of time. A sleeper is known by its address space and
 * the word's address (struct process: futex_addr): with or without
 * FUTEX_PRIVATE_FLAG, since no memory is shared between address spaces
 * here (MAP_SHARED of anonymous memory is refused). So a sleeper's only
 * possible wakers are the processes sharing its address space: those made
 * by clone(CLONE_VM) (sys_clone.c). A single-threaded program's FUTEX_WAKE
 * finds nobody and returns 0, as on Linux.
 *
 * Interrupts are off in every syscall, so nothing changes the word or
 * wakes anyone between the comparison and the sleep. The other operations
 * (requeue, wake_op, the priority-inheritance locks) are -ENOSYS. */
#include "syscall/handlers.h"
#include "arch/x86_64/cpu.h"
#include "lib/errno.h"
#include "mm/usercopy.h"
#include "proc/process.h"
#include "proc/sched.h"
#include "proc/signal.h"
#include "proc/timer.h"
#include "ringlab/abi.h"
#include "syscall/syscall.h"

#define NS_PER_SEC  1000000000L
#define NS_PER_TICK (NS_PER_SEC / TIMER_HZ)
#define REALTIME_EPOCH 1767225600L      /* clock_gettime's CLOCK_REALTIME at boot (sys_misc.c) */
#define FUTEX_MAX_SEC  (1L << 40)       /* later deadlines are cut to this, as nanosleep's */
#define FUTEX_CMD_MASK (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))

/* A timespec, as ticks of the timer (rounded up: never wake early). */
static uint64_t
ticks_of(const struct timespec *ts)
{
    int64_t sec = ts->tv_sec < FUTEX_MAX_SEC ? ts->tv_sec : FUTEX_MAX_SEC;

    return (uint64_t)sec * TIMER_HZ + (uint64_t)(ts->tv_nsec + NS_PER_TICK - 1) / NS_PER_TICK;
}

/* The timeout at user address `utime`, as the tick count at which the wait
 * ends: *deadline. 0, or -EFAULT / -EINVAL (a bad timespec). */
static int
read_deadline(uint64_t utime, int cmd, int op, uint64_t *deadline)
{
    struct timespec ts;
    uint64_t now = timer_ticks(), t;

    if (copy_from_user(&ts, utime, sizeof(ts)))
        return -EFAULT;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NS_PER_SEC)
        return -EINVAL;
    if (cmd == FUTEX_WAIT) {            /* a length of time, from now */
        t = ticks_of(&ts);              /* + 1: the tick under way is partly over */
        *deadline = t ? now + t + 1 : now;
        return 0;
    }
    if (op & FUTEX_CLOCK_REALTIME) {    /* an instant on the wall clock */
        if (ts.tv_sec < REALTIME_EPOCH) {
            *deadline = 0;              /* before boot: long past */
            return 0;
        }
        ts.tv_sec -= REALTIME_EPOCH;
    }
    *deadline = ticks_of(&ts);
    return 0;
}

/* Sleeps until a FUTEX_WAKE clears p->futex_addr, a signal arrives, or
 * (timed) the tick count reaches deadline. Untimed, p is BLOCKED and only
 * a wake or a signal makes it READY; timed, it stays READY and gives the
 * CPU away until the deadline, as nanosleep does (sys_misc.c). */
static int64_t
futex_sleep(struct process *p, int timed, uint64_t deadline)
{
    int64_t result = 0;

    while (p->futex_addr) {
        if (signal_pending(p)) {        /* timed: no restart, as Linux */
            result = timed ? -EINTR : signal_interrupted(SYS_futex);
            break;
        }
        if (!timed) {
            sched_block();
        } else if (timer_ticks() >= deadline) {
            result = -ETIMEDOUT;
            break;
        } else if (sched_has_ready()) {
            schedule();
            interrupt_window();
        } else {
            wait_for_interrupt();
        }
    }
    p->futex_addr = 0;
    return result;
}

static int64_t
futex_wait(uint64_t addr, uint32_t val, uint32_t bitset, int timed, uint64_t deadline)
{
    struct process *p = current_process();
    uint32_t now;

    if (copy_from_user(&now, addr, sizeof(now)))
        return -EFAULT;
    if (now != val)
        return -EAGAIN;                 /* it changed already: look again */
    p->futex_addr = addr;
    p->futex_bitset = bitset;
    return futex_sleep(p, timed, deadline);
}

/* Wakes at most n sleepers on (this address space, addr) whose mask
 * shares a bit with bitset. As Linux, n <= 0 still wakes one. */
static int64_t
futex_wake(uint64_t addr, int private, int n, uint32_t bitset)
{
    struct process *me = current_process();
    uint32_t word;
    int woken = 0;

    if (!private && copy_from_user(&word, addr, sizeof(word)))
        return -EFAULT;                 /* a shared futex's word must exist */
    for (int i = 0; i < process_slots_used(); i++) {
        struct process *q = process_slot(i);
        if (q->futex_addr != addr || q->vas != me->vas || !(q->futex_bitset & bitset))
            continue;
        q->futex_addr = 0;
        sched_wakeup(q);
        if (++woken >= n)
            break;
    }
    return woken;
}

/* futex(addr, op, val, timeout, addr2, val3) */
int64_t
sys_futex(struct trap_frame *tf)
{
    uint64_t addr = syscall_arg(tf, 1), utime = syscall_arg(tf, 4), deadline = 0;
    int op = (int)syscall_arg(tf, 2), cmd = op & FUTEX_CMD_MASK;
    uint32_t val = (uint32_t)syscall_arg(tf, 3), val3 = (uint32_t)syscall_arg(tf, 6);
    int waits = cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET;

    if (waits && utime) {
        int err = read_deadline(utime, cmd, op, &deadline);
        if (err)
            return err;
    }
    if ((op & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT_BITSET)
        return -ENOSYS;
    if (cmd != FUTEX_WAIT && cmd != FUTEX_WAKE && cmd != FUTEX_WAIT_BITSET &&
        cmd != FUTEX_WAKE_BITSET)
        return -ENOSYS;
    if ((cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_WAKE_BITSET) && !val3)
        return -EINVAL;                 /* a mask no wake could match */
    if (addr % sizeof(uint32_t))
        return -EINVAL;
    if (!user_range_ok(addr, sizeof(uint32_t)))
        return -EFAULT;
    switch (cmd) {
    case FUTEX_WAIT:
        return futex_wait(addr, val, FUTEX_BITSET_MATCH_ANY, utime != 0, deadline);
    case FUTEX_WAIT_BITSET:
        return futex_wait(addr, val, val3, utime != 0, deadline);
    case FUTEX_WAKE:
        return futex_wake(addr, op & FUTEX_PRIVATE_FLAG, (int)val, FUTEX_BITSET_MATCH_ANY);
    default:
        return futex_wake(addr, op & FUTEX_PRIVATE_FLAG, (int)val, val3);
    }
}

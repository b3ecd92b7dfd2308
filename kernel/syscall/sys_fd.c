/* sys_fd.c — file descriptors of the full kernel: dup, dup2, dup3, fcntl,
 * pipe, pipe2, poll.
 *
 * An fd names a struct file (fs/file.h); dup gives a second fd for the
 * same one (shared position and status flags). What belongs to the fd
 * itself is one bit, close-on-exec (p->fs.cloexec), which exec honours
 * (fs/fs_context.c). */
#include "syscall/handlers.h"
#include "arch/x86_64/cpu.h"
#include "fs/file.h"
#include "fs/pipe.h"
#include "fs/vfs.h"
#include "lib/errno.h"
#include "mm/cr3_switch.h"
#include "mm/usercopy.h"
#include "proc/process.h"
#include "proc/sched.h"
#include "proc/signal.h"
#include "proc/timer.h"
#include "ringlab/abi.h"
#include "syscall/syscall.h"

#define POLL_MAX 64                 /* pollfds per call */

static void
set_cloexec(struct process *p, int fd, int on)
{
    if (on)
        p->fs.cloexec |= 1u << fd;
    else
        p->fs.cloexec &= ~(1u << fd);
}

/* The ioctls every fd answers (sys_ioctl, sys_misc.c, asks first):
 * FIONBIO as fcntl(F_SETFL) with O_NONBLOCK, FIOCLEX and FIONCLEX as
 * fcntl(F_SETFD). Any other request: -ENOTTY. */
int64_t
fd_ioctl(int fd, uint64_t request, uint64_t arg)
{
    struct process *p = current_process();
    struct file *f = fd_get(p, fd);
    int on;

    switch (request) {
    case FIONBIO:
        if (copy_from_user(&on, arg, sizeof(on)))
            return -EFAULT;
        if (f->kind != FILE_CONSOLE)    /* (shared by every process: left alone) */
            f->flags = on ? f->flags | O_NONBLOCK : f->flags & ~O_NONBLOCK;
        return 0;
    case FIOCLEX:
    case FIONCLEX:
        set_cloexec(p, fd, request == FIOCLEX);
        return 0;
    default:
        return -ENOTTY;
    }
}

/* f, one more reference, at the lowest free fd >= min. */
static int64_t
dup_from(struct process *p, struct file *f, int64_t min, int cloexec)
{
    if (min < 0 || min >= NFILE)
        return -EINVAL;             /* past RLIMIT_NOFILE */
    for (int fd = (int)min; fd < NFILE; fd++) {
        if (!p->files[fd]) {
            f->refs++;
            p->files[fd] = f;
            set_cloexec(p, fd, cloexec);
            return fd;
        }
    }
    return -EMFILE;
}

int64_t
sys_dup(struct trap_frame *tf)
{
    struct process *p = current_process();
    struct file *f = fd_get(p, (int)syscall_arg(tf, 1));

    return f ? dup_from(p, f, 0, 0) : -EBADF;
}

/* oldfd's file at newfd, closing what newfd named. */
static int64_t
dup_to(int oldfd, int newfd, int cloexec)
{
    struct process *p = current_process();
    struct file *f = fd_get(p, oldfd);

    if (!f || newfd < 0 || newfd >= NFILE)
        return -EBADF;
    f->refs++;                      /* first: newfd may hold its last other reference */
    fd_close(p, newfd);
    p->files[newfd] = f;
    set_cloexec(p, newfd, cloexec);
    return newfd;
}

int64_t
sys_dup2(struct trap_frame *tf)
{
    int oldfd = (int)syscall_arg(tf, 1), newfd = (int)syscall_arg(tf, 2);

    if (oldfd == newfd)             /* nothing to do, if oldfd is open */
        return fd_get(current_process(), oldfd) ? newfd : -EBADF;
    return dup_to(oldfd, newfd, 0);
}

int64_t
sys_dup3(struct trap_frame *tf)
{
    int oldfd = (int)syscall_arg(tf, 1), newfd = (int)syscall_arg(tf, 2);
    int flags = (int)syscall_arg(tf, 3);

    if ((flags & ~O_CLOEXEC) || oldfd == newfd)
        return -EINVAL;
    return dup_to(oldfd, newfd, flags & O_CLOEXEC);
}

/* fcntl(fd, cmd, arg): duplicating, the fd's flag, the file's flags
 * (only O_APPEND and O_NONBLOCK change; the access mode never does). */
int64_t
sys_fcntl(struct trap_frame *tf)
{
    struct process *p = current_process();
    int fd = (int)syscall_arg(tf, 1), cmd = (int)syscall_arg(tf, 2);
    uint64_t arg = syscall_arg(tf, 3);
    struct file *f = fd_get(p, fd);

    if (!f)
        return -EBADF;
    switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
        return dup_from(p, f, (int64_t)(int)arg, cmd == F_DUPFD_CLOEXEC);
    case F_GETFD:
        return (p->fs.cloexec >> fd) & 1 ? FD_CLOEXEC : 0;
    case F_SETFD:
        set_cloexec(p, fd, arg & FD_CLOEXEC);
        return 0;
    case F_GETFL:
        return f->kind == FILE_CONSOLE ? O_RDWR : f->flags;
    case F_SETFL:
        if (f->kind != FILE_CONSOLE)    /* (shared by every process: left alone) */
            f->flags = (f->flags & ~(O_APPEND | O_NONBLOCK)) |
                       ((int)arg & (O_APPEND | O_NONBLOCK));
        return 0;
    default:
        return -EINVAL;             /* no locks, leases, owners or pipe sizes */
    }
}

/* pipe2(fds, flags): two fds, [0] to read, [1] to write. */
static int64_t
make_pipe(uint64_t user_fds, int flags)
{
    struct process *p = current_process();
    struct file *r, *w;
    struct pipe *pipe;
    int fds[2];

    if (flags & ~(O_CLOEXEC | O_NONBLOCK))
        return -EINVAL;             /* (O_DIRECT: no packet mode) */
    if (!user_range_ok(user_fds, sizeof(fds)))
        return -EFAULT;
    if (!(pipe = pipe_create()))
        return -ENFILE;
    r = file_alloc(), w = r ? file_alloc() : 0;
    if (!w) {                       /* no struct files: the ends come back */
        if (r)
            r->refs = 0;
        pipe_close_end(pipe, 0), pipe_close_end(pipe, 1);
        return -ENFILE;
    }
    r->kind = FILE_PIPE_READ, w->kind = FILE_PIPE_WRITE;
    r->pipe = w->pipe = pipe;
    r->flags = O_RDONLY | (flags & O_NONBLOCK);
    w->flags = O_WRONLY | (flags & O_NONBLOCK);
    if ((fds[0] = fd_install(p, r)) < 0) {  /* (releases r: the read end) */
        file_put(w);
        return -EMFILE;
    }
    if ((fds[1] = fd_install(p, w)) < 0) {
        fd_close(p, fds[0]);
        return -EMFILE;
    }
    set_cloexec(p, fds[0], flags & O_CLOEXEC);
    set_cloexec(p, fds[1], flags & O_CLOEXEC);
    if (copy_to_user(user_fds, fds, sizeof(fds))) {
        fd_close(p, fds[0]), fd_close(p, fds[1]);
        return -EFAULT;
    }
    return 0;
}

int64_t
sys_pipe(struct trap_frame *tf)
{
    return make_pipe(syscall_arg(tf, 1), 0);
}

int64_t
sys_pipe2(struct trap_frame *tf)
{
    return make_pipe(syscall_arg(tf, 1), (int)syscall_arg(tf, 2));
}

/* Fills each revents; returns how many are non-zero. */
static int
poll_scan(struct process *p, struct pollfd *v, uint64_t n)
{
    int ready = 0;

    for (uint64_t i = 0; i < n; i++) {
        struct file *f = v[i].fd < 0 ? 0 : fd_get(p, v[i].fd);
        v[i].revents = v[i].fd < 0 ? 0 : !f ? POLLNVAL : vfs_poll(f, v[i].events);
        ready += v[i].revents != 0;
    }
    return ready;
}

/* Lets others run, or halts until the next interrupt (a tick, a byte on
 * the console). */
static void
poll_wait(void)
{
    if (sched_has_ready()) {
        schedule();
        interrupt_window();
    } else {
        wait_for_interrupt();
    }
}

/* Checks the n pollfds at user address `user` until one is ready, a
 * signal arrives (-EINTR), or (timed) the tick count reaches deadline.
 * It looks again after every switch and every interrupt, rather than
 * sleeping on each file: a console has no wakeup. */
static int64_t
poll_fds(struct process *p, uint64_t user, uint64_t n, int timed, uint64_t deadline)
{
    struct pollfd v[POLL_MAX];
    int ready;

    if (n > POLL_MAX)
        return -EINVAL;
    if (copy_from_user(v, user, n * sizeof(v[0])))
        return -EFAULT;
    while (!(ready = poll_scan(p, v, n)) && (!timed || timer_ticks() < deadline)) {
        if (signal_pending(p))
            return -EINTR;
        poll_wait();
    }
    cr3_apply_now();                /* after a switch: our tables, for the copy */
    if (copy_to_user(user, v, n * sizeof(v[0])))
        return -EFAULT;
    return ready;
}

/* poll(fds, nfds, timeout ms): < 0, no limit; 0, a look and no wait. */
int64_t
sys_poll(struct trap_frame *tf)
{
    int timeout = (int)syscall_arg(tf, 3);
    uint64_t deadline = timer_ticks() + (uint64_t)timeout * (TIMER_HZ / 1000) + 1;

    return poll_fds(current_process(), syscall_arg(tf, 1), syscall_arg(tf, 2), timeout >= 0,
                    timeout ? deadline : 0);
}

/* ppoll(fds, nfds, timeout, sigmask, sigsetsize): poll with a timespec
 * (NULL: no limit), and with *sigmask as the signal mask while it waits:
 * the old mask is back when it returns, or, if a signal ended the wait,
 * once that signal's handler has returned (proc/signal.h). */
int64_t
sys_ppoll(struct trap_frame *tf)
{
    struct process *p = current_process();
    uint64_t user_ts = syscall_arg(tf, 3), user_mask = syscall_arg(tf, 4), mask, deadline = 0;
    struct timespec ts;
    int64_t r;

    if (user_ts) {
        if (copy_from_user(&ts, user_ts, sizeof(ts)))
            return -EFAULT;
        if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L)
            return -EINVAL;
        deadline = timer_ticks() + (uint64_t)ts.tv_sec * TIMER_HZ +
                   (uint64_t)(ts.tv_nsec + 1000000000L / TIMER_HZ - 1) / (1000000000L / TIMER_HZ);
        if (ts.tv_sec || ts.tv_nsec)
            deadline++;             /* the tick under way is partly over */
    }
    if (user_mask) {
        if (syscall_arg(tf, 5) != sizeof(mask))
            return -EINVAL;
        if (copy_from_user(&mask, user_mask, sizeof(mask)))
            return -EFAULT;
        signal_mask_during_wait(p, mask);
    }
    r = poll_fds(p, syscall_arg(tf, 1), syscall_arg(tf, 2), user_ts != 0, deadline);
    if (user_mask && r != -EINTR)
        signal_mask_after_wait(p);
    return r;
}

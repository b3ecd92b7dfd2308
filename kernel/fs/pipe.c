/* pipe.c — pipes (pipe.h).
 *
 *   buf: [ ... head -> count bytes to read ... )      (indices mod PIPE_SIZE)
 *
 * A reader sleeps on the pipe while it is empty, a writer while it is
 * full; each side wakes the other after it moved bytes, and a closing end
 * wakes both (a reader then sees EOF, a writer -EPIPE). */
#include "fs/pipe.h"
#include "arch/x86_64/memlayout.h"
#include "lib/errno.h"
#include "mm/pmm.h"
#include "mm/usercopy.h"
#include "proc/sleep.h"
#include "ringlab/abi.h"

struct pipe {
    int in_use;
    int readers, writers;           /* struct files of each end */
    uint64_t frame;                 /* the ring's frame */
    uint8_t *buf;                   /* ... through the direct map */
    uint32_t head, count;
};

static struct pipe pool[PIPE_POOL];

struct pipe *
pipe_create(void)
{
    for (int i = 0; i < PIPE_POOL; i++) {
        struct pipe *p = &pool[i];
        if (p->in_use)
            continue;
        if (!(p->frame = pmm_alloc_unzeroed()))
            return 0;
        p->buf = phys_to_virt(p->frame);
        p->in_use = 1, p->readers = 1, p->writers = 1;
        p->head = p->count = 0;
        return p;
    }
    return 0;
}

uint64_t
pipe_id(const struct pipe *p)
{
    return (uint64_t)(p - pool) + 1;
}

void
pipe_close_end(struct pipe *p, int writer)
{
    if (writer)
        p->writers--;
    else
        p->readers--;
    wakeup_chan(p);                 /* EOF for readers, -EPIPE for writers */
    if (!p->readers && !p->writers) {
        pmm_free(p->frame);
        p->in_use = 0;
    }
}

short
pipe_poll(struct pipe *p, int writer)
{
    if (writer)
        return (short)(!p->readers ? POLLERR : p->count < PIPE_SIZE ? POLLOUT | POLLWRNORM : 0);
    return (short)((p->count ? POLLIN | POLLRDNORM : 0) | (!p->writers ? POLLHUP : 0));
}

void
pipe_broken(struct pipe *p)
{
    (void)p;                        /* SIGPIPE goes here (signals) */
}

int64_t
pipe_read(struct pipe *p, uint64_t buf, uint64_t len, int nonblock)
{
    uint64_t n, first;

    if (!user_range_ok(buf, len))
        return -EFAULT;
    if (len == 0)
        return 0;
    while (p->count == 0) {
        if (!p->writers)
            return 0;               /* EOF */
        if (nonblock)
            return -EAGAIN;
        sleep_on(p);
    }
    n = len < p->count ? len : p->count;
    first = PIPE_SIZE - p->head < n ? PIPE_SIZE - p->head : n;     /* up to the wrap */
    if (copy_to_user(buf, p->buf + p->head, first) ||
        copy_to_user(buf + first, p->buf, n - first))
        return -EFAULT;             /* nothing taken */
    p->head = (uint32_t)((p->head + n) % PIPE_SIZE);
    p->count -= (uint32_t)n;
    wakeup_chan(p);                 /* room for writers */
    return (int64_t)n;
}

/* Copies k bytes from user memory into the ring's free space. */
static int
fill(struct pipe *p, uint64_t buf, uint64_t k)
{
    uint32_t tail = (p->head + p->count) % PIPE_SIZE;
    uint64_t first = PIPE_SIZE - tail < k ? PIPE_SIZE - tail : k;

    if (copy_from_user(p->buf + tail, buf, first) ||
        copy_from_user(p->buf, buf + first, k - first))
        return -EFAULT;
    p->count += (uint32_t)k;
    return 0;
}

int64_t
pipe_write(struct pipe *p, uint64_t buf, uint64_t len, int nonblock)
{
    uint64_t done = 0;

    if (!user_range_ok(buf, len))
        return -EFAULT;
    while (done < len) {
        uint64_t room = PIPE_SIZE - p->count, k = len - done;
        if (!p->readers) {
            pipe_broken(p);
            return done ? (int64_t)done : -EPIPE;
        }
        if (room == 0 || (len <= PIPE_BUF && room < len)) {   /* wait for room */
            if (nonblock)
                return done ? (int64_t)done : -EAGAIN;
            sleep_on(p);
            continue;
        }
        if (k > room)
            k = room;
        if (fill(p, buf + done, k))
            return done ? (int64_t)done : -EFAULT;
        done += k;
        wakeup_chan(p);             /* bytes for readers */
    }
    return (int64_t)done;
}

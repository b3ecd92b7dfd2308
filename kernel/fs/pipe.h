/* pipe.h — pipes: a one-frame ring buffer between a read end and a write
 * end (full kernel).
 *
 * A read waits (sleep_on the pipe) until there are bytes, and returns 0
 * once no write end is left; a write waits for room, and fails with
 * -EPIPE once no read end is left (pipe_broken is where SIGPIPE will be
 * sent). Writes of at most PIPE_BUF bytes are never split: they wait until
 * all of them fit. The ends are struct files (FILE_PIPE_READ/WRITE); each
 * counts as one reader or writer however many fds share it. */
#ifndef RINGLAB_PIPE_H
#define RINGLAB_PIPE_H

#include <stdint.h>

#define PIPE_POOL 32                /* pipes, all processes together */
#define PIPE_SIZE 4096              /* the ring: one frame */
#define PIPE_BUF  4096              /* writes this long or shorter are atomic */

struct pipe;

/* A new pipe with one reader and one writer, or NULL (-ENFILE: the pool
 * is used up or no frame is free). */
struct pipe *pipe_create(void);
int64_t pipe_read(struct pipe *p, uint64_t buf, uint64_t len, int nonblock);
int64_t pipe_write(struct pipe *p, uint64_t buf, uint64_t len, int nonblock);
/* One end's struct file is gone; the last one frees the pipe. */
void pipe_close_end(struct pipe *p, int writer);
/* poll()'s bits for that end, now. */
short pipe_poll(struct pipe *p, int writer);
/* A write found no reader: the signals part sends SIGPIPE from here. For
 * now it does nothing; the write returns -EPIPE. */
void pipe_broken(struct pipe *p);
/* 1 + its slot (st_ino). */
uint64_t pipe_id(const struct pipe *p);

#endif

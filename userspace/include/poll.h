/* poll.h — waiting for file descriptors (struct pollfd: <ringlab/abi.h>). */
#ifndef _POLL_H
#define _POLL_H

#include <ringlab/abi.h>

typedef unsigned long nfds_t;

int poll(struct pollfd *fds, nfds_t n, int timeout);   /* timeout in ms; < 0: none */

#endif

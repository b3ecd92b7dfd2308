/* sys/mman.h — mapping memory: mmap, munmap, mprotect (full kernel). */
#ifndef _SYS_MMAN_H
#define _SYS_MMAN_H

#include <ringlab/abi.h>            /* PROT_*, MAP_* */
#include <sys/types.h>

/* The mapping's address, or MAP_FAILED with errno set. */
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int munmap(void *addr, size_t len);
int mprotect(void *addr, size_t len, int prot);

#endif

/* mman.c — mmap, munmap, mprotect: the raw calls, errno on failure. */
#include <errno.h>
#include <ringlab/syscall.h>
#include <sys/mman.h>

void *
mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    long r = syscall6(SYS_mmap, (long)addr, (long)len, prot, flags, fd, (long)off);

    /* an address is never in -4095..-1 (the kernel half): that is -errno */
    return syscall_result(r) == -1 ? MAP_FAILED : (void *)r;
}

int
munmap(void *addr, size_t len)
{
    return (int)syscall_result(SYSCALL2(SYS_munmap, addr, len));
}

int
mprotect(void *addr, size_t len, int prot)
{
    return (int)syscall_result(SYSCALL3(SYS_mprotect, addr, len, prot));
}

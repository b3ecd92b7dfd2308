/* brk.c — moving the program break, the top of the heap.
 *
 * The raw brk system call (Linux's semantics) takes the wanted break and
 * returns the break as it now is: the new one on success, the old one on
 * failure. brk(0) asks for the current break without changing it. */
#include <errno.h>
#include <ringlab/syscall.h>
#include <stdint.h>
#include <unistd.h>

static uintptr_t cur;                   /* the break; 0 until known */

/* The break after asking for addr, or 0 if brk is not implemented. */
static uintptr_t
raw_brk(uintptr_t addr)
{
    long r = SYSCALL1(SYS_brk, addr);

    return r < 0 && r >= -MAX_ERRNO ? 0 : (uintptr_t)r;
}

int
brk(void *addr)
{
    cur = raw_brk((uintptr_t)addr);
    if (cur != (uintptr_t)addr) {
        errno = ENOMEM;
        return -1;
    }
    return 0;
}

void *
sbrk(long increment)
{
    uintptr_t old;

    if (!cur)
        cur = raw_brk(0);
    if (!cur) {
        errno = ENOMEM;
        return (void *)-1;
    }
    old = cur;
    if (increment && brk((void *)(old + increment)) < 0)
        return (void *)-1;
    return (void *)old;
}

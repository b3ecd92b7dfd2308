/* enosys.c — /bin/enosys: an unknown system call must return -ENOSYS.
 *
 *   enosys [word]
 *
 * Calls system call 500 (no such number on Linux or ringlab) with the raw
 * stub, so the kernel's own return value is seen, not libc's -1/errno.
 * Prints "ENOSYS OK" when it is -38, else "ENOSYS FAIL got <n>"; then,
 * if given a word, "arg: <word>" (the grader passes a fresh nonce, so
 * the line proves this run's user code really ran after the call).
 * Exit status: 0 if OK, 1 if not. */
#include <ringlab/syscall.h>
#include <errno.h>
#include <stdio.h>

#define NO_SUCH_SYSCALL 500

int
main(int argc, char **argv)
{
    long r = syscall6(NO_SUCH_SYSCALL, 1, 2, 3, 4, 5, 6);

    if (r == -ENOSYS)
        printf("ENOSYS OK\n");
    else
        printf("ENOSYS FAIL got %ld\n", r);
    if (argc > 1)
        printf("arg: %s\n", argv[1]);
    return r == -ENOSYS ? 0 : 1;
}

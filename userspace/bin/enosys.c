/* enosys.c — /bin/enosys: an unknown system call must return -ENOSYS.
 *
 *   enosys [word]
 *
 * Calls system call 500 (no such number on Linux or ringlab) with the raw
 * stub, so the kernel's own return value is seen, not libc's -1/errno.
 * Prints "ENOSYS OK" when it is -38, else "ENOSYS FAIL got <n>"; then,
 * if given a word, "arg: <word>" and "proof: <digest>" (the grader passes
 * a fresh nonce and a fresh key, <ringlab/proof.h>: the digest of
 * "ENOSYS OK <word>" proves that this program's code ran after the call
 * and saw -ENOSYS). Exit status: 0 if OK, 1 if not. */
#include <ringlab/proof.h>
#include <ringlab/syscall.h>
#include <errno.h>
#include <stdio.h>

#define NO_SUCH_SYSCALL 500

int
main(int argc, char **argv)
{
    long r = syscall6(NO_SUCH_SYSCALL, 1, 2, 3, 4, 5, 6);
    char verdict[48];

    if (r == -ENOSYS)
        snprintf(verdict, sizeof(verdict), "ENOSYS OK");
    else
        snprintf(verdict, sizeof(verdict), "ENOSYS FAIL got %ld", r);
    printf("%s\n", verdict);
    if (argc > 1) {
        printf("arg: %s\n", argv[1]);
        proof_print(verdict, argv[1]);
    }
    return r == -ENOSYS ? 0 : 1;
}

/* enosys.c — /bin/enosys: an unknown system call must return -ENOSYS.
 *
 *   enosys [word]
 *
 * Calls system call 500 (no such number on Linux or ringlab) with the raw
 * stub, so the kernel's own return value is seen, not libc's -1/errno.
 * Prints "ENOSYS OK" when it is -38, else "ENOSYS FAIL got <n>"; then,
 * if given a word, "arg: <word>" and, when OK, "proof: <digest>" (the
 * grader passes a fresh nonce and a fresh key, <ringlab/proof.h>: the
 * digest of "ENOSYS OK <word>" proves that this program's code ran after
 * the call and saw -ENOSYS). Exit status: 0 if OK, 1 if not. */
#include <ringlab/proof.h>
#include <ringlab/syscall.h>
#include <errno.h>
#include <stdio.h>

#define NO_SUCH_SYSCALL 500

/* "arg: <word>", and the grader's proof line if the call said -ENOSYS.
 * (Not inlined: main keeps its size, so _start, linked after it, keeps
 * its address, which the handouts quote.) */
static __attribute__((noinline)) void
echo_word(const char *word, long r)
{
    printf("arg: %s\n", word);
    if (r == -ENOSYS)
        proof_print("ENOSYS OK", word);
}

int
main(int argc, char **argv)
{
    long r = syscall6(NO_SUCH_SYSCALL, 1, 2, 3, 4, 5, 6);

    if (r == -ENOSYS)
        printf("ENOSYS OK\n");
    else
        printf("ENOSYS FAIL got %ld\n", r);
    if (argc > 1)
        echo_word(argv[1], r);
    return r == -ENOSYS ? 0 : 1;
}

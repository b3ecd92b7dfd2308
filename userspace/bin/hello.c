/* hello.c — /bin/hello (ET_EXEC) and /bin/hello-pie (static-PIE): the
 * first C program. Prints its arguments and environment, so a reader can
 * check the initial stack exec built.
 *
 * It also checks two promises of the ABI about the first instruction that
 * crt0 would otherwise hide (it realigns RSP before calling C, and nothing
 * in our libc reads AT_ENTRY): RSP % 16 == 0 at _start, and AT_ENTRY is
 * where _start really is. A broken promise is one line "hello: ..." and
 * exit status 1. */
#include <stdint.h>
#include <stdio.h>
#include <sys/auxv.h>
#include <unistd.h>

void _start(void);                      /* crt0.asm */

static int
entry_abi_ok(char **argv)
{
    uintptr_t rsp = (uintptr_t)argv - 8;        /* crt0: argv = RSP + 8 at _start */
    int ok = 1;

    if (rsp % 16) {
        printf("hello: RSP %% 16 = %lu at _start (the ABI says 0)\n", (unsigned long)(rsp % 16));
        ok = 0;
    }
    if (getauxval(AT_ENTRY) != (unsigned long)_start) {
        printf("hello: AT_ENTRY = 0x%lx, but _start is at 0x%lx\n", getauxval(AT_ENTRY),
               (unsigned long)_start);
        ok = 0;
    }
    return ok;
}

int
main(int argc, char **argv, char **envp)
{
    printf("hello from pid %d: argc=%d\n", getpid(), argc);
    for (int i = 0; i < argc; i++)
        printf("  argv[%d] = \"%s\"\n", i, argv[i]);
    for (int i = 0; envp[i]; i++)
        printf("  envp[%d] = \"%s\"\n", i, envp[i]);
    return entry_abi_ok(argv) ? 0 : 1;
}

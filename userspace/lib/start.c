/* start.c — what runs between _start (crt0.asm) and main. */
#include <stdint.h>
#include <sys/auxv.h>
#include <unistd.h>
#include "libc.h"

char **environ;
const unsigned long *__auxv;

/* Called once by _start, before any other C code. argv and envp point
 * into the initial stack; the auxiliary vector follows envp's NULL.
 * dynamic is the run-time address of a static-PIE's dynamic section,
 * NULL in an ET_EXEC program. */
void
__libc_init(int argc, char **argv, char **envp, const void *dynamic)
{
    char **p = envp;

    (void)argc;
    (void)argv;
    while (*p)
        p++;
    /* First: until a static-PIE is relocated, every pointer stored in its
     * data (string tables, function pointers) is off by the load bias. */
    __relocate_self(dynamic, (const unsigned long *)(p + 1));
    __auxv = (const unsigned long *)(p + 1);
    environ = envp;
}

unsigned long
getauxval(unsigned long type)
{
    for (const unsigned long *a = __auxv; a && a[0] != 0; a += 2)
        if (a[0] == type)
            return a[1];
    return 0;
}

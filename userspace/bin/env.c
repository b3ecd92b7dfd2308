/* env.c — /bin/env: print the environment this program was given, one
 * string a line (the full kernel passes execve's envp on; a shell passes
 * its own environment to what it runs). */
#include <stdio.h>
#include <unistd.h>

int
main(void)
{
    for (char **e = environ; *e; e++)
        printf("%s\n", *e);
    return 0;
}

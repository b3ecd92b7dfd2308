/* echo.c — /bin/echo: print the arguments, separated by spaces.
 *
 *   echo [-n] [word ...]       -n: no newline at the end */
#include <stdio.h>
#include <string.h>

int
main(int argc, char **argv)
{
    int i = 1, newline = 1;

    if (argc > 1 && strcmp(argv[1], "-n") == 0) {
        newline = 0;
        i++;
    }
    for (int first = i; i < argc; i++)
        printf("%s%s", i > first ? " " : "", argv[i]);
    if (newline)
        printf("\n");
    return 0;
}

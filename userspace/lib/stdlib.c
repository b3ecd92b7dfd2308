/* stdlib.c — exit, the environment, numbers from strings. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Output is unbuffered (stdio.c) and there is no atexit, so exit has
 * nothing to clean up: it is _exit. */
_Noreturn void
exit(int status)
{
    _exit(status);
}

_Noreturn void
abort(void)
{
    write(STDERR_FILENO, "abort\n", 6);
    _exit(134);                         /* what a shell shows for SIGABRT */
}

int
abs(int x)
{
    return x < 0 ? -x : x;
}

char *
getenv(const char *name)
{
    size_t n = strlen(name);

    for (char **e = environ; e && *e; e++)
        if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
            return *e + n + 1;
    return NULL;
}

static int
digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/* Base 0 means: 0x... is hex, 0... octal, else decimal. No overflow
 * detection: the value wraps. */
unsigned long
strtoul(const char *s, char **end, int base)
{
    const char *start = s, *first;
    unsigned long v = 0;
    int neg = 0;

    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    if (*s == '+' || *s == '-')
        neg = *s++ == '-';
    if ((base == 0 || base == 16) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
        digit_value(s[2]) < 16) {
        s += 2;
        base = 16;
    } else if (base == 0) {
        base = s[0] == '0' ? 8 : 10;
    }
    for (first = s; digit_value(*s) < base; s++)
        v = v * (unsigned long)base + (unsigned long)digit_value(*s);
    if (end)
        *end = (char *)(s == first ? start : s);    /* no digits: nothing read */
    return neg ? -v : v;
}

long
strtol(const char *s, char **end, int base)
{
    return (long)strtoul(s, end, base);
}

int
atoi(const char *s)
{
    return (int)strtol(s, NULL, 10);
}

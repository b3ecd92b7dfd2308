/* stdio.c — printf and friends, over the engine in format.c. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "libc.h"

int
vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct sink s = { .buf = buf, .cap = size, .fd = -1 };
    int n = format(&s, fmt, ap);

    if (size)
        buf[s.len] = '\0';
    return n;
}

int
snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

/* Formats through a 256-byte buffer on the stack, written out when full
 * and at the end: one write() for most calls. */
int
vdprintf(int fd, const char *fmt, va_list ap)
{
    char buf[256];
    struct sink s = { .buf = buf, .cap = sizeof(buf), .fd = fd };
    int n = format(&s, fmt, ap);

    sink_flush(&s);
    return s.failed ? -1 : n;
}

int
dprintf(int fd, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vdprintf(fd, fmt, ap);
    va_end(ap);
    return n;
}

int
vprintf(const char *fmt, va_list ap)
{
    return vdprintf(STDOUT_FILENO, fmt, ap);
}

int
printf(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vdprintf(STDOUT_FILENO, fmt, ap);
    va_end(ap);
    return n;
}

int
puts(const char *s)
{
    return dprintf(STDOUT_FILENO, "%s\n", s) < 0 ? EOF : 0;
}

int
putchar(int c)
{
    unsigned char ch = (unsigned char)c;

    return write(STDOUT_FILENO, &ch, 1) == 1 ? ch : EOF;
}

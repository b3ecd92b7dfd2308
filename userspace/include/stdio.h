/* stdio.h — formatted output, unbuffered.
 *
 * There is no FILE: printf writes to fd 1, dprintf to any fd. Each call
 * formats into a small buffer and write()s it (in 256-byte pieces when
 * longer), so output is never left behind in a buffer at exit or fork.
 *
 * Conversions: %d %i %u %x %X %o %p %s %c %%, with the flags - 0 + space #,
 * a width and a precision (numbers or *), and the sizes hh h l ll z t j
 * (%lx, %zu, %lld ...). No floating point. */
#ifndef _STDIO_H
#define _STDIO_H

#include <stdarg.h>
#include <stddef.h>

#define EOF (-1)

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int dprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int vprintf(const char *fmt, va_list ap);
int vdprintf(int fd, const char *fmt, va_list ap);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

int rename(const char *from, const char *to);  /* lib/sys_fs.c */

int puts(const char *s);                /* s and a newline, to fd 1 */
int putchar(int c);

#endif

/* format.h — the printf engine, free of any output device (host-testable). */
#ifndef RINGLAB_FORMAT_H
#define RINGLAB_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

typedef void (*fmt_sink)(void *ctx, char c);

/* Formats `fmt` into `sink`, one character at a time; returns the count.
 * Conversions: %d %i %u %x %X %p %s %c %%; length l, ll, z; flags '-' '0';
 * a field width (digits or '*'); a precision for %s ('.N' or '.*').
 * %p prints 0x and 16 hex digits. */
int fmt_vformat(fmt_sink sink, void *ctx, const char *fmt, va_list ap);

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

#endif

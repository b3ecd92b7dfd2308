/* kprintf.h — formatted output to the console (serial + VGA). */
#ifndef RINGLAB_KPRINTF_H
#define RINGLAB_KPRINTF_H

#include <stdarg.h>
#include "lib/format.h"

int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap);

/* Stops the kernel with a FATAL:PANIC line naming the caller. */
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#define KASSERT(cond)                                                       \
    do {                                                                    \
        if (!(cond))                                                        \
            panic("assertion failed: %s (%s:%d)", #cond, __FILE__, __LINE__); \
    } while (0)

#endif

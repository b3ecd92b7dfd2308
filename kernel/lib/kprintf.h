/* kprintf.h — formatted output to the console (serial + VGA). */
#ifndef RINGLAB_KPRINTF_H
#define RINGLAB_KPRINTF_H

#include <stdarg.h>
#include "lib/format.h"

int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap);

/* Where kprintf's characters go: console_init() passes console_putc.
 * Before that, output is dropped. */
void kprintf_set_console(void (*putc)(char c));
#if RINGLAB_LAB >= 5

/* Lab 5: a lock around each kprintf, so that lines printed by two CPUs at
 * once come out whole. lock() returns whether it took the lock (not if
 * this CPU already held it: a fault inside kprintf still gets reported);
 * unlock(taken) gives it back only then. The console passes its own. */
#include <stdbool.h>
void kprintf_set_lock(bool (*lock)(void), void (*unlock)(bool taken));
#endif

#endif

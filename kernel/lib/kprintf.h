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

#endif

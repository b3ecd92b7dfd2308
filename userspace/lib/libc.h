/* libc.h — libc's internal interfaces (not for programs). */
#ifndef RINGLAB_LIBC_H
#define RINGLAB_LIBC_H

#include <stdarg.h>
#include <stddef.h>

/* start.c */
extern const unsigned long *__auxv;
void __libc_init(int argc, char **argv, char **envp, const void *dynamic);

/* reloc.c: apply a static-PIE's R_X86_64_RELATIVE relocations. */
void __relocate_self(const void *dynamic, const unsigned long *auxv);

/* format.c: the printf engine. A sink collects the output: into buf
 * (snprintf: at most cap - 1 characters, then a NUL) or, when fd >= 0,
 * through buf as a staging buffer that is written to fd when full. */
struct sink {
    char *buf;
    size_t cap;
    size_t len;                 /* characters in buf now */
    size_t total;               /* characters produced in all */
    int fd;                     /* -1: a string sink */
    int failed;                 /* a write to fd failed */
};

void sink_flush(struct sink *s);
int format(struct sink *s, const char *fmt, va_list ap);

#endif

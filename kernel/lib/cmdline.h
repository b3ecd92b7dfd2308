/* cmdline.h — the kernel command line: "key=value key=value init=/bin/x args".
 *
 * Values end at a space, except init=, which takes the rest of the line
 * (the program and its arguments). Pure string work, so it lives in lib/,
 * where boot/ (kmain, bench) and proc/ (init= in init.c) can both reach it. */
#ifndef RINGLAB_CMDLINE_H
#define RINGLAB_CMDLINE_H

#include <stddef.h>

/* Copies the value of `key` into out[size]; returns its length, or -1 if
 * the key is absent. A bare "key" (no '=') has the value "". */
int cmdline_get(const char *cmdline, const char *key, char *out, size_t size);

#endif

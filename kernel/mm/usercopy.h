/* usercopy.h — the only way the kernel touches user memory.
 *
 * Each routine checks that the user range lies in the user half, then
 * copies with SMAP's AC flag set (`stac` ... `clac`) — the one place the
 * kernel may access user pages. If the copy faults (an unmapped or
 * read-only page), the exception-fixup table (fault.c) resumes it at a
 * handler that returns -EFAULT instead of reporting a FATAL. */
#ifndef RINGLAB_USERCOPY_H
#define RINGLAB_USERCOPY_H

#include <stddef.h>
#include <stdint.h>

int copy_from_user(void *dst, uint64_t user_src, size_t n);
int copy_to_user(uint64_t user_dst, const void *src, size_t n);
/* Copies a NUL-terminated string of at most max-1 characters: returns its
 * length, -EFAULT, or -ENAMETOOLONG. */
long copy_string_from_user(char *dst, uint64_t user_src, size_t max);
int user_range_ok(uint64_t addr, size_t n);

#endif

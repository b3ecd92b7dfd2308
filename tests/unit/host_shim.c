/* host_shim.c — kernel library functions the host's libc lacks
 * (glibc 2.36 has no strlcpy). Same contract as kernel/lib/string.c. */
#include <string.h>

size_t
strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);

    if (size) {
        size_t n = len < size - 1 ? len : size - 1;
        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}

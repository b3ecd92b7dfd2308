/* string.c — memory and string helpers.
 *
 * memcpy/memset use `rep movsq`/`rep stosq` and finish with `rep movsb`/
 * `rep stosb`; the rest are plain loops. Note: gcc may call these itself. */
#include "lib/string.h"
#include <stdint.h>

void *
memcpy(void *dst, const void *src, size_t n)
{
    void *d = dst;
    size_t quads = n / 8, rest = n % 8;

    /* 8 bytes a step, then the last few: a page is 512 steps, not 4096
     * (under -icount each step of a `rep` counts as an instruction). */
    __asm__ volatile("rep movsq" : "+D"(d), "+S"(src), "+c"(quads) : : "memory");
    __asm__ volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(rest) : : "memory");
    return dst;
}

void *
memset(void *dst, int c, size_t n)
{
    void *d = dst;
    size_t quads = n / 8, rest = n % 8;
    uint64_t pattern = 0x0101010101010101UL * (uint8_t)c;

    __asm__ volatile("rep stosq" : "+D"(d), "+c"(quads) : "a"(pattern) : "memory");
    __asm__ volatile("rep stosb" : "+D"(d), "+c"(rest) : "a"(pattern) : "memory");
    return dst;
}

void *
memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if (d <= s || d >= s + n)
        return memcpy(dst, src, n);
    while (n--)                         /* overlapping, dst above src */
        d[n] = s[n];
    return dst;
}

int
memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;

    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i])
            return x[i] - y[i];
    return 0;
}

size_t
strlen(const char *s)
{
    size_t n = 0;

    while (s[n])
        n++;
    return n;
}

size_t
strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n])
        n++;
    return n;
}

int
strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

int
strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b || !*a)
            return (unsigned char)*a - (unsigned char)*b;
    }
    return 0;
}

char *
strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)s;
        if (!*s)
            return 0;
    }
}

/* Copies at most size-1 bytes and always terminates; returns strlen(src). */
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

/* format.c — the printf engine: a format string and its arguments in,
 * characters out to a sink (see libc.h).
 *
 * A conversion is  % [flags] [width] [.precision] [size] letter
 *   flags      -  left-justify      0  pad numbers with zeros
 *              +  sign always       space  a space for the + sign
 *              #  0x / 0 prefix for %x / %o
 *   width      a number or *: the minimum field width
 *   precision  a number or *: the most characters of %s; the fewest
 *              digits of a number
 *   size       hh h l ll z t j (for %d %i %u %x %X %o)
 *   letter     d i u x X o p s c % */
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include "libc.h"

struct spec {
    int left, zero, plus, space, alt;
    int pointer;                /* %p: always 0x, even for 0 */
    int width;
    int precision;              /* -1: none */
    int size;                   /* 'H' hh, 'h', 'l' (l ll z t j), 0 int */
};

void
sink_flush(struct sink *s)
{
    size_t done = 0;

    while (s->fd >= 0 && done < s->len) {
        ssize_t n = write(s->fd, s->buf + done, s->len - done);
        if (n <= 0) {
            s->failed = 1;
            break;
        }
        done += (size_t)n;
    }
    if (s->fd >= 0)
        s->len = 0;
}

static void
put(struct sink *s, char c)
{
    if (s->fd >= 0 && s->len == s->cap)
        sink_flush(s);
    if (s->len + (s->fd < 0) < s->cap)  /* a string sink keeps room for the NUL */
        s->buf[s->len++] = c;
    s->total++;
}

static void
pad(struct sink *s, char c, int n)
{
    while (n-- > 0)
        put(s, c);
}

static void
put_str(struct sink *s, const struct spec *sp, const char *str)
{
    int len = 0;

    if (!str)
        str = "(null)";
    while (str[len] && (sp->precision < 0 || len < sp->precision))
        len++;
    if (!sp->left)
        pad(s, ' ', sp->width - len);
    for (int i = 0; i < len; i++)
        put(s, str[i]);
    if (sp->left)
        pad(s, ' ', sp->width - len);
}

/* Digits of v in base, least significant first; returns how many. */
static int
digits(char *out, uintmax_t v, unsigned base, int upper)
{
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int n = 0;

    do {
        out[n++] = set[v % base];
        v /= base;
    } while (v);
    return n;
}

/* Layout: [spaces] sign prefix [zeros] digits [spaces] */
static void
put_num(struct sink *s, const struct spec *sp, uintmax_t v, int negative,
        unsigned base, int upper)
{
    char d[24];
    const char *prefix = "";
    char sign = negative ? '-' : sp->plus ? '+' : sp->space ? ' ' : 0;
    int n = (v == 0 && sp->precision == 0) ? 0 : digits(d, v, base, upper);
    int zeros = sp->precision > n ? sp->precision - n : 0;
    int len;

    if (sp->alt && base == 16 && (v || sp->pointer))
        prefix = upper ? "0X" : "0x";
    else if (sp->alt && base == 8 && zeros == 0 && (v || sp->precision == 0))
        prefix = "0";
    len = (sign != 0) + (int)strlen(prefix) + zeros + n;
    if (sp->zero && !sp->left && sp->precision < 0 && sp->width > len) {
        zeros += sp->width - len;
        len = sp->width;
    }
    if (!sp->left)
        pad(s, ' ', sp->width - len);
    if (sign)
        put(s, sign);
    while (*prefix)
        put(s, *prefix++);
    pad(s, '0', zeros);
    while (n > 0)
        put(s, d[--n]);
    if (sp->left)
        pad(s, ' ', sp->width - len);
}

static const char *
parse_spec(const char *f, struct spec *sp, va_list *ap)
{
    *sp = (struct spec){ .precision = -1 };
    for (;; f++) {
        if (*f == '-') sp->left = 1;
        else if (*f == '0') sp->zero = 1;
        else if (*f == '+') sp->plus = 1;
        else if (*f == ' ') sp->space = 1;
        else if (*f == '#') sp->alt = 1;
        else break;
    }
    if (*f == '*') {
        sp->width = va_arg(*ap, int);
        if (sp->width < 0) {
            sp->left = 1;
            sp->width = -sp->width;
        }
        f++;
    }
    while (*f >= '0' && *f <= '9')
        sp->width = sp->width * 10 + (*f++ - '0');
    if (*f == '.') {
        sp->precision = 0;
        if (*++f == '*') {
            sp->precision = va_arg(*ap, int);
            f++;
        }
        while (*f >= '0' && *f <= '9')
            sp->precision = sp->precision * 10 + (*f++ - '0');
    }
    while (*f == 'h' || *f == 'l' || *f == 'z' || *f == 't' || *f == 'j') {
        sp->size = (*f == 'h') ? (sp->size == 'h' ? 'H' : 'h') : 'l';
        f++;
    }
    return f;
}

static uintmax_t
arg_unsigned(const struct spec *sp, va_list *ap)
{
    if (sp->size == 'l')
        return va_arg(*ap, unsigned long);      /* long, long long, size_t: 64 bits */
    unsigned v = va_arg(*ap, unsigned);
    return sp->size == 'H' ? (unsigned char)v : sp->size == 'h' ? (unsigned short)v : v;
}

static intmax_t
arg_signed(const struct spec *sp, va_list *ap)
{
    if (sp->size == 'l')
        return va_arg(*ap, long);
    int v = va_arg(*ap, int);
    return sp->size == 'H' ? (signed char)v : sp->size == 'h' ? (short)v : v;
}

/* One conversion, f at its letter; returns 0 for an unknown letter. */
static int
convert(struct sink *s, struct spec *sp, char letter, va_list *ap)
{
    intmax_t v;

    switch (letter) {
    case 'd': case 'i':
        v = arg_signed(sp, ap);
        put_num(s, sp, v < 0 ? -(uintmax_t)v : (uintmax_t)v, v < 0, 10, 0);
        return 1;
    case 'u': put_num(s, sp, arg_unsigned(sp, ap), 0, 10, 0); return 1;
    case 'x': put_num(s, sp, arg_unsigned(sp, ap), 0, 16, 0); return 1;
    case 'X': put_num(s, sp, arg_unsigned(sp, ap), 0, 16, 1); return 1;
    case 'o': put_num(s, sp, arg_unsigned(sp, ap), 0, 8, 0); return 1;
    case 'p':
        sp->alt = sp->pointer = 1;
        put_num(s, sp, (uintptr_t)va_arg(*ap, void *), 0, 16, 0);
        return 1;
    case 's': put_str(s, sp, va_arg(*ap, const char *)); return 1;
    case 'c':
        if (!sp->left)
            pad(s, ' ', sp->width - 1);
        put(s, (char)va_arg(*ap, int));
        if (sp->left)
            pad(s, ' ', sp->width - 1);
        return 1;
    case '%': put(s, '%'); return 1;
    default: return 0;
    }
}

/* Returns the number of characters the whole output has (snprintf's
 * return value), even when a string sink had to drop some. */
int
format(struct sink *s, const char *fmt, va_list ap)
{
    struct spec sp;
    va_list args;

    va_copy(args, ap);
    for (const char *f = fmt; *f; f++) {
        if (*f != '%') {
            put(s, *f);
            continue;
        }
        const char *start = f;
        f = parse_spec(f + 1, &sp, &args);
        if (!*f)
            break;
        if (!convert(s, &sp, *f, &args))
            while (start <= f)
                put(s, *start++);       /* unknown: print it as it was */
    }
    va_end(args);
    return (int)s->total;
}

/* format.c — a small printf: enough for the kernel's reports and tests. */
#include "lib/format.h"

#include <stdbool.h>
#include <stdint.h>

struct spec {
    bool left;          /* '-': pad on the right */
    bool zero;          /* '0': pad numbers with zeros */
    int width;
    int precision;      /* '.N' or '.*': the most characters of a %s; -1 none */
    int length;         /* number of 'l's; 'z' counts as 2 */
};

static int
emit_padded(fmt_sink sink, void *ctx, const struct spec *s, const char *str,
            int len, bool numeric)
{
    int pad = s->width > len ? s->width - len : 0;
    int n = 0;
    char padc = (s->zero && numeric && !s->left) ? '0' : ' ';

    if (padc == '0' && len > 0 && str[0] == '-') {   /* "-0042", not "00-42" */
        sink(ctx, '-');
        str++, len--, n++;
    }
    for (; !s->left && pad > 0; pad--, n++)
        sink(ctx, padc);
    for (int i = 0; i < len; i++, n++)
        sink(ctx, str[i]);
    for (; pad > 0; pad--, n++)
        sink(ctx, ' ');
    return n;
}

/* Writes `v` in `base` into the end of buf[24]; returns the start. */
static char *
utoa(uint64_t v, unsigned base, bool upper, char *end)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char *p = end;

    *p = '\0';
    do {
        *--p = digits[v % base];
        v /= base;
    } while (v);
    return p;
}

static uint64_t
fetch_unsigned(const struct spec *s, va_list *ap)
{
    return s->length ? va_arg(*ap, uint64_t) : va_arg(*ap, unsigned);
}

static int64_t
fetch_signed(const struct spec *s, va_list *ap)
{
    return s->length ? va_arg(*ap, int64_t) : va_arg(*ap, int);
}

static const char *
parse_spec(const char *f, struct spec *s, va_list *ap)
{
    *s = (struct spec){ .precision = -1 };
    for (;; f++) {
        if (*f == '-')
            s->left = true;
        else if (*f == '0')
            s->zero = true;
        else
            break;
    }
    if (*f == '*') {
        s->width = va_arg(*ap, int);
        f++;
    }
    while (*f >= '0' && *f <= '9')
        s->width = s->width * 10 + (*f++ - '0');
    if (*f == '.') {
        s->precision = 0;
        if (*++f == '*') {
            s->precision = va_arg(*ap, int);
            f++;
        }
        while (*f >= '0' && *f <= '9')
            s->precision = s->precision * 10 + (*f++ - '0');
    }
    while (*f == 'l' || *f == 'z')
        s->length += (*f++ == 'z') ? 2 : 1;
    return f;
}

static int
format_one(fmt_sink sink, void *ctx, char conv, struct spec *s, va_list *ap)
{
    char buf[24], *p;

    switch (conv) {
    case 'd':
    case 'i': {
        int64_t v = fetch_signed(s, ap);
        p = utoa(v < 0 ? -(uint64_t)v : (uint64_t)v, 10, false, buf + 23);
        if (v < 0)
            *--p = '-';
        return emit_padded(sink, ctx, s, p, (int)(buf + 23 - p), true);
    }
    case 'u':
        p = utoa(fetch_unsigned(s, ap), 10, false, buf + 23);
        return emit_padded(sink, ctx, s, p, (int)(buf + 23 - p), true);
    case 'x':
    case 'X':
        p = utoa(fetch_unsigned(s, ap), 16, conv == 'X', buf + 23);
        return emit_padded(sink, ctx, s, p, (int)(buf + 23 - p), true);
    case 'p': {
        struct spec hex = { .zero = true, .width = 16 };
        sink(ctx, '0');
        sink(ctx, 'x');
        p = utoa((uint64_t)va_arg(*ap, void *), 16, false, buf + 23);
        return 2 + emit_padded(sink, ctx, &hex, p, (int)(buf + 23 - p), true);
    }
    case 's': {
        const char *str = va_arg(*ap, const char *);
        int len = 0;
        if (!str)
            str = "(null)";
        /* the precision first: %.*s may name bytes with no NUL after them */
        while ((s->precision < 0 || len < s->precision) && str[len])
            len++;
        return emit_padded(sink, ctx, s, str, len, false);
    }
    case 'c':
        buf[0] = (char)va_arg(*ap, int);
        return emit_padded(sink, ctx, s, buf, 1, false);
    case '%':
        sink(ctx, '%');
        return 1;
    default:                    /* unknown: print it as written */
        sink(ctx, '%');
        sink(ctx, conv);
        return 2;
    }
}

int
fmt_vformat(fmt_sink sink, void *ctx, const char *fmt, va_list ap_in)
{
    va_list ap;
    int n = 0;
    struct spec s;

    va_copy(ap, ap_in);
    while (*fmt) {
        if (*fmt != '%') {
            sink(ctx, *fmt++);
            n++;
            continue;
        }
        fmt = parse_spec(fmt + 1, &s, &ap);
        if (!*fmt)
            break;
        n += format_one(sink, ctx, *fmt++, &s, &ap);
    }
    va_end(ap);
    return n;
}

struct buf_sink {
    char *buf;
    size_t size, used;
};

static void
buf_putc(void *ctx, char c)
{
    struct buf_sink *b = ctx;

    if (b->used + 1 < b->size)
        b->buf[b->used] = c;
    b->used++;
}

int
kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct buf_sink b = { buf, size, 0 };
    int n = fmt_vformat(buf_putc, &b, fmt, ap);

    if (size)
        buf[b.used < size ? b.used : size - 1] = '\0';
    return n;
}

int
ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = kvsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

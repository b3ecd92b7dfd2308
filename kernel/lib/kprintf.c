/* kprintf.c — printf to the console.
 *
 * lib/ is the lowest layer: it cannot include drivers/console.h. So the
 * console registers itself as kprintf's output when it starts
 * (console_init -> kprintf_set_console), as Linux's consoles register
 * with printk. panic() is in arch/x86_64/panic.c for the same reason: it
 * needs the backtrace and the power-off device. */
#include "lib/kprintf.h"

static void (*console_putc_fn)(char c);     /* 0 until console_init */
#if RINGLAB_LAB >= 5
static bool (*lock_fn)(void);                /* 0 until console_enable_lock */
static void (*unlock_fn)(bool taken);

void
kprintf_set_lock(bool (*lock)(void), void (*unlock)(bool taken))
{
    lock_fn = lock;
    unlock_fn = unlock;
}
#endif

void
kprintf_set_console(void (*putc)(char c))
{
    console_putc_fn = putc;
}

static void
console_sink(void *ctx, char c)
{
    (void)ctx;
    if (console_putc_fn)
        console_putc_fn(c);
}

int
kvprintf(const char *fmt, va_list ap)
{
#if RINGLAB_LAB >= 5
    bool taken = lock_fn && lock_fn();
    int n = fmt_vformat(console_sink, 0, fmt, ap);

    if (unlock_fn)
        unlock_fn(taken);
    return n;
#else
    return fmt_vformat(console_sink, 0, fmt, ap);
#endif
}

int
kprintf(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = kvprintf(fmt, ap);
    va_end(ap);
    return n;
}

/* kprintf.c — printf to the console, and panic(). */
#include "lib/kprintf.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fault.h"
#include "boot/poweroff.h"
#include "drivers/console.h"
#include "lib/symbols.h"

static void
console_sink(void *ctx, char c)
{
    (void)ctx;
    console_putc(c);
}

int
kvprintf(const char *fmt, va_list ap)
{
    return fmt_vformat(console_sink, 0, fmt, ap);
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

void
panic(const char *fmt, ...)
{
    /* the call never returns, so its return address may already be the
     * next function: name the call instruction itself (one byte back) */
    uint64_t rip = (uint64_t)__builtin_return_address(0) - 1;
    va_list ap;

    cli();
    kprintf("FATAL:PANIC RIP=0x%lx %s: ", rip, sym_str(rip));
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
    kprintf("\n");
    print_backtrace(rip, (uint64_t)__builtin_frame_address(0) ?
                             *(uint64_t *)__builtin_frame_address(0) : 0);
    poweroff(POWEROFF_FATAL);
}

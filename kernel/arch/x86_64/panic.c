/* panic.c — the FATAL report of a kernel that gives up (fault.c has the
 * one for an exception nobody handles):
 *
 *   FATAL:PANIC RIP=0x<caller> <symbol+0xoff>: <message>
 *
 * then the backtrace and the FATAL power-off. Here and not beside kprintf
 * in lib/: it needs the backtrace (fault.c) and the power-off device, and
 * lib/ may include nothing above itself. */
#include "arch/x86_64/panic.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fault.h"
#include "drivers/poweroff.h"
#include "lib/kprintf.h"
#include "lib/symbols.h"

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

/* poweroff.c — tell QEMU how the run ended, then stop.
 *
 * A driver of one device (QEMU's isa-debug-exit), so it lives in drivers/:
 * the fault report and panic() (arch/) power off through it, and may only
 * include their own layer or lower ones, never boot/. */
#include "drivers/poweroff.h"
#include "arch/x86_64/cpu.h"
#include "lib/kprintf.h"

void
poweroff(int status)
{
    uint8_t v;

    cli();
    if (status == POWEROFF_SUCCESS)
        v = DEBUG_EXIT_SUCCESS;
    else if (status == POWEROFF_FATAL)
        v = DEBUG_EXIT_FATAL;
    else
        v = DEBUG_EXIT_STATUS | (status & 63);
    if (status == POWEROFF_FATAL)
        kprintf("ringlab: power off (fatal)\n");
    else
        kprintf("ringlab: power off (%s, status %d)\n",
                status == POWEROFF_SUCCESS ? "success" : "failure", status);
    outb(DEBUG_EXIT_PORT, v);
    halt_forever();     /* no isa-debug-exit device: just stop here */
}

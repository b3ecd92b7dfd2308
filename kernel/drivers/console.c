/* console.c — every byte goes to COM1 (what tests read) and to the screen.
 * A '\n' becomes "\r\n" on serial so a terminal shows proper lines. */
#include "drivers/console.h"
#include "drivers/serial.h"
#include "drivers/vga.h"
#include "lib/kprintf.h"
#if RINGLAB_LAB >= 5
#include "arch/x86_64/spinlock.h"
#endif

void
console_init(void)
{
    serial_init();
    vga_init();
    kprintf_set_console(console_putc);  /* kprintf (lib/) cannot call us itself */
}

void
console_putc(char c)
{
    if (c == '\n')
        serial_putc('\r');
    serial_putc(c);
    vga_putc(c);
}

void
console_write(const char *s, unsigned long n)
{
    while (n--)
        console_putc(*s++);
}
#if RINGLAB_LAB >= 5

/* Lab 5: kprintf's lock. A spinlock, not the kernel lock: a CPU that
 * faults, or is started, prints without it. */
static struct spinlock lock = SPINLOCK_INIT("console");

static bool
console_lock(void)
{
    if (spin_holding(&lock))
        return false;           /* a fault in the middle of this CPU's line */
    spin_lock(&lock);
    return true;
}

static void
console_unlock(bool taken)
{
    if (taken)
        spin_unlock(&lock);
}

void
console_enable_lock(void)
{
    kprintf_set_lock(console_lock, console_unlock);
}
#endif

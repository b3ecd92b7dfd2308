/* console.c — every byte goes to COM1 (what tests read) and to the screen.
 * A '\n' becomes "\r\n" on serial so a terminal shows proper lines. */
#include "drivers/console.h"
#include "drivers/serial.h"
#include "drivers/vga.h"
#include "lib/kprintf.h"

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

/* serial.c — a polled 16550 UART on COM1 (I/O ports 0x3f8..0x3ff).
 *
 * Output waits for "transmit holding register empty" (LSR bit 5); under
 * QEMU that is immediate. Register map: PC16550D datasheet, Table 2. */
#include "drivers/serial.h"
#include "arch/x86_64/cpu.h"

#define COM1 0x3f8
#define REG_DATA 0      /* THR/RBR; with DLAB=1: divisor low byte */
#define REG_IER  1      /* interrupt enable; with DLAB=1: divisor high */
#define REG_FCR  2      /* FIFO control */
#define REG_LCR  3      /* line control: DLAB (bit 7), 8N1 = 0x03 */
#define REG_MCR  4      /* modem control */
#define REG_LSR  5      /* line status */
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY  0x20

void
serial_init(void)
{
    outb(COM1 + REG_IER, 0x00);     /* no UART interrupts: we poll */
    outb(COM1 + REG_LCR, 0x80);     /* DLAB=1 to set the baud divisor */
    outb(COM1 + REG_DATA, 0x01);    /* 115200 / 1 = 115200 baud */
    outb(COM1 + REG_IER, 0x00);
    outb(COM1 + REG_LCR, 0x03);     /* DLAB=0; 8 data bits, no parity, 1 stop */
    outb(COM1 + REG_FCR, 0x00);     /* FIFOs off: turning them on empties them,
                                       and would lose typed-ahead input */
    outb(COM1 + REG_MCR, 0x03);     /* DTR + RTS */
}

void
serial_putc(char c)
{
    while (!(inb(COM1 + REG_LSR) & LSR_THR_EMPTY))
        ;
    outb(COM1 + REG_DATA, (uint8_t)c);
}

bool
serial_can_read(void)
{
    return inb(COM1 + REG_LSR) & LSR_DATA_READY;
}

int
serial_getc(void)
{
    while (!serial_can_read())
        ;
    return inb(COM1 + REG_DATA);
}
#if RINGLAB_LAB >= 6

#define IER_RX_DATA 0x01
#define MCR_OUT2    0x08        /* on a PC, gates the UART's IRQ line to the PIC */

void
serial_rx_interrupts_on(void)
{
    outb(COM1 + REG_MCR, 0x03 | MCR_OUT2);
    outb(COM1 + REG_IER, IER_RX_DATA);
}
#endif

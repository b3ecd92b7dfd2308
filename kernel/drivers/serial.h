/* serial.h — COM1, the console tests read. */
#ifndef RINGLAB_SERIAL_H
#define RINGLAB_SERIAL_H

#include <stdbool.h>

void serial_init(void);
void serial_putc(char c);
bool serial_can_read(void);
int serial_getc(void);          /* blocks until a byte arrives */
#if RINGLAB_LAB >= 6
/* IRQ 4 on every byte received (the full kernel's terminal, sys_tty.c). */
void serial_rx_interrupts_on(void);
#endif

#endif

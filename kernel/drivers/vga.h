/* vga.h — the 80x25 VGA text screen, a mirror of the serial console. */
#ifndef RINGLAB_VGA_H
#define RINGLAB_VGA_H

#include <stdint.h>

#define VGA_WHITE_ON_BLACK 0x0f
#define VGA_WHITE_ON_RED   0x4f

void vga_init(void);
void vga_putc(char c);
void vga_set_color(uint8_t attr);

#endif

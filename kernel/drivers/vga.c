/* vga.c — text mode at physical 0xb8000: 80x25 cells of (character,
 * attribute) byte pairs. We write through the direct map. */
#include "drivers/vga.h"
#include "arch/x86_64/memlayout.h"

#define VGA_PHYS 0xb8000
#define COLS 80
#define ROWS 25

static volatile uint16_t *screen;
static int row, col;
static uint8_t color = VGA_WHITE_ON_BLACK;

static void
clear_row(int r)
{
    for (int c = 0; c < COLS; c++)
        screen[r * COLS + c] = (uint16_t)(color << 8 | ' ');
}

static void
scroll(void)
{
    for (int i = 0; i < (ROWS - 1) * COLS; i++)
        screen[i] = screen[i + COLS];
    clear_row(ROWS - 1);
    row = ROWS - 1;
}

void
vga_init(void)
{
    screen = phys_to_virt(VGA_PHYS);
    for (int r = 0; r < ROWS; r++)
        clear_row(r);
    row = col = 0;
}

void
vga_set_color(uint8_t attr)
{
    color = attr;
}

void
vga_putc(char c)
{
    if (!screen)
        return;
    if (c == '\n') {
        while (col < COLS)              /* the line's colour to the edge */
            screen[row * COLS + col++] = (uint16_t)(color << 8 | ' ');
        col = 0;
        if (++row == ROWS)
            scroll();
        return;
    }
    if (c == '\r')
        return;
    screen[row * COLS + col] = (uint16_t)(color << 8 | (uint8_t)c);
    if (++col == COLS) {
        col = 0;
        if (++row == ROWS)
            scroll();
    }
}

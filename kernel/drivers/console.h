/* console.h — the kernel console: serial first, mirrored to VGA. */
#ifndef RINGLAB_CONSOLE_H
#define RINGLAB_CONSOLE_H

void console_init(void);
void console_putc(char c);
void console_write(const char *s, unsigned long n);

#endif

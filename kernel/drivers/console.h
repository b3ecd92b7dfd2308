/* console.h — the kernel console: serial first, mirrored to VGA. */
#ifndef RINGLAB_CONSOLE_H
#define RINGLAB_CONSOLE_H

void console_init(void);
void console_putc(char c);
void console_write(const char *s, unsigned long n);
#if RINGLAB_LAB >= 5
/* Lab 5: from now on each kprintf holds the console's spinlock (whole
 * lines from several CPUs). Needs the per-CPU data (percpu_init). */
void console_enable_lock(void);
#endif

#endif

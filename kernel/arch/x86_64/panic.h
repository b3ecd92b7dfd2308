/* panic.h — the kernel giving up: panic() and KASSERT. */
#ifndef RINGLAB_PANIC_H
#define RINGLAB_PANIC_H

/* Stops the kernel with a FATAL:PANIC line naming the caller, a backtrace,
 * and the FATAL power-off status. */
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#define KASSERT(cond)                                                       \
    do {                                                                    \
        if (!(cond))                                                        \
            panic("assertion failed: %s (%s:%d)", #cond, __FILE__, __LINE__); \
    } while (0)

#endif

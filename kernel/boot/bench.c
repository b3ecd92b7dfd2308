/* bench.c — the kernel's part of `make bench` (see bench.h). */
#include "boot/bench.h"
#include <stdbool.h>
#include <stdint.h>
#include "arch/x86_64/cpu.h"
#include "lib/cmdline.h"
#include "lib/kprintf.h"

static uint64_t kmain_tsc;
static bool enabled, printed;

void
bench_boot_start(void)
{
    kmain_tsc = rdtsc();
}

void
bench_init(const char *cmdline)
{
    char value[8];

    enabled = cmdline_get(cmdline, "bench", value, sizeof(value)) >= 0;
}

/* Interrupts are off, and stay off until iretq: nothing runs in between. */
void
bench_first_user_entry(void)
{
    if (!enabled || printed)
        return;
    printed = true;
    kprintf("bench: entering init, %lu TSC ticks after kmain\n", rdtsc() - kmain_tsc);
}

/* ktest_faults.c — the foundation's in-kernel tests: one clean success and
 * one of each fault the FATAL report must handle. */
#include "boot/ktest.h"
#include "arch/x86_64/cpu.h"
#include "lib/kprintf.h"

/* An address in an L4 slot nobody maps (L4[385]): reading it is a #PF. */
#define KTEST_PF_ADDR 0xffffc0dedead0000UL
/* The first address past the lower canonical half: reading it is a #GP. */
#define KTEST_GP_ADDR 0x0000800000000000UL

KTEST(ok, "prints and powers off with success")
{
    kprintf("ktest ok: the kernel is alive\n");
    return 0;
}

KTEST(gp, "reads a non-canonical address: #GP(0), no CR2")
{
    kprintf("ktest gp: reading %p\n", (void *)KTEST_GP_ADDR);
    return (int)*(volatile uint64_t *)KTEST_GP_ADDR;
}

KTEST(pf, "reads the unmapped address 0xffffc0dedead0000: #PF, CR2 set")
{
    kprintf("ktest pf: reading %p\n", (void *)KTEST_PF_ADDR);
    return (int)*(volatile uint64_t *)KTEST_PF_ADDR;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winfinite-recursion"
/* Each call takes ~1 KiB of stack; the guard page below the stack stops it. */
static int __attribute__((noinline))
recurse_forever(int depth)
{
    volatile char frame[1000];

    frame[0] = (char)depth;
    return recurse_forever(depth + 1) + frame[0];
}
#pragma GCC diagnostic pop

KTEST(df, "overflows the kernel stack: #PF on the guard page, then #DF on IST1")
{
    return recurse_forever(0);
}

/* With an empty IDT no exception can be delivered: the #UD becomes a #GP
 * (vector beyond the IDT limit), then a #DF, then a triple fault — the CPU
 * shuts down. No report is possible: QEMU exits 0 under -no-reboot. */
KTEST(triple, "loads an empty IDT, then executes ud2: a triple fault, no report")
{
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) empty = { 0, 0 };

    kprintf("ktest triple: loading an empty IDT and executing ud2\n");
    __asm__ volatile("lidt %0\n\tud2" : : "m"(empty));
    return 1;
}

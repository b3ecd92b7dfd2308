/* bench.h — what `make bench` asks of the kernel: how long boot took.
 *
 * With `bench` on the command line, the kernel prints one line right
 * before it first enters ring 3 (init's first instruction):
 *
 *   bench: entering init, <n> TSC ticks after kmain
 *
 * Under QEMU's -icount shift=0 a TSC tick is one guest instruction, so n is
 * the kernel's own boot cost in instructions (boot_kernel_insns); without
 * -icount the host times the line's arrival instead (boot_to_init_ms). */
#ifndef RINGLAB_BENCH_H
#define RINGLAB_BENCH_H

/* kmain's first call: remembers the TSC. */
void bench_boot_start(void);
/* Reads the `bench` flag off the command line. */
void bench_init(const char *cmdline);
/* Right before the first entry to ring 3; prints the line once. */
void bench_first_user_entry(void);

#endif

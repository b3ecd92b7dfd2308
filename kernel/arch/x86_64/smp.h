/* smp.h — starting the other CPUs, and knowing them (lab 5).
 *
 * The CPU GRUB ran on, the bootstrap processor (BSP), is CPU 0. The others,
 * application processors (APs), wait after reset for an INIT and a STARTUP
 * IPI (Intel SDM Vol. 3A §9.4 "Multiple-Processor (MP) Initialization").
 * smp_start_aps starts them one at a time, in the MADT's order; each runs
 * ap_trampoline.asm into ap_entry (smp.c), sets up its own GDT, TSS, GS
 * base, IDT, SYSCALL MSRs and local APIC, and calls the `main` it was
 * given, which never returns. */
#ifndef RINGLAB_SMP_H
#define RINGLAB_SMP_H

#include <stdint.h>

#define SMP_MAX_CPUS 8
#define VEC_SMP_CALL 0xf1       /* "run the function smp_call left you" */

struct acpi_cpus;
struct percpu;

/* The boot CPU's part, once its local APIC is usable: its number (0) and
 * APIC ID into its struct percpu, and the list of the others. */
void smp_init(const struct acpi_cpus *cpus);

/* Starts every other CPU the MADT listed, each on the kernel's page
 * tables (kernel_cr3), each ending in main(). Returns once each has
 * called smp_ap_online() or has been given up on. */
void smp_start_aps(uint64_t kernel_cr3, void (*main)(void));

/* Called by an AP's main when it is ready: the boot CPU starts the next. */
void smp_ap_online(void);

/* Runs fn(arg) on CPU `cpu` (not this one) and returns when it has run:
 * an IPI on VEC_SMP_CALL interrupts the CPU, or, if it is spinning for the
 * kernel lock with interrupts off, the spin loop runs it (smp_poll_call).
 * Either way it runs in an interrupt's context, without the kernel lock.
 * The caller holds the kernel lock, which makes it the only caller. */
void smp_call(int cpu, void (*fn)(void *), void *arg);
/* The same on every CPU in `mask` (bit n: CPU n; this CPU's bit ignored),
 * all at once: the requests go out, then the wait for all of them. */
void smp_call_many(uint32_t mask, void (*fn)(void *), void *arg);
/* Runs this CPU's pending call, if there is one. */
void smp_poll_call(void);
/* The IPI's handler (trap.c calls it before taking the kernel lock). */
void smp_call_interrupt(void);
/* How many requests (smp_call, smp_call_many) CPU `cpu` has run since
 * boot: a test's way to see which CPUs a shootdown interrupted. Up to date
 * for every request whose smp_call has returned. */
uint64_t smp_calls_run(int cpu);

/* CPUs online, the boot CPU included. */
int smp_cpu_count(void);
/* CPU number i's struct percpu (0 <= i < smp_cpu_count()). */
struct percpu *smp_cpu(int i);

#endif

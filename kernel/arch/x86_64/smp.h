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

/* CPUs online, the boot CPU included. */
int smp_cpu_count(void);
/* CPU number i's struct percpu (0 <= i < smp_cpu_count()). */
struct percpu *smp_cpu(int i);

#endif

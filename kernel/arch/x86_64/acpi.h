/* acpi.h — the CPUs of the machine, from the ACPI tables (lab 5).
 *
 * The firmware describes the processors in the MADT (the "APIC" table,
 * ACPI 6.5 §5.2.12): one entry per local APIC, with its ID and whether it
 * may be started. The way there: GRUB copies the RSDP into the multiboot2
 * information (tag 14 for an ACPI 1.0 RSDP, tag 15 for a 2.0+ one), the
 * RSDP points at the RSDT (32-bit table addresses) or the XSDT (64-bit),
 * and one of the tables those list is the MADT. */
#ifndef RINGLAB_ACPI_H
#define RINGLAB_ACPI_H

#include <stdint.h>

#define ACPI_MAX_CPUS 16

struct acpi_cpus {
    uint64_t lapic_phys;                /* the local APICs' MMIO registers */
    int count;                          /* usable CPUs, the boot CPU among them */
    uint8_t apic_id[ACPI_MAX_CPUS];     /* in the MADT's order */
};

/* Reads the MADT found from the RSDP at `rsdp_phys` (through the direct
 * map). 0, or -1 with *why saying what was missing or damaged. */
int acpi_find_cpus(uint64_t rsdp_phys, struct acpi_cpus *out, const char **why);

#endif

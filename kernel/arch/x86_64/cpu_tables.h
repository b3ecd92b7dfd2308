/* cpu_tables.h — an application processor's own GDT and TSS (lab 5). */
#ifndef RINGLAB_CPU_TABLES_H
#define RINGLAB_CPU_TABLES_H

struct tss;

/* Builds CPU `cpu`'s (1, 2 ...) GDT and TSS and loads them on this CPU:
 * lgdt, CS, DS, ES and SS, ltr. FS and GS are left alone (their selectors
 * are 0 since reset; loading one would touch the GS base). Returns its TSS. */
struct tss *cpu_tables_init(int cpu);

#endif

/* cpu_tables.h — an application processor's own GDT and TSS (lab 5). */
#ifndef RINGLAB_CPU_TABLES_H
#define RINGLAB_CPU_TABLES_H

struct tss;

/* Builds CPU `cpu`'s (1, 2 ...) GDT and TSS and loads them on this CPU:
 * lgdt, the segment registers (FS and GS selectors 0: set the GS base
 * after this), ltr. Returns its TSS. */
struct tss *cpu_tables_init(int cpu);

#endif

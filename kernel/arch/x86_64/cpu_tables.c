/* cpu_tables.c — an application processor's own GDT and TSS (lab 5).
 *
 * The segments are the same on every CPU, so an AP's GDT is a copy of the
 * boot CPU's (gdt.c). The TSS is not shared: RSP0 is the kernel stack of
 * the process running on *this* CPU, and the IST1 stack of a double fault
 * must not be another CPU's, which may be on it at the same moment. So
 * each AP gets a TSS of its own, with its own IST1 stack, and its GDT's
 * TSS descriptor points at it. */
#include "arch/x86_64/cpu_tables.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/smp.h"
#include "lib/string.h"

#define GDT_USED ((TSS_SEL >> 3) + 2)   /* up to the TSS's two slots */
#define SEG_PRESENT (1UL << 47)
#define TSS_AVAILABLE (0x9UL << 40)

struct cpu_tables {
    uint64_t gdt[PAGE_SIZE / sizeof(uint64_t)] __attribute__((aligned(PAGE_SIZE)));
    struct tss tss;
    uint8_t df_stack[IST_STACK_SIZE] __attribute__((aligned(16)));
};

static struct cpu_tables tables[SMP_MAX_CPUS - 1] __attribute__((aligned(PAGE_SIZE)));

/* A 16-byte system descriptor for a 64-bit TSS (SDM Vol. 3A §8.2.3). */
static void
set_tss_descriptor(uint64_t *gdt, const struct tss *tss)
{
    uint64_t base = (uint64_t)tss, limit = sizeof(*tss) - 1;

    gdt[TSS_SEL >> 3] = (limit & 0xffff) | ((base & 0xffffff) << 16) | TSS_AVAILABLE |
                        SEG_PRESENT | ((base >> 24 & 0xff) << 56);
    gdt[(TSS_SEL >> 3) + 1] = base >> 32;
}

struct tss *
cpu_tables_init(int cpu)
{
    struct cpu_tables *t = &tables[cpu - 1];

    t->tss.iomap_base = sizeof(struct tss);
    t->tss.ist[IST_DOUBLE_FAULT - 1] = (uint64_t)(t->df_stack + sizeof(t->df_stack));
#ifdef BUG_5_SMP_AP_TSS
    set_tss_descriptor(t->gdt, &t->tss);        /* this CPU's TSS ... */
    memcpy(t->gdt, gdt_page(), GDT_USED * sizeof(uint64_t));    /* ... in a copy of the GDT */
#else
    memcpy(t->gdt, gdt_page(), GDT_USED * sizeof(uint64_t));
    /* The copy's TSS descriptor is the boot CPU's: its TSS, and busy
     * (type 11) since the boot CPU's `ltr`, which marked it so; `ltr` of
     * a busy descriptor raises #GP(selector) (SDM Vol. 2A, "LTR"). Ours
     * replaces it: this CPU's TSS, available (type 9). */
    set_tss_descriptor(t->gdt, &t->tss);
#endif
    gdt_load(t->gdt);
    return &t->tss;
}

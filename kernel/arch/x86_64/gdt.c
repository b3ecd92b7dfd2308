/* gdt.c — the Global Descriptor Table and the Task State Segment.
 *
 * In long mode segmentation is mostly off: base and limit are ignored for
 * CS/DS/ES/SS. What still matters is in the descriptors' access bytes:
 * the privilege level (DPL) and, for code, the L (64-bit) bit. The TSS
 * provides the stacks the CPU switches to on an interrupt.
 */
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/memlayout.h"
#if RINGLAB_LAB >= 5
#include "arch/x86_64/percpu.h"
#endif

/* Access byte and flags of a code/data descriptor (SDM Vol. 3A §3.4.5). */
#define SEG_PRESENT  (1UL << 47)
#define SEG_DPL3     (3UL << 45)
#define SEG_CODEDATA (1UL << 44)   /* S=1: code or data, not system */
#define SEG_EXEC     (1UL << 43)
#define SEG_RW       (1UL << 41)   /* readable code / writable data */
#define SEG_LONG     (1UL << 53)   /* L=1: 64-bit code */
#define SEG_GRAN4K   (1UL << 55)
#define SEG_LIMIT    (0xfUL << 48 | 0xffffUL)

#define CODE64 (SEG_PRESENT | SEG_CODEDATA | SEG_EXEC | SEG_RW | SEG_LONG | SEG_GRAN4K | SEG_LIMIT)
#define DATA   (SEG_PRESENT | SEG_CODEDATA | SEG_RW | SEG_GRAN4K | SEG_LIMIT | (1UL << 54))

/* Seven descriptors, on a page of their own: once set up, kmain makes the
 * page read-only (the rest of it is padding). */
#define GDT_ENTRIES 7

static uint64_t gdt[PAGE_SIZE / sizeof(uint64_t)] __attribute__((aligned(PAGE_SIZE))) = {
    [0] = 0,
    [KERNEL_CS >> 3] = CODE64,
    [KERNEL_DS >> 3] = DATA,
    [USER_DS >> 3] = DATA | SEG_DPL3,
    [USER_CS >> 3] = CODE64 | SEG_DPL3,
    /* [5], [6]: the TSS descriptor, filled in by gdt_init */
};

_Static_assert((TSS_SEL >> 3) + 1 < GDT_ENTRIES, "the TSS descriptor's two slots fit");

struct tss tss = { .iomap_base = sizeof(struct tss) };

static uint8_t df_stack[IST_STACK_SIZE] __attribute__((aligned(16)));

/* A 16-byte system descriptor for a 64-bit TSS (SDM Vol. 3A §8.2.3). */
static void
set_tss_descriptor(void)
{
    uint64_t base = (uint64_t)&tss;
    uint64_t limit = sizeof(struct tss) - 1;

    gdt[TSS_SEL >> 3] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
                        (0x9UL << 40) |              /* type 9: available TSS */
                        SEG_PRESENT | ((base >> 24 & 0xff) << 56);
    gdt[(TSS_SEL >> 3) + 1] = base >> 32;
}

void
gdt_load(const uint64_t *table)
{
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) gdtr = { GDT_ENTRIES * sizeof(uint64_t) - 1, (uint64_t)table };

    __asm__ volatile("lgdt %0" : : "m"(gdtr));
    /* Reload CS with a far return; the data segments with plain moves. */
    __asm__ volatile("pushq %0\n\t"
                     "leaq 1f(%%rip), %%rax\n\t"
                     "pushq %%rax\n\t"
                     "lretq\n"
                     "1:\n\t"
                     "movw %w1, %%ax\n\t"
                     "movw %%ax, %%ds\n\t"
                     "movw %%ax, %%es\n\t"
                     "movw %%ax, %%ss\n\t"
                     : : "i"(KERNEL_CS), "i"(KERNEL_DS) : "rax", "memory");
    __asm__ volatile("ltr %w0" : : "r"(TSS_SEL));
}

void
gdt_init(void)
{
    tss.ist[IST_DOUBLE_FAULT - 1] = (uint64_t)(df_stack + sizeof(df_stack));
    set_tss_descriptor();
    gdt_load(gdt);
}

const void *
gdt_page(void)
{
    return gdt;
}

/* The stack the CPU loads on an interrupt or exception from ring 3. */
void
tss_set_rsp0(uint64_t rsp0)
{
#if RINGLAB_LAB >= 5
    this_cpu()->tss->rsp[0] = rsp0;     /* this CPU's own TSS (cpu_tables.c) */
#else
    tss.rsp[0] = rsp0;
#endif
}

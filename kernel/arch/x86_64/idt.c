/* idt.c — fills the IDT with one interrupt gate per vector.
 *
 * Every gate points at the stub interrupt.asm's table names for its vector
 * (from lab 3 on, the IRQs' point into irq_stubs.asm). All gates are
 * interrupt gates (IF cleared on entry) with DPL 0, so `int n` from ring 3
 * raises #GP instead — except the vectors made user-callable below.
 */
#include "arch/x86_64/idt.h"
#include "arch/x86_64/gdt.h"

/* A 64-bit interrupt gate (SDM Vol. 3A §7.14.1, Figure 7-8). */
struct idt_gate {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t ist;            /* bits 0..2: IST index, 0 = none */
    uint8_t type_attr;      /* P, DPL, type (0xE: interrupt gate) */
    uint16_t offset_mid;
    uint32_t offset_high;
    uint32_t reserved;
} __attribute__((packed));

_Static_assert(sizeof(struct idt_gate) == 16, "long-mode gates are 16 bytes");

#define GATE_PRESENT   0x80
#define GATE_DPL3      0x60
#define GATE_INTERRUPT 0x0e

extern const uint64_t isr_stub_table[256];   /* interrupt.asm */

/* 256 gates of 16 bytes: exactly one page, which kmain makes read-only
 * once the kernel is set up. */
static struct idt_gate idt[256] __attribute__((aligned(4096)));

_Static_assert(sizeof(idt) == 4096, "the IDT fills its page");

static void
set_gate(int vector, uint64_t handler)
{
    struct idt_gate *g = &idt[vector];

    g->offset_low = handler & 0xffff;
    g->offset_mid = (handler >> 16) & 0xffff;
    g->offset_high = handler >> 32;
    g->selector = KERNEL_CS;
    g->ist = 0;
    g->type_attr = GATE_PRESENT | GATE_INTERRUPT;
}

void
idt_init(void)
{
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) idtr = { sizeof(idt) - 1, (uint64_t)idt };

    for (int v = 0; v < 256; v++)
        set_gate(v, isr_stub_table[v]);
    /* #DF runs on its own stack: a kernel stack overflow is reported, not
     * turned into a triple fault by a second fault on the same stack. */
    idt_set_ist(VEC_DF, IST_DOUBLE_FAULT);
    /* The self-tests check delivery on IST1 with a vector of their own
     * (the IDT is read-only by the time they run). */
    idt_set_ist(VEC_SELFTEST, IST_DOUBLE_FAULT);
    /* int3 from ring 3 is a breakpoint, as on Linux. */
    idt_set_user_callable(VEC_BP);
    __asm__ volatile("lidt %0" : : "m"(idtr));
}

#if RINGLAB_LAB >= 5
void
idt_load(void)
{
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) idtr = { sizeof(idt) - 1, (uint64_t)idt };

    __asm__ volatile("lidt %0" : : "m"(idtr));
}

#endif
const void *
idt_page(void)
{
    return idt;
}

void
idt_set_ist(int vector, int ist)
{
    idt[vector].ist = ist & 7;
}

void
idt_set_user_callable(int vector)
{
    idt[vector].type_attr |= GATE_DPL3;
}

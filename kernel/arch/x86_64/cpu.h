/* cpu.h — inline CPU primitives: port I/O, control registers, MSRs,
 * interrupt flag, TSC. The floor every other part of the kernel stands on.
 */
#ifndef RINGLAB_CPU_H
#define RINGLAB_CPU_H

#include <stdint.h>

#define CR0_PE   (1UL << 0)
#define CR0_WP   (1UL << 16)
#define CR0_PG   (1UL << 31)
#define CR4_PAE  (1UL << 5)
#define CR4_PGE  (1UL << 7)
#define CR4_OSFXSR (1UL << 9)
#define CR4_OSXMMEXCPT (1UL << 10)
#define CR4_UMIP (1UL << 11)
#define CR4_SMEP (1UL << 20)
#define CR4_SMAP (1UL << 21)

#define MSR_EFER           0xc0000080
#define MSR_STAR           0xc0000081
#define MSR_LSTAR          0xc0000082
#define MSR_FMASK          0xc0000084
#define MSR_FS_BASE        0xc0000100
#define MSR_GS_BASE        0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102
#define EFER_SCE (1UL << 0)
#define EFER_LME (1UL << 8)
#define EFER_LMA (1UL << 10)
#define EFER_NXE (1UL << 11)

#define RFLAGS_TF (1UL << 8)
#define RFLAGS_IF (1UL << 9)
#define RFLAGS_DF (1UL << 10)
#define RFLAGS_NT (1UL << 14)
#define RFLAGS_AC (1UL << 18)

static inline void
outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t
inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline void
outl(uint16_t port, uint32_t v)
{
    __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

#define DEFINE_READ_CR(n)                                        \
    static inline uint64_t read_cr##n(void)                      \
    {                                                            \
        uint64_t v;                                              \
        __asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));        \
        return v;                                                \
    }
DEFINE_READ_CR(0)
DEFINE_READ_CR(2)
DEFINE_READ_CR(3)
DEFINE_READ_CR(4)

static inline void
write_cr0(uint64_t v)
{
    __asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

/* Writing CR3 switches address space and flushes non-global TLB entries. */
static inline void
write_cr3(uint64_t v)
{
    __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline void
write_cr4(uint64_t v)
{
    __asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static inline uint64_t
rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void
wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static inline void
cli(void)
{
    __asm__ volatile("cli" : : : "memory");
}

static inline void
sti(void)
{
    __asm__ volatile("sti" : : : "memory");
}

/* Interrupts off, returning RFLAGS as it was: the start of a short
 * critical section that may be entered with interrupts on (exec loads a
 * program with the timer on, and the allocators it calls share their
 * state with every other process). irq_restore() ends it. */
static inline uint64_t
irq_save(void)
{
    uint64_t flags;

    __asm__ volatile("pushfq; pop %0; cli" : "=r"(flags) : : "memory");
    return flags;
}

/* Interrupts back on if irq_save() found them on. */
static inline void
irq_restore(uint64_t flags)
{
    if (flags & RFLAGS_IF)
        sti();
}

static inline void
hlt(void)
{
    __asm__ volatile("hlt");
}

/* Waits, interrupts off, for the next interrupt and takes it. `sti` lets
 * interrupts in only after the next instruction (SDM Vol. 2B, STI), so an
 * interrupt arriving now wakes the `hlt` instead of slipping in before it
 * and leaving the CPU halted until the one after. */
static inline void
wait_for_interrupt(void)
{
    __asm__ volatile("sti; hlt; cli" : : : "memory");
}

/* Takes an interrupt that is already pending, if any (interrupts off
 * before and after). */
static inline void
interrupt_window(void)
{
    __asm__ volatile("sti; nop; cli" : : : "memory");
}

/* Clears RFLAGS.AC (what `clac` does, but on any CPU, SMAP or not). */
static inline void
clear_ac(void)
{
    __asm__ volatile("pushfq; andq %0, (%%rsp); popfq" : : "i"(~RFLAGS_AC) : "memory", "cc");
}

static inline uint64_t
read_rflags(void)
{
    uint64_t v;
    __asm__ volatile("pushfq; pop %0" : "=r"(v));
    return v;
}

/* Under QEMU with -icount shift=0 the TSC advances by exactly one per guest
 * instruction, so a difference of two rdtsc values counts instructions. */
static inline uint64_t
rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static inline void
invlpg(uint64_t va)
{
    __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

static inline uint64_t
read_rbp(void)
{
    uint64_t v;
    __asm__ volatile("mov %%rbp, %0" : "=r"(v));
    return v;
}

static inline void __attribute__((noreturn))
halt_forever(void)
{
    for (;;) {
        cli();
        hlt();
    }
}

#endif

/* percpu.h — data that belongs to one CPU, reached through the GS base.
 *
 * In the kernel, GS base = &percpu (MSR_GS_BASE); in user mode the user's
 * GS base is active and ours waits in MSR_KERNEL_GS_BASE. `swapgs` exchanges
 * the two: the syscall entry and the interrupt entry from ring 3 execute it
 * first thing, their exits last thing.
 *
 * The entry code reads these fields as [gs:offset]. The offsets are
 * generated from this struct (asm_offsets.c); the asserts below pin the ones
 * the lab handouts quote. */
#ifndef RINGLAB_PERCPU_H
#define RINGLAB_PERCPU_H

#include <stddef.h>
#include <stdint.h>

struct process;
#if RINGLAB_LAB >= 5
struct context;
struct tss;
#endif

struct percpu {
    uint64_t kernel_rsp;        /* GS:0   top of the running process's kernel stack */
    uint64_t user_rsp;          /* GS:8   the user RSP, saved by syscall entry */
    struct process *current;    /* GS:16  the process running on this CPU */
    struct percpu *self;        /* GS:24  this struct's own address */
    uint64_t kernel_cr3;        /* GS:32  the kernel's PML4 (physical) */
    uint64_t user_cr3_saved;    /* GS:40  only used by the syscall-cr3-switch bug */
    uint64_t syscalls;          /* GS:48  syscalls handled, for statistics */
    uint64_t irq_nesting;       /* GS:56  interrupts being handled right now */
    uint64_t next_cr3;          /* GS:64  CR3 to load just before iretq (lab 3) */
#if RINGLAB_LAB >= 6
    uint64_t signal_work;       /* GS:72  a signal to deliver: leave via IRETQ (proc/signal.h) */
#endif
#if RINGLAB_LAB >= 5
    /* lab 5: one of these per CPU (smp.c), so what was global is here */
    int cpu;                    /* 0 = the boot CPU, then 1, 2 ... in start order */
    uint32_t apic_id;           /* its local APIC's ID (from the MADT) */
    struct tss *tss;            /* its own TSS: RSP0 and the IST stacks (gdt.c) */
    struct context *scheduler;  /* its scheduler loop's saved registers (sched.c) */
    int irq_off_depth;          /* spinlock.c: push_off nesting ... */
    int irq_was_on;             /* ... and whether IF was on at the first */
    uint64_t ticks;             /* an AP's own timer's ticks (CPU 0's: timer_ticks) */
#endif
};

_Static_assert(offsetof(struct percpu, kernel_rsp) == 0, "kernel stack top at GS:0");
_Static_assert(offsetof(struct percpu, next_cr3) == 64, "next_cr3 at GS:64, where the labs and the gdb helpers look");
#if RINGLAB_LAB >= 6
/* (asm_offsets.inc is one file for every stage: frame.inc names this one) */
_Static_assert(offsetof(struct percpu, signal_work) == 72, "signal_work at GS:72, frame.inc's PERCPU_SIGNAL_WORK");
#endif

void percpu_init(uint64_t kernel_cr3);
#if RINGLAB_LAB >= 5
/* An application processor's struct: the same setup as percpu_init's,
 * on this CPU, for the struct smp.c gave it. */
void percpu_init_cpu(struct percpu *c, uint64_t kernel_cr3);
/* The boot CPU's struct (CPU 0). */
struct percpu *percpu_boot(void);
#endif

/* This CPU's struct (valid only while GS holds the kernel's base). */
static inline struct percpu *
this_cpu(void)
{
    struct percpu *p;

    __asm__ volatile("mov %%gs:%c1, %0" : "=r"(p) : "i"(offsetof(struct percpu, self)));
    return p;
}

#endif

/* ktest_irq.c — lab 3's interrupt entry, driven the way later stages drive it.
 *
 * A default run of stage 3 takes one kind of interrupt only: IRQ 0, from
 * ring 3. Later stages take more: the scheduler's idle loop (lab 4) halts
 * with interrupts on, so the timer also arrives in ring 0; and any of the
 * 16 IRQ vectors can arrive (the 8259 raises a spurious IRQ 7 or 15 by
 * itself; a driver unmasks its own line). This test, run with
 * `ktest=irq_frames`, checks every IRQ stub against what the CPU really
 * pushed, with nothing of the lab's own (no trace, no process):
 *
 *   1. for each vector 32..47, `int n` from ring 0 with a handler that
 *      copies the struct trap_frame C is given: vector n, error 0, and
 *      RIP, CS, RFLAGS, RSP, SS exactly as the CPU pushed them; back from
 *      the interrupt, RSP and both GS bases are what they were;
 *   2. real timer ticks taken in `sti; hlt`, as an idle loop takes them.
 *
 * (`int n` pushes no error code, like a hardware IRQ: the stub must push
 * the placeholder either way.) */
#include "boot/ktest.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/trap_frame.h"
#include "drivers/pic.h"
#include "lib/kprintf.h"

#define IRQ_COUNT 16
#define TICKS     3
#define RFLAGS_FIXED (1UL << 1)     /* bit 1 of RFLAGS always reads 1 */

static struct trap_frame seen;      /* the frame the last handler was given */
static int arrivals;

static void
record(struct trap_frame *tf)
{
    seen = *tf;
    arrivals++;
}

static void
record_tick(struct trap_frame *tf)
{
    record(tf);
    pic_eoi(0);
}

static uint64_t
read_ss(void)
{
    uint64_t v;
    __asm__ volatile("mov %%ss, %0" : "=r"(v));
    return v;
}

/* `int n` takes n as an immediate: one asm statement per vector. *rip is
 * where the interrupt returns to, *rsp the stack pointer at the `int`. */
#define RAISE(n)                                                        \
    case n:                                                             \
        __asm__ volatile("lea 1f(%%rip), %0\n\t"                        \
                         "mov %%rsp, %1\n\t"                            \
                         "int %2\n"                                     \
                         "1:"                                           \
                         : "=&r"(*rip), "=&r"(*rsp) : "i"(n) : "memory"); \
        break;

static void
raise_vector(int v, uint64_t *rip, uint64_t *rsp)
{
    switch (v) {
        RAISE(32) RAISE(33) RAISE(34) RAISE(35) RAISE(36) RAISE(37) RAISE(38) RAISE(39)
        RAISE(40) RAISE(41) RAISE(42) RAISE(43) RAISE(44) RAISE(45) RAISE(46) RAISE(47)
    }
}

/* Is `seen` the frame of vector v, entered from ring 0 at rip/rsp? */
static int
frame_ok(const char *what, int v, uint64_t rip, uint64_t rsp)
{
    const struct trap_frame *f = &seen;

    if (f->vector == (uint64_t)v && f->error == 0 && f->rip == rip && f->cs == KERNEL_CS
        && (f->rflags & RFLAGS_FIXED) && f->rsp == rsp && f->ss == read_ss())
        return 1;
    kprintf("ktest irq_frames: %s, vector %d: C was given vector=%lu error=0x%lx rip=0x%lx "
            "cs=0x%lx rflags=0x%lx rsp=0x%lx ss=0x%lx; the CPU pushed rip=0x%lx cs=0x%x rsp=0x%lx\n",
            what, v, f->vector, f->error, f->rip, f->cs, f->rflags, f->rsp, f->ss,
            rip, KERNEL_CS, rsp);
    return 0;
}

/* Back from an interrupt of the kernel: the GS bases must be untouched. */
static int
gs_ok(const char *what, int v, uint64_t gs, uint64_t kernel_gs)
{
    if (rdmsr(MSR_GS_BASE) == gs && rdmsr(MSR_KERNEL_GS_BASE) == kernel_gs)
        return 1;
    kprintf("ktest irq_frames: %s, vector %d: GS base 0x%lx (was 0x%lx), "
            "KERNEL_GS_BASE 0x%lx (was 0x%lx)\n", what, v, rdmsr(MSR_GS_BASE), gs,
            rdmsr(MSR_KERNEL_GS_BASE), kernel_gs);
    return 0;
}

/* One interrupt of the kernel at rip/rsp, just taken: exactly one
 * arrival, with the frame the CPU pushed and both GS bases untouched. */
static int
arrived_ok(const char *what, int v, uint64_t rip, uint64_t rsp, uint64_t gs, uint64_t kernel_gs)
{
    if (arrivals != 1) {
        kprintf("ktest irq_frames: %s, vector %d: %d arrivals instead of one\n", what, v, arrivals);
        return 0;
    }
    return frame_ok(what, v, rip, rsp) && gs_ok(what, v, gs, kernel_gs);
}

static int
every_stub(uint64_t gs, uint64_t kernel_gs)
{
    for (int v = VEC_IRQ0; v < VEC_IRQ0 + IRQ_COUNT; v++) {
        uint64_t rip, rsp;

        trap_set_irq_handler(v, record);
        arrivals = 0;
        raise_vector(v, &rip, &rsp);
        if (!arrived_ok("int", v, rip, rsp, gs, kernel_gs))
            return 1;
    }
    kprintf("ktest irq_frames: %d IRQ stubs entered from ring 0: each frame as the CPU pushed it\n",
            IRQ_COUNT);
    return 0;
}

/* The timer itself, in ring 0: `sti; hlt` as an idle loop does it. */
static int
idle_ticks(uint64_t gs, uint64_t kernel_gs)
{
    trap_set_irq_handler(VEC_IRQ0, record_tick);
    for (int i = 0; i < TICKS; i++) {
        uint64_t rip, rsp;

        arrivals = 0;
        __asm__ volatile("lea 1f(%%rip), %0\n\t"
                         "mov %%rsp, %1\n\t"
                         "sti\n\t"
                         "hlt\n"
                         "1:\n\t"
                         "cli"
                         : "=&r"(rip), "=&r"(rsp) : : "memory");
        if (!arrived_ok("tick in hlt", VEC_IRQ0, rip, rsp, gs, kernel_gs))
            return 1;
    }
    kprintf("ktest irq_frames: %d timer ticks taken in hlt, in ring 0: each frame as the CPU pushed it\n",
            TICKS);
    return 0;
}

KTEST(irq_frames, "every IRQ stub from ring 0 (int 32..47), then timer ticks in hlt")
{
    uint64_t gs = rdmsr(MSR_GS_BASE), kernel_gs = rdmsr(MSR_KERNEL_GS_BASE);

    cli();
    return every_stub(gs, kernel_gs) || idle_ticks(gs, kernel_gs);
}

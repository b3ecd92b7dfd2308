/* percpu.c — setting up the GS base. ringlab runs on one CPU. */
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/cpu.h"
#if RINGLAB_LAB >= 5
#include "arch/x86_64/gdt.h"
#endif

static struct percpu cpu0;

#if RINGLAB_LAB >= 5
/* Lab 5: every CPU has a struct percpu of its own; cpu0 is the boot CPU's,
 * smp.c holds the others. */
void
percpu_init_cpu(struct percpu *c, uint64_t kernel_cr3)
{
    c->self = c;
    c->kernel_cr3 = kernel_cr3;
    wrmsr(MSR_GS_BASE, (uint64_t)c);        /* the kernel's GS, active now */
    wrmsr(MSR_KERNEL_GS_BASE, 0);           /* the user's, until swapgs */
}

void
percpu_init(uint64_t kernel_cr3)
{
    percpu_init_cpu(&cpu0, kernel_cr3);
    cpu0.tss = &tss;                        /* gdt.c's is the boot CPU's */
}

struct percpu *
percpu_boot(void)
{
    return &cpu0;
}
#else
void
percpu_init(uint64_t kernel_cr3)
{
    cpu0.self = &cpu0;
    cpu0.kernel_cr3 = kernel_cr3;
    wrmsr(MSR_GS_BASE, (uint64_t)&cpu0);    /* the kernel's GS, active now */
    wrmsr(MSR_KERNEL_GS_BASE, 0);           /* the user's, until swapgs */
}
#endif

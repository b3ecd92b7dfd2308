/* percpu.c — setting up the GS base. ringlab runs on one CPU. */
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/cpu.h"

static struct percpu cpu0;

void
percpu_init(uint64_t kernel_cr3)
{
    cpu0.self = &cpu0;
    cpu0.kernel_cr3 = kernel_cr3;
    wrmsr(MSR_GS_BASE, (uint64_t)&cpu0);    /* the kernel's GS, active now */
    wrmsr(MSR_KERNEL_GS_BASE, 0);           /* the user's, until swapgs */
}

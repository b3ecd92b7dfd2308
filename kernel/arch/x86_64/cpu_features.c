/* cpu_features.c — switching on the CPU features user programs and the
 * protection of the kernel need, before the first ring-3 instruction.
 *
 *   SSE:  compiled C uses SSE registers (movaps, movdqa) even in a program
 *         that does no floating point. The OS must say it saves them:
 *         CR4.OSFXSR, CR4.OSXMMEXCPT, CR0.EM = 0, CR0.MP = 1 (SDM Vol. 3A
 *         §14.1.3 "Initialization of the SSE Extensions"), else #UD.
 *   SMEP: ring 0 may not execute a user page (a jump to user memory is a
 *         #PF, not an exploit).
 *   SMAP: ring 0 may not read or write a user page unless RFLAGS.AC is set,
 *         which only the user-copy routines do (mm/usercopy.c).
 */
#include "arch/x86_64/cpu_features.h"
#include "arch/x86_64/cpu.h"

#define CR0_MP (1UL << 1)
#define CR0_EM (1UL << 2)
#define CPUID7_EBX_SMEP (1U << 7)
#define CPUID7_EBX_SMAP (1U << 20)

static uint32_t
cpuid7_ebx(void)
{
    uint32_t a = 7, b, c = 0, d;

    __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
    return b;
}

void
cpu_features_init(void)
{
    uint32_t ext = cpuid7_ebx();
    uint64_t cr4 = read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT;

    write_cr0((read_cr0() & ~CR0_EM) | CR0_MP);
    if (ext & CPUID7_EBX_SMEP)
        cr4 |= CR4_SMEP;
    if (ext & CPUID7_EBX_SMAP)
        cr4 |= CR4_SMAP;
    write_cr4(cr4);
}

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
 *   UMIP: ring 3 may not read where the kernel's tables are: sgdt, sidt,
 *         sldt, str and smsw raise #GP outside ring 0 (SDM Vol. 3A §2.5,
 *         CR4.UMIP). Without it any program can learn the address of the
 *         IDT and GDT, which defeats hiding the kernel's layout.
 * Each is switched on only if CPUID says the CPU has it (QEMU's -cpu adds
 * them: scripts/ringlab/qemu.py).
 */
#include "arch/x86_64/cpu_features.h"
#include "arch/x86_64/cpu.h"

#define CR0_MP (1UL << 1)
#define CR0_EM (1UL << 2)
#define CPUID7_EBX_SMEP (1U << 7)
#define CPUID7_EBX_SMAP (1U << 20)
#define CPUID7_ECX_UMIP (1U << 2)

/* CPUID leaf 7, subleaf 0: the structured extended feature flags. */
static void
cpuid7(uint32_t *ebx, uint32_t *ecx)
{
    uint32_t a = 7, c = 0, d;

    __asm__ volatile("cpuid" : "+a"(a), "=b"(*ebx), "+c"(c), "=d"(d));
    *ecx = c;
}

void
cpu_features_init(void)
{
    uint32_t ebx, ecx;
    uint64_t cr4 = read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT;

    cpuid7(&ebx, &ecx);
    write_cr0((read_cr0() & ~CR0_EM) | CR0_MP);
    if (ebx & CPUID7_EBX_SMEP)
        cr4 |= CR4_SMEP;
    if (ebx & CPUID7_EBX_SMAP)
        cr4 |= CR4_SMAP;
    if (ecx & CPUID7_ECX_UMIP)
        cr4 |= CR4_UMIP;
    write_cr4(cr4);
}

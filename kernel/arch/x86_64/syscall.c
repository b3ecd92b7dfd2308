/* syscall.c — programming the SYSCALL/SYSRET MSRs.
 *
 * STAR's selector arithmetic (Intel SDM Vol. 2B "SYSCALL" and "SYSRET"):
 *
 *   SYSCALL:  CS = STAR[47:32]          = 0x08  kernel code
 *             SS = STAR[47:32] + 8      = 0x10  kernel data
 *   SYSRET:   CS = STAR[63:48] + 16 | 3 = 0x23  user code (64-bit)
 *             SS = STAR[63:48] + 8  | 3 = 0x1b  user data
 *
 * so STAR[63:48] = 0x10, and the GDT must hold user data *before* user code
 * (gdt.h). The CPU loads these selectors' hidden parts with fixed values; it
 * does not read the descriptors — a wrong GDT order fails only later. */
#include "arch/x86_64/syscall.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"

extern char syscall_entry[];

void
syscall_init(void)
{
    _Static_assert(USER_DS == ((0x10 + 8) | 3), "SYSRET loads SS = STAR[63:48] + 8");
    _Static_assert(USER_CS == ((0x10 + 16) | 3), "SYSRET loads CS = STAR[63:48] + 16");

    wrmsr(MSR_STAR, (0x10UL << 48) | ((uint64_t)KERNEL_CS << 32));
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    /* FMASK: RFLAGS bits SYSCALL clears. IF: no interrupt before the stack
     * switch; TF: no single-step trap in the entry; DF: the C ABI; AC: no
     * user access unless a user-copy routine says so (SMAP). */
    wrmsr(MSR_FMASK, RFLAGS_IF | RFLAGS_TF | RFLAGS_DF | RFLAGS_AC | RFLAGS_NT);
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}

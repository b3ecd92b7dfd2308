/* fpu.h — saving a process's x87/SSE registers across a switch.
 *
 * The kernel itself never touches them (it is built -mgeneral-regs-only),
 * so they only need saving when the CPU goes to another process:
 * `fxsave` writes all of them (512 bytes, 16-byte aligned) and `fxrstor`
 * loads them back (SDM Vol. 1 §10.5). */
#ifndef RINGLAB_FPU_H
#define RINGLAB_FPU_H

#include <stdint.h>

static inline void
fxsave(uint8_t *area)
{
    __asm__ volatile("fxsave64 (%0)" : : "r"(area) : "memory");
}

static inline void
fxrstor(const uint8_t *area)
{
    __asm__ volatile("fxrstor64 (%0)" : : "r"(area) : "memory");
}

#endif

/* trap_frame.h — the registers saved on an interrupt or exception.
 *
 * interrupt.asm builds this frame on the kernel stack and passes its address
 * to trap_dispatch(). Lower addresses first; the stub pushes in the reverse
 * order (rax first, r15 last). asm_offsets.c exports the offsets to nasm.
 *
 *            +------------------+  <- RSP before the interrupt (16-aligned)
 *            | ss               |  \
 *            | rsp              |   |
 *            | rflags           |   |  pushed by the CPU
 *            | cs               |   |
 *            | rip              |  /
 *            | error            |  pushed by the CPU for vectors 8, 10-14,
 *            |                  |  17, 21, 29, 30; a 0 pushed by the stub
 *            | vector           |  pushed by the stub
 *            | rax .. r15       |  pushed by isr_common
 *            +------------------+  <- RSP = struct trap_frame *
 */
#ifndef RINGLAB_TRAP_FRAME_H
#define RINGLAB_TRAP_FRAME_H

#include <stdint.h>

struct trap_frame {
    /* pushed by isr_common */
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    /* pushed by the per-vector stub */
    uint64_t vector;
    /* pushed by the CPU (the error code by the stub when the CPU has none) */
    uint64_t error;
    uint64_t rip, cs, rflags, rsp, ss;
};

_Static_assert(sizeof(struct trap_frame) == 22 * 8, "trap_frame: 22 quadwords");
_Static_assert(sizeof(struct trap_frame) % 16 == 0,
               "trap_frame keeps RSP 16-byte aligned for the call into C");
_Static_assert(__builtin_offsetof(struct trap_frame, rip) ==
                   __builtin_offsetof(struct trap_frame, error) + 8,
               "the CPU's frame starts right above the error code");

static inline int
trap_from_user(const struct trap_frame *tf)
{
    return (tf->cs & 3) == 3;
}

#endif

/* asm_offsets.c — the constants nasm needs, generated from the C headers.
 *
 * This file is compiled to assembly only (gcc -S). Each DEFINE() leaves a
 * line "->NAME value" in the output, which scripts/asm_offsets.py turns into
 * build/.../asm_offsets.inc ("%define NAME value"). An offset is therefore
 * written once, in a C struct, and never typed by hand in assembly.
 */
#include <stddef.h>

#include "arch/x86_64/gdt.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/syscall.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/trap_frame.h"

#define DEFINE(name, value) \
    __asm__ volatile("\n.ascii \"->" #name " %0\"" : : "i"(value))
#define OFFSET(name, type, member) DEFINE(name, offsetof(struct type, member))

void asm_offsets(void);

void
asm_offsets(void)
{
    DEFINE(KERNEL_VMA, KERNEL_VMA);
    DEFINE(KERNEL_CS, KERNEL_CS);
    DEFINE(KERNEL_DS, KERNEL_DS);
    DEFINE(USER_CS, USER_CS);
    DEFINE(USER_DS, USER_DS);
    DEFINE(GDT_USER_DATA, USER_DS & ~3);    /* the descriptor's offset, RPL 0 */
    DEFINE(SYSCALL_VECTOR, SYSCALL_VECTOR);

    OFFSET(PERCPU_KERNEL_RSP, percpu, kernel_rsp);
    OFFSET(PERCPU_USER_RSP, percpu, user_rsp);
    OFFSET(PERCPU_CURRENT, percpu, current);
    OFFSET(PERCPU_KERNEL_CR3, percpu, kernel_cr3);
    OFFSET(PERCPU_USER_CR3_SAVED, percpu, user_cr3_saved);
    OFFSET(PERCPU_IRQ_NESTING, percpu, irq_nesting);
    OFFSET(PERCPU_NEXT_CR3, percpu, next_cr3);

    OFFSET(TF_R15, trap_frame, r15);
    OFFSET(TF_RAX, trap_frame, rax);
    OFFSET(TF_VECTOR, trap_frame, vector);
    OFFSET(TF_ERROR, trap_frame, error);
    OFFSET(TF_RIP, trap_frame, rip);
    OFFSET(TF_CS, trap_frame, cs);
    OFFSET(TF_RFLAGS, trap_frame, rflags);
    OFFSET(TF_RSP, trap_frame, rsp);
    OFFSET(TF_SS, trap_frame, ss);
    DEFINE(TF_SIZE, sizeof(struct trap_frame));
}

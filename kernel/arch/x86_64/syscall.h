/* syscall.h — SYSCALL/SYSRET setup and the syscall frame. */
#ifndef RINGLAB_SYSCALL_H
#define RINGLAB_SYSCALL_H

/* trap_frame.vector of a frame built by syscall_entry (not an interrupt). */
#define SYSCALL_VECTOR 0x100

#ifndef __ASSEMBLER__
#include "arch/x86_64/trap_frame.h"

void syscall_init(void);
/* Leaves the kernel for ring 3 through IRETQ with the state in tf. */
void return_to_user(struct trap_frame *tf) __attribute__((noreturn));

/* The Linux x86-64 syscall ABI, as seen in a saved frame. */
static inline uint64_t syscall_nr(const struct trap_frame *tf) { return tf->rax; }
#endif

#endif

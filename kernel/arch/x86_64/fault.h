/* fault.h — reporting faults nobody handles, and the exception-fixup table. */
#ifndef RINGLAB_FAULT_H
#define RINGLAB_FAULT_H

#include <stdbool.h>
#include "arch/x86_64/trap_frame.h"

/* One entry of __ex_table: if an instruction at `insn` faults, resume at
 * `fixup` instead of reporting a FATAL (used by copy_from_user/copy_to_user). */
struct ex_entry {
    uint64_t insn;
    uint64_t fixup;
};

const char *exception_name(uint64_t vector);
bool fault_try_fixup(struct trap_frame *tf);
void fatal_trap(struct trap_frame *tf) __attribute__((noreturn));
void print_backtrace(uint64_t rip, uint64_t rbp);
bool kernel_address_readable(uint64_t va, uint64_t len);
/* How kernel_address_readable asks the page tables (mm/'s pt_mapped). */
void fault_set_mapped_check(bool (*check)(uint64_t va, uint64_t len));
#if RINGLAB_LAB >= 5
/* The number of the CPU running this (lab 5: reports name it). */
int fault_cpu(void);
#endif

#endif

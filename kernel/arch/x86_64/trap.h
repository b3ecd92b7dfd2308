/* trap.h — registering handlers for interrupts and user faults. */
#ifndef RINGLAB_TRAP_H
#define RINGLAB_TRAP_H

#include "arch/x86_64/trap_frame.h"

typedef void (*irq_handler_fn)(struct trap_frame *tf);
typedef void (*user_fault_fn)(struct trap_frame *tf);

void trap_dispatch(struct trap_frame *tf);
void trap_set_irq_handler(int vector, irq_handler_fn fn);
void trap_set_user_fault_handler(user_fault_fn fn);
#if RINGLAB_LAB >= 6

/* Full kernel: a page fault goes here first (proc/vma.c's demand paging).
 * It returns 1 if it mapped the page (the access is retried), else 0. */
typedef int (*page_fault_fn)(struct trap_frame *tf);
void trap_set_page_fault_handler(page_fault_fn fn);
#endif

#endif

/* trace.h — the return-path trace of lab 3 (`trace` on the command line). */
#ifndef RINGLAB_TRACE_H
#define RINGLAB_TRACE_H

#include <stdbool.h>
#include "arch/x86_64/trap_frame.h"

extern bool trace_enabled;

void trace_marker(char c);
void trace_iretq_to_ring3(struct trap_frame *tf);

#endif

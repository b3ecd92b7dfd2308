/* trace.c — what the return path to ring 3 prints when tracing is on.
 *
 * interrupt_return.asm calls trace_marker for single characters and
 * trace_iretq_to_ring3 for one line per return to user mode, saying which
 * process is about to run, where, and on which page tables. The output goes
 * to the serial console and the screen, so it is slow: thousands of
 * instructions per line. */
#include "proc/trace.h"
#include "arch/x86_64/cpu.h"
#include "drivers/console.h"
#include "lib/kprintf.h"
#include "proc/process.h"

bool trace_enabled;

void
trace_marker(char c)
{
    console_putc(c);
}

void
trace_iretq_to_ring3(struct trap_frame *tf)
{
    struct process *p = current_process();

    kprintf("[R3-IRET pid=%d rip=0x%lx cr3=0x%lx]\n", p ? p->pid : 0, tf->rip, read_cr3());
}

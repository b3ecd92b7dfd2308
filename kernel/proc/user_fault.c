/* user_fault.c — a fault in ring 3 kills only that process.
 *
 * trap.c calls here for an exception whose frame says CS was ring 3. The
 * report is one line; the process ends as if by the signal Linux would
 * send (exit status 128 + signal, like a shell shows it). */
#include "proc/process.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fault.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/trap.h"
#include "lib/kprintf.h"
#include "proc/elf.h"
#include "proc/user_fault.h"

#define SIGILL  4
#define SIGTRAP 5
#define SIGFPE  8
#define SIGSEGV 11

static int
signal_for(uint64_t vector)
{
    switch (vector) {
    case VEC_DE: return SIGFPE;
    case VEC_BP: case 1: return SIGTRAP;
    case VEC_UD: return SIGILL;
#if RINGLAB_LAB >= 6
    case 16: case 19: return SIGFPE;    /* #MF, #XM: x87, SSE exceptions */
    case 17: return SIGBUS;             /* #AC: a misaligned access */
#endif
    default: return SIGSEGV;
    }
}

static void
user_fault(struct trap_frame *tf)
{
    struct process *p = current_process();
    char sym[64];
    const char *where = 0;

    if (!p)
        fatal_trap(tf);                 /* ring 3 with no process: impossible */
#if RINGLAB_LAB >= 6
    if (signal_user_fault(p, tf, signal_for(tf->vector)))
        return;                         /* its handler runs instead (signal.h) */
#endif
    where = elf_symbolize(p->image, p->image_size, p->load_bias, tf->rip, sym, sizeof(sym));
    kprintf("user fault: pid %d (%s) #%s vec=%lu err=0x%lx RIP=0x%lx %s", p->pid, p->name,
            exception_name(tf->vector), tf->vector, tf->error, tf->rip, where ? where : "?");
    if (tf->vector == VEC_PF)
        kprintf(" CR2=0x%lx", read_cr2());  /* only a #PF sets CR2 */
#if RINGLAB_LAB >= 5
    kprintf(" CR3=0x%lx CPU=%d: killed\n", read_cr3(), fault_cpu());
#else
    kprintf(" CR3=0x%lx: killed\n", read_cr3());
#endif
    process_kill(p, signal_for(tf->vector));
}

void
user_fault_init(void)
{
    trap_set_user_fault_handler(user_fault);
}

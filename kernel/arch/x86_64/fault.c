/* fault.c — the FATAL report for an exception the kernel cannot handle.
 *
 * The first line is the one tests and students grep for (docs/debugging.md):
 *
 *   FATAL:<NAME> vec=<n> err=0x<e> RIP=0x<rip> <symbol+0xoff> CS=0x<cs>
 *
 * then CR2, CR3, the registers and a frame-pointer backtrace; then QEMU is
 * powered off with the failure status. On the VGA screen the first line is
 * white on red, across the whole row: readable from the back of a lecture
 * hall when a bug is demonstrated live.
 */
#include "arch/x86_64/fault.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/memlayout.h"
#include "drivers/poweroff.h"
#include "drivers/vga.h"
#include "lib/kprintf.h"
#include "lib/symbols.h"
#if RINGLAB_LAB >= 5
#include "arch/x86_64/percpu.h"
#endif

static const char *const names[32] = {
    "DE", "DB", "NMI", "BP", "OF", "BR", "UD", "NM",
    "DF", "CSO", "TS", "NP", "SS", "GP", "PF", "RES15",
    "MF", "AC", "MC", "XM", "VE", "CP", "RES22", "RES23",
    "RES24", "RES25", "RES26", "RES27", "HV", "VC", "SX", "RES31",
};

const char *
exception_name(uint64_t vector)
{
    return vector < 32 ? names[vector] : "IRQ";
}

bool
fault_try_fixup(struct trap_frame *tf)
{
    extern const struct ex_entry __ex_table_start[], __ex_table_end[];

    if (trap_from_user(tf))
        return false;
    for (const struct ex_entry *e = __ex_table_start; e < __ex_table_end; e++) {
        if (e->insn == tf->rip) {
            tf->rip = e->fixup;
            return true;
        }
    }
    return false;
}

/* Whether an address is mapped is a question for the page tables, which
 * mm/ walks (pt_mapped in mm/pagewalk.c); arch/ sits below mm/ and cannot
 * include it, so kmain hands the check over here at boot. */
static bool (*mapped)(uint64_t va, uint64_t len);

void
fault_set_mapped_check(bool (*check)(uint64_t va, uint64_t len))
{
    mapped = check;
}

/* True if [va, va+len) is mapped in the current address space: the report
 * must never fault while following a corrupt frame pointer. (Without the
 * check, believe it: a fault inside the report still ends in a report.) */
bool
kernel_address_readable(uint64_t va, uint64_t len)
{
    return !mapped || mapped(va, len);
}

void
print_backtrace(uint64_t rip, uint64_t rbp)
{
    uint64_t last = rip;
    int repeats = 0;

    kprintf("Backtrace:\n");
    kprintf("  #0  %p  %s\n", (void *)rip, sym_str(rip));
    for (int depth = 1; depth < 64 && rbp; depth++) {
        if (rbp < KERNEL_VMA || (rbp & 7) || !kernel_address_readable(rbp, 16)) {
            kprintf("  (stopped: frame pointer %p is not a kernel stack address)\n",
                    (void *)rbp);
            break;
        }
        uint64_t ret = ((uint64_t *)rbp)[1];
        rbp = ((uint64_t *)rbp)[0];
        if (ret == last) {              /* recursion: say it once */
            repeats++;
            continue;
        }
        if (repeats)
            kprintf("  ... the frame above repeats %d more times\n", repeats);
        repeats = 0;
        if (!ret)
            return;
        kprintf("  #%d  %p  %s\n", depth, (void *)ret, sym_str(ret));
        last = ret;
    }
    if (repeats)
        kprintf("  ... the frame above repeats %d more times\n", repeats);
}

static void
print_registers(const struct trap_frame *tf)
{
    kprintf("CR2=%016lx CR3=%016lx CR0=%08lx CR4=%08lx\n",
            read_cr2(), read_cr3(), read_cr0(), read_cr4());
    kprintf("RAX=%016lx RBX=%016lx RCX=%016lx\n", tf->rax, tf->rbx, tf->rcx);
    kprintf("RDX=%016lx RSI=%016lx RDI=%016lx\n", tf->rdx, tf->rsi, tf->rdi);
    kprintf("RBP=%016lx R8 =%016lx R9 =%016lx\n", tf->rbp, tf->r8, tf->r9);
    kprintf("R10=%016lx R11=%016lx R12=%016lx\n", tf->r10, tf->r11, tf->r12);
    kprintf("R13=%016lx R14=%016lx R15=%016lx\n", tf->r13, tf->r14, tf->r15);
    kprintf("RSP=%016lx SS=%04lx RFLAGS=%08lx\n", tf->rsp, tf->ss, tf->rflags);
}

#if RINGLAB_LAB >= 5
/* Lab 5: which CPU faulted. (Before percpu_init the GS base is 0, and
 * only the boot CPU runs.) */
int
fault_cpu(void)
{
    return rdmsr(MSR_GS_BASE) ? this_cpu()->cpu : 0;
}

#endif
void
fatal_trap(struct trap_frame *tf)
{
    static int reporting;

    if (reporting++) {                  /* a fault inside this report */
        if (reporting > 2) {            /* ... and inside saying so: the */
            outb(DEBUG_EXIT_PORT, DEBUG_EXIT_FATAL);    /* console itself */
            halt_forever();             /* faults, so stop without a word */
        }
        kprintf("FATAL: nested fault (vec=%lu RIP=%p) while reporting a fault\n",
                tf->vector, (void *)tf->rip);
        poweroff(POWEROFF_FATAL);
    }
    vga_set_color(VGA_WHITE_ON_RED);
#if RINGLAB_LAB >= 5
    kprintf("FATAL:%s vec=%lu err=0x%lx RIP=0x%lx %s CS=0x%lx CPU=%d\n",
            exception_name(tf->vector), tf->vector, tf->error, tf->rip,
            sym_str(tf->rip), tf->cs, fault_cpu());
#else
    kprintf("FATAL:%s vec=%lu err=0x%lx RIP=0x%lx %s CS=0x%lx\n",
            exception_name(tf->vector), tf->vector, tf->error, tf->rip,
            sym_str(tf->rip), tf->cs);
#endif
    vga_set_color(VGA_WHITE_ON_BLACK);
    print_registers(tf);
    if (!trap_from_user(tf))
        print_backtrace(tf->rip, tf->rbp);
    poweroff(POWEROFF_FATAL);
}

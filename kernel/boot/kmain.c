/* kmain.c — the kernel's C entry point and its init sequence.
 *
 * boot.asm arrives here in 64-bit mode, on the boot stack, running high,
 * with interrupts off and the boot page tables in CR3. Each stage (LAB=N)
 * adds its subsystems to the sequence at the marked places. */
#include "arch/x86_64/fault.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/memlayout.h"
#include "boot/bench.h"
#include "boot/ktest.h"
#include "boot/multiboot2.h"
#include "drivers/console.h"
#include "drivers/pic.h"
#include "drivers/poweroff.h"
#include "lib/cmdline.h"
#include "lib/kprintf.h"
#include "lib/symbols.h"
#if RINGLAB_LAB >= 1
#include "mm/kheap.h"
#include "mm/kmap.h"
#include "mm/pagewalk.h"
#include "mm/pmm.h"
#endif
#if RINGLAB_LAB >= 2
#include "arch/x86_64/cpu_features.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/syscall.h"
#include "fs/initrd.h"
#include "proc/init.h"
#include "proc/process.h"
#include "proc/user_fault.h"
#include "syscall/syscall.h"
#endif
#if RINGLAB_LAB >= 3
#include "proc/timer.h"
#include "proc/trace.h"
#endif
#if RINGLAB_LAB >= 5
#include "arch/x86_64/acpi.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/kernel_lock.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/smp.h"
#include "arch/x86_64/trap.h"
#include "mm/paging.h"
#include "mm/tlb.h"
#include "proc/sched.h"
#endif
#if RINGLAB_LAB >= 6
#include "proc/vma.h"
#endif

static struct boot_info boot_info;

static void
print_banner(const struct boot_info *bi)
{
    kprintf("ringlab: x86-64 teaching kernel, stage %s, bugs: %s\n",
            RINGLAB_STAGE_NAME, RINGLAB_BUGS);
    kprintf("cmdline: '%s'\n", bi->cmdline);
    kprintf("memory map (%d regions):\n", bi->mmap_count);
    for (int i = 0; i < bi->mmap_count; i++) {
        const struct mem_region *r = &bi->mmap[i];
        kprintf("  %016lx-%016lx %s\n", r->base, r->base + r->len - 1,
                r->type == MMAP_AVAILABLE ? "available" : "reserved");
    }
    for (int i = 0; i < bi->module_count; i++)
        kprintf("module '%s' at %lx-%lx\n", bi->modules[i].name,
                bi->modules[i].start, bi->modules[i].end);
}

static void
load_symbols(const struct boot_info *bi)
{
    const struct boot_module *m = boot_find_module(bi, "symbols");

    if (m)
        symbols_init(phys_to_virt(m->start), m->end - m->start);
    else
        kprintf("warning: no 'symbols' module: fault reports will show '?'\n");
}

#if RINGLAB_LAB >= 1
/* The first 1 MiB (real-mode vectors, BIOS data, VGA memory, ROMs) is left
 * alone; linker.ld loads the kernel image right above it. */
#define LOW_MEMORY_END 0x100000UL

/* Lab 1: memory. The frame allocator gets the RAM GRUB reported, minus
 * what must survive: low memory, the kernel image, the multiboot2 info and
 * the boot modules (the symbol table is read through the direct map for
 * good). Then the kernel's own page tables, then the heap. */
static void
mm_init(const struct boot_info *bi)
{
    struct phys_range ram[BOOT_MAX_MMAP], keep[BOOT_MAX_MODULES + 3];
    int n_ram = 0, n_keep = 0;

    for (int i = 0; i < bi->mmap_count; i++)
        if (bi->mmap[i].type == MMAP_AVAILABLE)
            ram[n_ram++] = (struct phys_range){ bi->mmap[i].base,
                                                bi->mmap[i].base + bi->mmap[i].len };
    keep[n_keep++] = (struct phys_range){ 0, LOW_MEMORY_END };
    keep[n_keep++] = (struct phys_range){ LOW_MEMORY_END, virt_to_phys(__kernel_end) };
    keep[n_keep++] = (struct phys_range){ bi->info_phys, bi->info_phys + bi->info_size };
    for (int i = 0; i < bi->module_count; i++)
        keep[n_keep++] = (struct phys_range){ bi->modules[i].start, bi->modules[i].end };
    pmm_init(ram, n_ram, keep, n_keep);
    kprintf("pmm: %lu frames free (%lu KiB), RAM ends at 0x%lx\n", pmm_free_count(),
            pmm_free_count() * 4, pmm_phys_end());
    kmap_init();
    kheap_init();
    kprintf("paging: kernel tables loaded (CR3=0x%lx), the identity map is gone\n",
            kernel_pml4_phys());
}
#endif

#if RINGLAB_LAB >= 2
/* Lab 2: ring 3. SSE for user code, SMEP/SMAP for the kernel, the per-CPU
 * data behind GS, the SYSCALL MSRs, user-fault reports, and the initrd
 * that holds the programs. */
static void
user_init(const struct boot_info *bi, const char *cmdline)
{
    const struct boot_module *m = boot_find_module(bi, "initrd");
    char value[8];

    process_first_entry_hook = bench_first_user_entry;  /* proc/ cannot include boot/ */
    cpu_features_init();
    percpu_init(kernel_pml4_phys());
    syscall_init();
    user_fault_init();
#if RINGLAB_LAB >= 6
    trap_set_page_fault_handler(vma_fault);     /* mmap's demand paging */
#endif
    if (cmdline_get(cmdline, "strace", value, sizeof(value)) >= 0)
        syscall_trace(1);
#if RINGLAB_LAB >= 5
    if (cmdline_get(cmdline, "smpstat", value, sizeof(value)) >= 0)
        process_report_cpus = 1;
#endif
    if (!m || initrd_init(phys_to_virt(m->start), m->end - m->start) < 0)
        kprintf("warning: no initrd: there are no programs to run\n");
#if RINGLAB_LAB >= 3
    if (cmdline_get(cmdline, "trace", value, sizeof(value)) >= 0)
        trace_enabled = true;
    timer_init();       /* ticks arrive once a process runs with IF=1 */
#endif
}
#endif

#if RINGLAB_LAB >= 1
/* The IDT and the GDT are complete: from here on they are read-only, so a
 * stray kernel write cannot redirect an interrupt or change a segment. (The
 * TSS stays writable: every switch to a process writes its RSP0.) */
static void
protect_descriptor_tables(void)
{
    kmap_make_readonly(idt_page(), PAGE_SIZE);
    kmap_make_readonly(gdt_page(), PAGE_SIZE);
}
#endif

#if RINGLAB_LAB >= 5
/* Lab 5: the other CPUs. The MADT says which there are; with more than
 * one, the local APICs' registers are mapped (uncached: they are device
 * registers, not memory) at their direct-map address, in the kernel half
 * every address space shares, and the boot CPU's is switched on. With one
 * CPU nothing changes: CPU 0 keeps lab 3's PIT and never uses its APIC. */
static bool
smp_boot_init(const struct boot_info *bi)
{
    struct acpi_cpus cpus;
    const char *why;
    void *regs;

    if (acpi_find_cpus(bi->rsdp_phys, &cpus, &why) < 0) {
        kprintf("smp: %s: one CPU\n", why);
        return false;
    }
    if (cpus.count == 1)
        return false;                   /* (silent: one CPU is the kernel of lab 4) */
    kprintf("smp: %d CPUs in the MADT, local APICs at 0x%lx\n", cpus.count, cpus.lapic_phys);
    regs = phys_to_virt(cpus.lapic_phys);
    if (pt_map(kernel_pml4_phys(), (uint64_t)regs, cpus.lapic_phys,
               PTE_W | PTE_NX | PTE_PCD | PTE_PWT) < 0)
        return false;
    lapic_set_base(regs);
    lapic_enable();
    smp_init(&cpus);
    kprintf("smp: cpu 0 online (APIC ID %u), the boot CPU\n", this_cpu()->apic_id);
    return true;
}

static void
ignore_spurious(struct trap_frame *tf)
{
    (void)tf;                   /* no EOI: the APIC did not count it */
}

/* An application processor, set up (smp.c's ap_entry): it says so, starts
 * its timer and runs its scheduler loop for good. */
static void
ap_main(void)
{
    kernel_lock();
    kprintf("smp: cpu %d online (APIC ID %u)\n", this_cpu()->cpu, this_cpu()->apic_id);
    smp_ap_online();
    timer_init_ap();
    scheduler_run_ap();
}

/* `smpstat`: each CPU's ticks and switches at the end of the run (and
 * process.c says where each process ran). Under -icount the same in every
 * run, as long as the CPUs interleave the same way. */
static void
report_cpus(void)
{
    kprintf("[smp] cpu 0: %lu ticks\n", timer_ticks());
    for (int i = 1; i < smp_cpu_count(); i++)
        kprintf("[smp] cpu %d: %lu ticks\n", i, smp_cpu(i)->ticks);
    kprintf("[smp] TLB: %lu rounds of IPIs (address spaces released, kernel pages shot down)\n",
            tlb_ipis_sent());
}
#endif

/* What runs after init when no ktest= was given. */
static int
stage_main(const struct boot_info *bi)
{
    (void)bi;
#if RINGLAB_LAB == 1
    return ktest_run("paging");         /* the stage-1 self-test */
#elif RINGLAB_LAB == 2
    /* stage 2: lab 2's two test programs, unless init= says otherwise */
    static const char *programs[] = { "/bin/minimal", "/bin/enosys", 0 };
    return init_run(bi->cmdline, programs);
#elif RINGLAB_LAB == 3
    /* stage 3: two CPU-bound programs and the ENOSYS test, side by side */
    static const char *programs[] = { "/bin/spin 1", "/bin/spin 2", "/bin/enosys", 0 };
    return init_run(bi->cmdline, programs);
#elif RINGLAB_LAB == 4
    /* stage 4: the shell runs lab 4's script */
    static const char *programs[] = { "/bin/sh /etc/lab4.sh", 0 };
    return init_run(bi->cmdline, programs);
#elif RINGLAB_LAB == 5
    /* stage 5: four CPU-bound programs, one for each CPU of `make run` */
    static const char *programs[] = { "/bin/spin 1", "/bin/spin 2", "/bin/spin 3",
                                      "/bin/spin 4", 0 };
    return init_run(bi->cmdline, programs);
#else
    /* the full kernel: an interactive shell on the serial console */
    static const char *programs[] = { "/bin/sh", 0 };
    return init_run(bi->cmdline, programs);
#endif
}

void
kmain(uint64_t mb2_info_phys)
{
    char test[64];
    int result;

    bench_boot_start();                 /* first: boot_kernel_insns counts from here */
#if RINGLAB_LAB >= 1
    fault_set_mapped_check(pt_mapped);  /* the backtrace asks the page tables */
#endif
    console_init();
    boot_info_parse(phys_to_virt(mb2_info_phys), mb2_info_phys, &boot_info);
    bench_init(boot_info.cmdline);
    print_banner(&boot_info);
    gdt_init();
    idt_init();
#if RINGLAB_LAB >= 5
    percpu_init(kernel_pml4_phys());    /* lab 5: locks need this_cpu() from here */
    console_enable_lock();              /* whole kprintf lines from several CPUs */
#endif
    pic_init();                         /* IRQs off the exception vectors, masked */
    load_symbols(&boot_info);
#if RINGLAB_LAB >= 1
    mm_init(&boot_info);
#endif
#if RINGLAB_LAB >= 5
    bool smp = smp_boot_init(&boot_info);
#endif
#if RINGLAB_LAB >= 2
    user_init(&boot_info, boot_info.cmdline);
#endif
#if RINGLAB_LAB >= 1
    protect_descriptor_tables();
#endif
#if RINGLAB_LAB >= 5
    if (smp) {
        trap_set_irq_handler(VEC_SPURIOUS, ignore_spurious);
        timer_calibrate_aps();
        smp_start_aps(kernel_pml4_phys(), ap_main);
        kprintf("smp: %d CPUs online\n", smp_cpu_count());
    }
    kernel_lock();                      /* CPU 0 runs the kernel from here */
#endif

    if (cmdline_get(boot_info.cmdline, "ktest", test, sizeof(test)) >= 0)
        result = ktest_run(test);
    else
        result = stage_main(&boot_info);
#if RINGLAB_LAB >= 5
    if (process_report_cpus)
        report_cpus();
#endif
    poweroff(result == 0 ? POWEROFF_SUCCESS : result > 0 ? result : 1);
}

/* smp.c — starting the application processors (lab 5).
 *
 * For each AP the MADT lists (acpi.h), in order:
 *
 *   1. the trampoline (ap_trampoline.asm) is copied to TRAMPOLINE_PHYS,
 *      a page below 1 MiB (real mode reaches no further), with this AP's
 *      parameters: page tables, stack, entry point, CPU number;
 *   2. INIT, a 10 ms wait, STARTUP, 200 us, STARTUP again (the sequence of
 *      SDM Vol. 3A §9.4.4.1; the second STARTUP is ignored by an AP that
 *      took the first);
 *   3. the AP runs the trampoline into ap_entry below, and the boot CPU
 *      waits until it says it is online, so the next AP may have the
 *      trampoline page.
 *
 * The trampoline's page tables: the AP turns paging on while it runs at
 * the trampoline's physical address, so that address must be mapped to
 * itself; the kernel's tables dropped the identity map (lab 1). So it gets
 * a PML4 of its own below 4 GiB (CR3 is loaded from 32-bit code): L4[0]
 * maps the first 2 MiB to themselves, L4[256..511] are the kernel's. Its
 * first act in C is to load the kernel's own CR3. */
#include "arch/x86_64/smp.h"
#include "arch/x86_64/acpi.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/cpu_features.h"
#include "arch/x86_64/cpu_tables.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/kernel_lock.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/pagetable.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/syscall.h"
#include "drivers/pit.h"
#include "lib/kprintf.h"
#include "lib/string.h"

/* Four pages of conventional memory, which lab 1's frame allocator never
 * hands out (it keeps the first 1 MiB for itself). */
#define TRAMPOLINE_PHYS 0x8000UL        /* the code; STARTUP vector 0x08 */
#define TRAMP_PML4_PHYS 0x9000UL
#define TRAMP_PDPT_PHYS 0xa000UL
#define TRAMP_PD_PHYS   0xb000UL
#define AP_STACK_SIZE   (16 * 1024)
#define INIT_WAIT_US    10000
#define STARTUP_WAIT_US 200
/* A real CPU is online in well under a millisecond. QEMU without -icount
 * runs each CPU in a host thread, which a busy host may not schedule for a
 * while: so a generous wait (it ends as soon as the CPU is there). */
#define ONLINE_WAIT_MS  5000

extern const char ap_trampoline_start[], ap_trampoline_end[];
extern const char ap_trampoline_cr3[], ap_trampoline_stack[];
extern const char ap_trampoline_entry[], ap_trampoline_cpu[];

static struct percpu *cpus[SMP_MAX_CPUS];       /* by CPU number, from 1 */
static struct percpu ap_percpu[SMP_MAX_CPUS - 1];
static uint8_t ap_stacks[SMP_MAX_CPUS - 1][AP_STACK_SIZE] __attribute__((aligned(16)));
static uint32_t ap_apic_ids[SMP_MAX_CPUS - 1];
static int aps_listed;
static volatile int online = 1;                 /* the boot CPU is */
static uint64_t ap_kernel_cr3;
static void (*ap_main)(void);

void
smp_init(const struct acpi_cpus *madt)
{
    struct percpu *boot = this_cpu();

    boot->cpu = 0;
    boot->apic_id = lapic_id();
    for (int i = 0; madt && i < madt->count; i++) {
        if (madt->apic_id[i] == boot->apic_id)
            continue;
        if (aps_listed == SMP_MAX_CPUS - 1) {
            kprintf("smp: more than %d CPUs: the others stay off\n", SMP_MAX_CPUS);
            break;
        }
        ap_apic_ids[aps_listed++] = madt->apic_id[i];
    }
}

int
smp_cpu_count(void)
{
    return online;
}

struct percpu *
smp_cpu(int i)
{
    return i ? cpus[i] : percpu_boot();     /* (with one CPU smp_init never ran) */
}

/* An AP arrives here from the trampoline: long mode, interrupts off, on
 * the trampoline's page tables and its own stack. */
void __attribute__((noreturn))
ap_entry(int cpu)
{
    struct percpu *c = &ap_percpu[cpu - 1];

    percpu_init_cpu(c, ap_kernel_cr3);  /* GS base: the locks and reports use it */
    c->cpu = cpu;
    c->apic_id = lapic_id();
    cpus[cpu] = c;
    idt_load();                         /* the one IDT: a fault is reported from here */
    c->tss = cpu_tables_init(cpu);      /* its own GDT and TSS */
    write_cr3(ap_kernel_cr3);           /* the kernel's tables (the trampoline's GDT
                                           was in the page they no longer map) */
    cpu_features_init();                /* SSE, SMEP, SMAP, UMIP */
    syscall_init();                     /* STAR, LSTAR, FMASK, EFER.SCE */
    lapic_enable();
    ap_main();
    halt_forever();                     /* (main never returns) */
}

/* Each start uses the trampoline page afresh: its tables, its parameters. */
static void
prepare_trampoline(uint64_t kernel_cr3, int cpu)
{
    uint8_t *page = phys_to_virt(TRAMPOLINE_PHYS);
    uint64_t *pml4 = phys_to_virt(TRAMP_PML4_PHYS), *pdpt = phys_to_virt(TRAMP_PDPT_PHYS);
    uint64_t *pd = phys_to_virt(TRAMP_PD_PHYS);
    const uint64_t *kernel = phys_to_virt(kernel_cr3);

    memcpy(page, ap_trampoline_start, ap_trampoline_end - ap_trampoline_start);
    memset(pml4, 0, PAGE_SIZE);
    memset(pdpt, 0, PAGE_SIZE);
    memset(pd, 0, PAGE_SIZE);
    pml4[0] = TRAMP_PDPT_PHYS | PTE_P | PTE_W;
    pdpt[0] = TRAMP_PD_PHYS | PTE_P | PTE_W;
    pd[0] = 0 | PTE_P | PTE_W | PTE_PS;                 /* 0 .. 2 MiB */
    for (int i = 256; i < PT_ENTRIES; i++)
        pml4[i] = kernel[i];                            /* the kernel half */
#define PARAM(sym) (*(uint64_t *)(page + ((sym) - ap_trampoline_start)))
    PARAM(ap_trampoline_cr3) = TRAMP_PML4_PHYS;
    PARAM(ap_trampoline_stack) = (uint64_t)(ap_stacks[cpu - 1] + AP_STACK_SIZE);
    PARAM(ap_trampoline_entry) = (uint64_t)ap_entry;
    PARAM(ap_trampoline_cpu) = (uint64_t)cpu;
#undef PARAM
}

static int
wait_online(int count)
{
    for (int tenth_ms = 0; tenth_ms < ONLINE_WAIT_MS * 10; tenth_ms++) {
        if (online >= count)
            return 0;
        __asm__ volatile("pause");      /* under -icount: the AP's turn now */
        pit_wait_us(100);
    }
    return -1;
}

void
smp_start_aps(uint64_t kernel_cr3, void (*main)(void))
{
    ap_kernel_cr3 = kernel_cr3;
    ap_main = main;
    kernel_lock_start();                /* from here on, more than one CPU */
    for (int i = 0; i < aps_listed; i++) {
        int cpu = online;               /* the next number */
        uint32_t id = ap_apic_ids[i];

        prepare_trampoline(kernel_cr3, cpu);
        if (lapic_send_init(id) < 0) {
            kprintf("smp: APIC ID %u: INIT not delivered\n", id);
            continue;
        }
        pit_wait_us(INIT_WAIT_US);
        lapic_send_startup(id, TRAMPOLINE_PHYS);
        pit_wait_us(STARTUP_WAIT_US);
        lapic_send_startup(id, TRAMPOLINE_PHYS);
        if (wait_online(cpu + 1) < 0) {
            /* (it might still arrive, as the next one's number: stop here) */
            kprintf("smp: APIC ID %u did not come online: the others stay off\n", id);
            return;
        }
    }
}

void
smp_ap_online(void)
{
    __atomic_fetch_add(&online, 1, __ATOMIC_RELEASE);
}

/* One slot per CPU: the function another CPU asked it to run, and how many
 * such requests the CPU has run since boot. */
struct call {
    void (*fn)(void *);
    void *arg;
    volatile int pending;
    uint64_t run;                       /* written by the slot's CPU only */
};

static struct call calls[SMP_MAX_CPUS];

/* Every request goes out before the first wait: the CPUs run fn at the
 * same time, and the caller waits for the slowest, not for the sum. */
void
smp_call_many(uint32_t mask, void (*fn)(void *), void *arg)
{
    mask &= ~(1u << this_cpu()->cpu);
    for (int cpu = 0; cpu < online; cpu++) {
        struct call *c = &calls[cpu];
        if (!(mask & (1u << cpu)))
            continue;
        c->fn = fn;
        c->arg = arg;
        __atomic_store_n(&c->pending, 1, __ATOMIC_RELEASE);     /* fn, arg first */
        lapic_send_ipi(smp_cpu(cpu)->apic_id, VEC_SMP_CALL);
    }
    for (int cpu = 0; cpu < online; cpu++)
        if (mask & (1u << cpu))
            while (__atomic_load_n(&calls[cpu].pending, __ATOMIC_ACQUIRE))
                __asm__ volatile("pause");
}

void
smp_call(int cpu, void (*fn)(void *), void *arg)
{
    smp_call_many(1u << cpu, fn, arg);
}

void
smp_poll_call(void)
{
    struct call *c = &calls[this_cpu()->cpu];

    if (__atomic_load_n(&c->pending, __ATOMIC_ACQUIRE)) {
        c->fn(c->arg);
        __atomic_store_n(&c->run, c->run + 1, __ATOMIC_RELAXED);
        __atomic_store_n(&c->pending, 0, __ATOMIC_RELEASE);    /* the count first */
    }
}

uint64_t
smp_calls_run(int cpu)
{
    return __atomic_load_n(&calls[cpu].run, __ATOMIC_RELAXED);
}

void
smp_call_interrupt(void)
{
    lapic_eoi();
    smp_poll_call();            /* (already done, if the spin loop saw it first) */
}

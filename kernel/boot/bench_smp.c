/* bench_smp.c — the full kernel's part of `make bench` on two CPUs:
 * what it costs to make another CPU do something (ktest=bench_smp, under
 * QEMU's -smp 2 -icount shift=0; docs/performance.md).
 *
 *   ipi_roundtrip_cycles         smp_call(1, nothing): the request, the
 *                                IPI, CPU 1's interrupt and handler, and
 *                                CPU 0 seeing it done
 *   tlb_shootdown_cycles         tlb_shootdown_user of one page of a space
 *                                CPU 1 holds (lazily, in CR3)
 *   tlb_shootdown_kernel_cycles  tlb_shootdown_kernel of one page
 *
 * Each is the median of ROUNDS. Under -icount QEMU runs the CPUs in turns
 * in one thread, and its instruction count, which rdtsc reads, is the
 * machine's: an rdtsc difference on CPU 0 counts CPU 1's instructions too,
 * all of them, from the request to CPU 0's return.
 *
 * CPU 1 is idle (this is a ktest: no process runs): it waits in `hlt` with
 * interrupts on, as an idle CPU a shootdown reaches does. But after each
 * call it spins for the kernel lock, which CPU 0 holds: there it would see
 * the next request without an interrupt (smp_poll_call). So before each
 * round CPU 0 gives the lock back and takes it again: at its `pause`
 * QEMU lets CPU 1 run, which takes the lock, finds nothing to run and goes
 * back to `hlt` (kernel_lock.c, proc/sched.c). */
#include "boot/ktest.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/kernel_lock.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/smp.h"
#include "lib/kprintf.h"
#include "mm/tlb.h"
#include "mm/vas.h"

#define ROUNDS 21
#define USER_PAGE   0x400000UL              /* any page: invlpg needs no mapping */
#define KERNEL_PAGE 0xffffc0de00001000UL      /* L4[385], which nothing maps */

enum what { IPI, SHOOTDOWN_USER, SHOOTDOWN_KERNEL };

static void
nothing(void *arg)
{
    (void)arg;
}

static void
load_space(void *arg)
{
    vas_switch(arg);            /* as a CPU that last ran a process of it would have */
}

/* CPU 1 off its kernel-lock spin and back in its idle `hlt` (see the top). */
static void
let_cpu1_idle(void)
{
    kernel_unlock();
    kernel_lock();
}

static uint64_t
one_round(enum what what, struct vas *vas)
{
    uint64_t start;

    let_cpu1_idle();
    start = rdtsc();
    if (what == IPI)
        smp_call(1, nothing, 0);
    else if (what == SHOOTDOWN_USER)
        tlb_shootdown_user(vas, USER_PAGE, PAGE_SIZE);
    else
        tlb_shootdown_kernel(KERNEL_PAGE, PAGE_SIZE);
    return rdtsc() - start;
}

/* Sorts v[n] (insertion sort: n is small) and returns its median. */
static uint64_t
median(uint64_t *v, int n)
{
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            uint64_t t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return v[n / 2];
}

static void
measure(const char *name, enum what what, struct vas *vas)
{
    uint64_t cost[ROUNDS], mid;

    for (int i = 0; i < ROUNDS; i++)
        cost[i] = one_round(what, vas);
    mid = median(cost, ROUNDS);             /* (sorts cost) */
    kprintf("%s %lu  (median of %d, min %lu, max %lu)\n", name, mid, ROUNDS, cost[0],
            cost[ROUNDS - 1]);
}

KTEST(bench_smp, "make bench: an IPI round trip and TLB shootdowns to CPU 1 (-smp 2)")
{
    struct vas *vas;
    uint64_t ipis = tlb_ipis_sent();

    if (smp_cpu_count() != 2) {
        kprintf("ktest bench_smp: needs exactly two CPUs (-smp 2)\n");
        return 1;
    }
    measure("ipi_roundtrip_cycles", IPI, 0);
    vas = vas_create();
    smp_call(1, load_space, vas);           /* CPU 1 is in its set, and keeps it loaded */
    measure("tlb_shootdown_cycles", SHOOTDOWN_USER, vas);
    vas_destroy(vas);
    measure("tlb_shootdown_kernel_cycles", SHOOTDOWN_KERNEL, 0);
    /* every shootdown went to CPU 1 (and vas_destroy's release) */
    if (tlb_ipis_sent() - ipis != 2 * ROUNDS + 1) {
        kprintf("ktest bench_smp: %lu rounds of TLB IPIs, not %d\n", tlb_ipis_sent() - ipis,
                2 * ROUNDS + 1);
        return 1;
    }
    return 0;
}

/* tlb.c — lazy TLB, the set of CPUs that hold an address space, and TLB
 * shootdowns (lab 5; what and why: tlb.h).
 *
 *   CPU 0 (exit of P, last run on CPU 2)       CPU 2 (idle, CR3 = P's PML4)
 *   process_exit: CR3 := kernel's
 *   vas_destroy -> tlb_release: P's set {0, 2}
 *     smp_call_many({2}, leave) ----IPI---->   leave: CR3 is P's: CR3 := kernel's
 *     waits ...                   <--done---
 *   set = {}: the PML4 and its tables are freed
 */
#include "mm/tlb.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/panic.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/smp.h"
#include "mm/kmap.h"
#include "mm/vas.h"

static uint64_t ipis;

/* On a CPU asked to give up the PML4 at *arg: off it if it is in CR3, and
 * no deferred switch to it either. */
static void
leave(void *arg)
{
    uint64_t pml4 = *(uint64_t *)arg;
    struct percpu *c = this_cpu();

    if (pte_addr(read_cr3()) == pml4)
        write_cr3(kernel_pml4_phys());
    if (c->next_cr3 == pml4)
        c->next_cr3 = 0;
}

void
tlb_release(struct vas *vas)
{
    uint32_t others = vas->cpus & ~(1u << this_cpu()->cpu);

    if (vas_is_current(vas))
        panic("tlb_release: this CPU still runs on the PML4 at %lx", vas->pml4_phys);
    if (others) {
        smp_call_many(others, leave, &vas->pml4_phys);
        ipis++;
    }
    vas->cpus = 0;
}

struct range {
    uint64_t va, len;
};

static void
flush_range(void *arg)
{
    const struct range *r = arg;

    for (uint64_t va = r->va; va < r->va + r->len; va += PAGE_SIZE)
        invlpg(va);
}

void
tlb_shootdown_kernel(uint64_t va, uint64_t len)
{
    struct range r = { va, len };
    int n = smp_cpu_count();

    if (n > 1) {
        smp_call_many((n == 32 ? ~0u : (1u << n) - 1), flush_range, &r);
        ipis++;
    }
}

void
tlb_shootdown_user(struct vas *vas, uint64_t va, uint64_t len)
{
    struct range r = { va, len };
    uint32_t others = vas->cpus & ~(1u << this_cpu()->cpu);

    if (others) {
        smp_call_many(others, flush_range, &r);
        ipis++;
    }
}

uint64_t
tlb_ipis_sent(void)
{
    return ipis;
}

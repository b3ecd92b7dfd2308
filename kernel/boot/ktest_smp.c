/* ktest_smp.c — lab 5's in-kernel tests: what each CPU was given, and what
 * another CPU's TLB keeps.
 *
 *   ktest=smp_cpus  each CPU, asked through smp_call, reports its GS base,
 *                   GDT, TR, TSS and IST1 stack: all must be its own. The
 *                   TSS is the one TR's descriptor points at (the CPU's
 *                   view), which must be the one its per-CPU data names
 *                   (where tss_set_rsp0 writes), and must have no I/O
 *                   permission bitmap (iomap_base = its size: ring 3 gets
 *                   no I/O port)
 *   ktest=smp_tlb   CPU 1 reads a page; CPU 0 points the page's PTE at
 *                   another frame without telling CPU 1; CPU 1 reads again
 *                   (the old frame: its TLB still holds the translation),
 *                   then after invlpg, then after a CPU 0 change and a CR3
 *                   write (the new frame both times). What lab 5's CR3 bug
 *                   stands on: QEMU's TCG, like hardware, does not see a
 *                   PTE change until the CPU flushes.
 *   ktest=smp_shootdown  the same move, then tlb_shootdown_kernel: CPU 1
 *                   sees the new frame with no flush of its own
 *   ktest=smp_release  CPU 1 loads an address space (as a CPU that last ran
 *                   its process keeps it: lazy TLB); CPU 0 loads it too,
 *                   leaves it, and destroys it: CPU 1 must be on the
 *                   kernel's tables by then. The freed struct vas is
 *                   then the next kmalloc's, filled with ones, and CPU 1
 *                   runs another space: nothing may write into the block
 *                   (no CPU may still name the released space)
 *   ktest=smp_lazy  CPU 1 runs an address space, and runs it again while
 *                   still on it: no CR3 write, so a translation CPU 0 changed
 *                   silently stays stale (lazy TLB's pay-off, cr3_defer);
 *                   a tlb_shootdown_user then reaches CPU 1
 *   ktest=smp_lazy_set  four CPUs or more. The last CPU runs a space and
 *                   idles on it; CPU 0 runs it too and moves on; CPU 0 then
 *                   moves two of its pages, one shootdown each. Both must
 *                   reach the last CPU, and neither may interrupt the CPUs
 *                   between (they never ran the space); the last CPU then
 *                   runs the space again with no CR3 write, although two
 *                   CPUs have been in its set */
#include "boot/ktest.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/smp.h"
#include "lib/kprintf.h"
#include "mm/cr3_switch.h"
#include "mm/kheap.h"
#include "mm/kmap.h"
#include "mm/paging.h"
#include "mm/pmm.h"
#include "mm/tlb.h"
#include "mm/vas.h"

struct cpu_view {
    int cpu;
    uint32_t apic_id;
    uint64_t gs_base, gdt, tss, ist1;
    uint16_t tr, iomap_base;
    int tss_busy;
};

#define TSS_TYPE_BUSY 0xb

/* The base of the 16-byte TSS descriptor at d (SDM Vol. 3A §8.2.3). */
static uint64_t
tss_base(const uint64_t *d)
{
    return (d[0] >> 16 & 0xffffff) | (d[0] >> 56 & 0xff) << 24 | d[1] << 32;
}

static void
look(void *arg)
{
    struct cpu_view *v = arg;
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) gdtr;
    uint16_t tr;

    __asm__ volatile("sgdt %0" : "=m"(gdtr));
    __asm__ volatile("str %0" : "=r"(tr));
    v->cpu = this_cpu()->cpu;
    v->apic_id = lapic_id();
    v->gs_base = rdmsr(MSR_GS_BASE);
    v->gdt = gdtr.base;
    v->tr = tr;
    v->tss = tr ? tss_base((const uint64_t *)gdtr.base + (tr >> 3)) : 0;
    v->ist1 = v->tss ? ((const struct tss *)v->tss)->ist[IST_DOUBLE_FAULT - 1] : 0;
    v->iomap_base = v->tss ? ((const struct tss *)v->tss)->iomap_base : 0;
    v->tss_busy = (((const uint64_t *)gdtr.base)[TSS_SEL >> 3] >> 40 & 0xf) == TSS_TYPE_BUSY;
}

/* Was any of these values seen on an earlier CPU? */
static int
shared(const struct cpu_view *v, int n)
{
    for (int i = 0; i < n; i++)
        if (v[i].gs_base == v[n].gs_base || v[i].gdt == v[n].gdt || v[i].tss == v[n].tss ||
            v[i].ist1 == v[n].ist1)
            return 1;
    return 0;
}

KTEST(smp_cpus, "each CPU's own GS base, GDT, TSS (busy, in TR) and IST1 stack")
{
    struct cpu_view v[SMP_MAX_CPUS];
    int n = smp_cpu_count(), bad = 0;

    for (int i = 0; i < n; i++) {
        if (i == 0)
            look(&v[0]);
        else
            smp_call(i, look, &v[i]);
        kprintf("ktest smp_cpus: cpu %d (APIC ID %u): GS base %lx GDT %lx TR 0x%x TSS %lx%s IST1 %lx\n",
                v[i].cpu, v[i].apic_id, v[i].gs_base, v[i].gdt, v[i].tr, v[i].tss,
                v[i].tss_busy ? " (busy)" : " (NOT busy)", v[i].ist1);
        if (v[i].cpu != i || v[i].gs_base != (uint64_t)smp_cpu(i) || v[i].tr != TSS_SEL ||
            !v[i].tss_busy || v[i].tss != (uint64_t)smp_cpu(i)->tss || shared(v, i)) {
            kprintf("ktest smp_cpus: cpu %d's tables are not its own\n", i);
            bad = 1;
        }
        if (v[i].tss && v[i].iomap_base != sizeof(struct tss)) {
            /* The bitmap starts iomap_base bytes into the TSS; within the
             * TSS's limit, its zero bits are ports ring 3 may use. */
            kprintf("ktest smp_cpus: cpu %d's TSS has iomap_base %u, not %lu: an I/O permission"
                    " bitmap inside it, and ring 3 may use the ports its zero bits allow\n",
                    i, v[i].iomap_base, sizeof(struct tss));
            bad = 1;
        }
    }
    if (n < 2) {
        kprintf("ktest smp_cpus: one CPU online: nothing to compare (run with -smp 2 or more)\n");
        return 1;
    }
    if (!bad)
        kprintf("ktest smp_cpus: %d CPUs, none shares GS, GDT, TSS or IST1 with another\n", n);
    return bad;
}

/* A page of the kernel half nobody maps (L4[385], beside ktest_faults.c's). */
#define TLB_TEST_VA 0xffffc0de00000000UL
#define OLD_VALUE   0xaaaaaaaaaaaaaaaaUL
#define NEW_VALUE   0xbbbbbbbbbbbbbbbbUL

static void
read_page(void *arg)
{
    *(uint64_t *)arg = *(volatile uint64_t *)TLB_TEST_VA;
}

static void
invlpg_and_read(void *arg)
{
    invlpg(TLB_TEST_VA);
    read_page(arg);
}

static void
cr3_and_read(void *arg)
{
    write_cr3(read_cr3());
    read_page(arg);
}

/* The PTE of the test page now maps `frame`; CPU 0 flushes its own TLB
 * entry, as any kernel would, and nobody else's. */
static void
remap(uint64_t frame)
{
    pt_unmap(kernel_pml4_phys(), TLB_TEST_VA);
    pt_map(kernel_pml4_phys(), TLB_TEST_VA, frame, PTE_W | PTE_NX);
    invlpg(TLB_TEST_VA);
}

static void
forget_page(void *arg)
{
    (void)arg;
    invlpg(TLB_TEST_VA);
}

/* The TLB tests need a second CPU, to hold what CPU 0 changes. */
static int
two_cpus(const char *test)
{
    if (smp_cpu_count() >= 2)
        return 1;
    kprintf("ktest %s: needs two CPUs (-smp 2 or more)\n", test);
    return 0;
}

/* Two frames for a test page: *old holds OLD_VALUE, *new NEW_VALUE. */
static void
two_frames(uint64_t *old, uint64_t *new)
{
    *old = pmm_alloc();
    *new = pmm_alloc();
    *(uint64_t *)phys_to_virt(*old) = OLD_VALUE;
    *(uint64_t *)phys_to_virt(*new) = NEW_VALUE;
}

static const char *
staleness(uint64_t seen, uint64_t old)
{
    return seen == old ? "stale: the old frame" : "fresh";
}

KTEST(smp_tlb, "another CPU keeps a stale translation until invlpg or a CR3 write")
{
    uint64_t old, new, first, stale1, fresh1, stale2, fresh2;

    if (!two_cpus("smp_tlb"))
        return 1;
    two_frames(&old, &new);
    pt_map(kernel_pml4_phys(), TLB_TEST_VA, old, PTE_W | PTE_NX);
    smp_call(1, read_page, &first);             /* CPU 1 caches the translation */
    remap(new);
    smp_call(1, read_page, &stale1);
    smp_call(1, invlpg_and_read, &fresh1);
    remap(old);
    smp_call(1, read_page, &stale2);
    smp_call(1, cr3_and_read, &fresh2);
    kprintf("ktest smp_tlb: cpu 1 reads %lx; cpu 0 moves the PTE to frame %lx: cpu 1 reads %lx (%s)\n",
            first, new, stale1, staleness(stale1, first));
    kprintf("ktest smp_tlb: cpu 1 after invlpg: %lx (%s)\n", fresh1, staleness(fresh1, first));
    kprintf("ktest smp_tlb: cpu 0 moves it back to %lx: cpu 1 reads %lx (%s), after a CR3 write %lx (%s)\n",
            old, stale2, staleness(stale2, fresh1), fresh2, staleness(fresh2, fresh1));
    pt_unmap(kernel_pml4_phys(), TLB_TEST_VA);
    invlpg(TLB_TEST_VA);
    smp_call(1, forget_page, 0);
    pmm_free(old);
    pmm_free(new);
    return !(first == OLD_VALUE && stale1 == OLD_VALUE && fresh1 == NEW_VALUE &&
             stale2 == NEW_VALUE && fresh2 == OLD_VALUE);
}

KTEST(smp_shootdown, "after tlb_shootdown_kernel, another CPU sees a kernel page's new frame")
{
    uint64_t old, new, first, after;

    if (!two_cpus("smp_shootdown"))
        return 1;
    two_frames(&old, &new);
    pt_map(kernel_pml4_phys(), TLB_TEST_VA, old, PTE_W | PTE_NX);
    smp_call(1, read_page, &first);             /* CPU 1 caches the translation */
    remap(new);
    tlb_shootdown_kernel(TLB_TEST_VA, PAGE_SIZE);
    smp_call(1, read_page, &after);
    kprintf("ktest smp_shootdown: cpu 1 reads %lx; cpu 0 moves the PTE and shoots it down: cpu 1 reads %lx (%s)\n",
            first, after, staleness(after, first));
    pt_unmap(kernel_pml4_phys(), TLB_TEST_VA);
    tlb_shootdown_kernel(TLB_TEST_VA, PAGE_SIZE);
    pmm_free(old);
    pmm_free(new);
    return !(first == OLD_VALUE && after == NEW_VALUE);
}

static void
load_space(void *arg)
{
    vas_switch(arg);            /* as a CPU that last ran this process would have */
}

static void
leave_space(void *arg)
{
    (void)arg;
    write_cr3(kernel_pml4_phys());
}

static void
read_cr3_into(void *arg)
{
    *(uint64_t *)arg = read_cr3();
}

/* The freed struct vas's bytes, as a kmalloc of its size gets them: all
 * ones, so that a stray `&= ~bit` shows (a word the release left at 0
 * would hide it). */
#define FREED_FILL 0xffffffffffffffffUL
#define FREED_WORDS (sizeof(struct vas) / sizeof(uint64_t))

_Static_assert(sizeof(struct vas) % sizeof(uint64_t) == 0, "struct vas is whole words");

static void
run_space(void *arg)
{
    cr3_defer(arg);                             /* as the scheduler's run() */
    cr3_apply_now();
}

static int
fill_intact(const volatile uint64_t *w)
{
    for (size_t i = 0; i < FREED_WORDS; i++)
        if (w[i] != FREED_FILL)
            return 0;
    return 1;
}

KTEST(smp_release, "a PML4 another CPU holds (lazily) is freed only once that CPU has left it")
{
    struct vas *vas, *next;
    uint64_t pml4, freed, before, after, ipis = tlb_ipis_sent();
    volatile uint64_t *reuse;
    int reused, intact;

    if (!two_cpus("smp_release"))
        return 1;
    vas = vas_create();
    pml4 = vas->pml4_phys;
    freed = (uint64_t)vas;
    smp_call(1, load_space, vas);
    smp_call(1, read_cr3_into, &before);
    vas_switch(vas);                            /* CPU 0 runs it for a while too */
    write_cr3(kernel_pml4_phys());              /* ... and leaves it */
    vas_destroy(vas);
    smp_call(1, read_cr3_into, &after);
    kprintf("ktest smp_release: cpu 1's CR3 %lx (the space's PML4 %lx); after vas_destroy on cpu 0: %lx"
            " (the kernel's: %s), %lu round of IPIs\n", before, pml4, after,
            after == kernel_pml4_phys() ? "yes" : "NO", tlb_ipis_sent() - ipis);

    /* The released space is gone for good: nothing may write into its
     * struct vas any more, which the heap (first fit) hands to the next
     * kmalloc of its size (the next vas_create's, say). The test takes
     * that block, fills it, and has CPU 1, which idled on the released
     * space, run another space as the scheduler would. */
    reuse = kmalloc(sizeof(struct vas));
    reused = (uint64_t)reuse == freed;
    for (size_t i = 0; reuse && i < FREED_WORDS; i++)
        reuse[i] = FREED_FILL;
    next = vas_create();
    smp_call(1, run_space, next);
    intact = reuse && fill_intact(reuse);
    kprintf("ktest smp_release: the next kmalloc of its size gets the freed struct vas (%s),"
            " fills it with %lx; cpu 1 runs another space: %lx %lx (%s)\n",
            reused ? "yes" : "NO", FREED_FILL,
            reuse ? reuse[0] : 0, reuse ? reuse[FREED_WORDS - 1] : 0,
            intact ? "untouched" : "WRITTEN");
    if (!reused)
        kprintf("ktest smp_release: the heap did not hand the freed block back: nothing checked\n");
    else if (!intact)
        kprintf("ktest smp_release: cpu 1 wrote into the struct vas released before: whatever"
                " still names a space must forget it when the space is released\n");

    smp_call(1, leave_space, 0);
    vas_destroy(next);
    kfree((void *)reuse);
    return !(before == pml4 && after == kernel_pml4_phys() && reused && intact);
}

/* A page of the user half, mapped for the kernel only (no U bit: SMAP
 * lets the kernel read it directly). */
#define LAZY_TEST_VA 0x7f0000000000UL

static void
run_space_and_read(void *arg)
{
    uint64_t *seen = arg;

    run_space((void *)seen[0]);
    seen[1] = *(volatile uint64_t *)LAZY_TEST_VA;
}

KTEST(smp_lazy, "a CPU still on a space runs it again without a CR3 write; shootdowns reach it")
{
    struct vas *vas;
    uint64_t old, new, first[2], kept[2], shot[2];    /* [0]: the space, [1]: what was read */

    if (!two_cpus("smp_lazy"))
        return 1;
    vas = vas_create();
    first[0] = kept[0] = shot[0] = (uint64_t)vas;
    two_frames(&old, &new);
    vas_map(vas, LAZY_TEST_VA, old, PTE_W | PTE_NX);
    smp_call(1, run_space_and_read, first);     /* CPU 1 runs it, and idles on it */
    pt_unmap(vas->pml4_phys, LAZY_TEST_VA);     /* a silent change: no shootdown */
    pt_map(vas->pml4_phys, LAZY_TEST_VA, new, PTE_W | PTE_NX);
    smp_call(1, run_space_and_read, kept);      /* runs it again: TLB kept */
    tlb_shootdown_user(vas, LAZY_TEST_VA, PAGE_SIZE);
    smp_call(1, run_space_and_read, shot);
    kprintf("ktest smp_lazy: cpu 1 reads %lx; runs the space again after a silent change: %lx (%s)\n",
            first[1], kept[1], kept[1] == OLD_VALUE ? "kept: no CR3 write" : "NOT kept: CR3 reloaded");
    kprintf("ktest smp_lazy: after tlb_shootdown_user on cpu 0: %lx (%s)\n",
            shot[1], staleness(shot[1], OLD_VALUE));
    smp_call(1, leave_space, 0);
    pt_unmap(vas->pml4_phys, LAZY_TEST_VA);
    vas_destroy(vas);
    pmm_free(old);
    pmm_free(new);
    return !(first[1] == OLD_VALUE && kept[1] == OLD_VALUE && shot[1] == NEW_VALUE);
}

/* ktest=smp_lazy_set's two pages, A and B (kernel-only, as smp_lazy's), and
 * its CPUs: CPU 0 changes the space; the last CPU idles on it (not CPU 1:
 * the set must hold whichever CPUs ran a space); the CPUs between never run
 * it, so no shootdown of it may interrupt them. */
#define SET_TEST_A LAZY_TEST_VA
#define SET_TEST_B (LAZY_TEST_VA + PAGE_SIZE)

struct two_reads {
    const struct vas *vas;
    uint64_t a, b;              /* what SET_TEST_A and SET_TEST_B read */
};

static void
run_space_and_read_two(void *arg)
{
    struct two_reads *r = arg;

    run_space((void *)r->vas);
    r->a = *(volatile uint64_t *)SET_TEST_A;
    r->b = *(volatile uint64_t *)SET_TEST_B;
}

/* The space's page va now maps `frame`; no CPU is told. */
static void
move_page(struct vas *vas, uint64_t va, uint64_t frame)
{
    pt_unmap(vas->pml4_phys, va);
    pt_map(vas->pml4_phys, va, frame, PTE_W | PTE_NX);
}

/* smp_call requests run so far by CPUs 1 .. n - 2, the CPUs between. */
static uint64_t
calls_run_between(int n)
{
    uint64_t sum = 0;

    for (int cpu = 1; cpu < n - 1; cpu++)
        sum += smp_calls_run(cpu);
    return sum;
}

KTEST(smp_lazy_set,
      "a space's CPU set holds every CPU that ran it and no other; every shootdown reaches them")
{
    struct vas *vas;
    struct two_reads first, fresh, kept;
    uint64_t old, new, between, lazy_calls;
    int n = smp_cpu_count(), lazy = n - 1, bad = 0;

    if (n < 4) {
        kprintf("ktest smp_lazy_set: needs four CPUs (-smp 4 or more)\n");
        return 1;
    }
    vas = vas_create();
    first.vas = fresh.vas = kept.vas = vas;
    two_frames(&old, &new);
    vas_map(vas, SET_TEST_A, old, PTE_W | PTE_NX);
    vas_map(vas, SET_TEST_B, old, PTE_W | PTE_NX);
    smp_call(lazy, run_space_and_read_two, &first);     /* caches both, idles on the space */
    vas_switch(vas);                            /* CPU 0 runs it for a while too */
    write_cr3(kernel_pml4_phys());              /* ... and moves on */

    between = calls_run_between(n);
    lazy_calls = smp_calls_run(lazy);
    move_page(vas, SET_TEST_A, new);            /* an unmap, page by page */
    tlb_shootdown_user(vas, SET_TEST_A, PAGE_SIZE);
    move_page(vas, SET_TEST_B, new);
    tlb_shootdown_user(vas, SET_TEST_B, PAGE_SIZE);
    between = calls_run_between(n) - between;
    lazy_calls = smp_calls_run(lazy) - lazy_calls;

    smp_call(lazy, run_space_and_read_two, &fresh);
    move_page(vas, SET_TEST_A, old);            /* a silent change: no shootdown */
    smp_call(lazy, run_space_and_read_two, &kept);

    kprintf("ktest smp_lazy_set: cpu %d reads %lx %lx and idles on the space; cpu 0 runs it too,"
            " and moves on\n", lazy, first.a, first.b);
    kprintf("ktest smp_lazy_set: cpu 0 moves both pages, a shootdown each; requests run by cpu %d:"
            " %lu, by cpus 1-%d (never on the space): %lu\n", lazy, lazy_calls, lazy - 1, between);
    kprintf("ktest smp_lazy_set: cpu %d runs the space again: %lx (%s) %lx (%s)\n", lazy,
            fresh.a, staleness(fresh.a, OLD_VALUE), fresh.b, staleness(fresh.b, OLD_VALUE));
    kprintf("ktest smp_lazy_set: runs it again after a silent change: %lx (%s)\n", kept.a,
            fresh.a != NEW_VALUE ? "tells nothing: stale already"
            : kept.a == NEW_VALUE ? "kept: no CR3 write" : "NOT kept: CR3 reloaded");
    if (first.a != OLD_VALUE || first.b != OLD_VALUE) {
        kprintf("ktest smp_lazy_set: cpu %d did not read the pages' first frame\n", lazy);
        bad = 1;
    }
    if (between) {
        kprintf("ktest smp_lazy_set: the shootdowns interrupted CPUs that never ran the space:"
                " the set must hold only CPUs that may have it\n");
        bad = 1;
    }
    if (fresh.a != NEW_VALUE || fresh.b != NEW_VALUE) {
        kprintf("ktest smp_lazy_set: %s missed cpu %d, which idles on the space:"
                " the set must keep every CPU that may have it\n",
                fresh.a != NEW_VALUE && fresh.b != NEW_VALUE ? "both shootdowns"
                : fresh.a != NEW_VALUE ? "the first page's shootdown" : "the second page's shootdown",
                lazy);
        bad = 1;
    }
    if (fresh.a == NEW_VALUE && kept.a != NEW_VALUE) {
        kprintf("ktest smp_lazy_set: cpu %d wrote CR3 for the space its CR3 still held:"
                " lazy TLB's pay-off lost\n", lazy);
        bad = 1;
    }

    smp_call(lazy, leave_space, 0);
    pt_unmap(vas->pml4_phys, SET_TEST_A);       /* the frames are the test's, not the space's */
    pt_unmap(vas->pml4_phys, SET_TEST_B);
    vas_destroy(vas);
    pmm_free(old);
    pmm_free(new);
    return bad;
}

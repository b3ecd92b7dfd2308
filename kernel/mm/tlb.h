/* tlb.h — page tables and TLBs across CPUs (lab 5).
 *
 * A CPU caches translations in its TLB until it is told to forget them
 * (invlpg, a CR3 write); another CPU changing a page table tells it
 * nothing (ktest smp_tlb shows it). Two things follow:
 *
 *  - lazy TLB: a CPU that stops running a process keeps that process's
 *    PML4 in CR3 (loading the kernel's would cost a CR3 write, and a
 *    full TLB flush, on every switch). So a PML4 may be "in use" on CPUs
 *    that run nothing of it. Each address space keeps the set of CPUs that
 *    may have it loaded (struct vas's `cpus`: Linux's mm_cpumask), and is
 *    freed only once every one of them has moved to the kernel's tables
 *    (tlb_release);
 *  - shootdown: a kernel page unmapped on one CPU may still be in other
 *    CPUs' TLBs (the kernel half is in every address space): they are
 *    interrupted to flush it, and the unmapping CPU waits for them before
 *    the frame is reused (tlb_shootdown_kernel). The same holds for a
 *    user page of a space other CPUs may hold (tlb_shootdown_user): in the
 *    full kernel, clone(CLONE_VM) lets two processes run one space on two
 *    CPUs at once.
 *
 * The callers hold the kernel lock. */
#ifndef RINGLAB_TLB_H
#define RINGLAB_TLB_H

#include <stdint.h>
#include "arch/x86_64/percpu.h"
#include "mm/vas.h"

/* This CPU is about to load vas's PML4 (now, or on its way to ring 3).
 * (Inline: it is on every context switch's path. The set is bookkeeping
 * beside the space, not the space itself, hence the cast.) */
static inline void
tlb_note_loaded(const struct vas *vas)
{
#ifdef BUG_5_SMP_LAZY_TLB
    ((struct vas *)vas)->cpus = 1u << this_cpu()->cpu;     /* the CPU that has it now */
#else
    ((struct vas *)vas)->cpus |= 1u << this_cpu()->cpu;    /* one more that may have it */
#endif
}

/* Before vas is freed: every other CPU that may have it in CR3 (or waiting
 * in next_cr3) moves to the kernel's tables, and the set is empty. This
 * CPU must be off it already. */
void tlb_release(struct vas *vas);

/* [va, va + len) of the kernel half was unmapped: every other CPU forgets
 * its translations of it, and has when this returns. */
void tlb_shootdown_kernel(uint64_t va, uint64_t len);

/* [va, va + len) of vas's user half was unmapped or lost rights: every
 * other CPU in its set forgets its translations of it, and has when this
 * returns (so the caller may free the frames). */
void tlb_shootdown_user(struct vas *vas, uint64_t va, uint64_t len);

/* How many rounds of IPIs tlb_release and the shootdowns sent. */
uint64_t tlb_ipis_sent(void);

#endif

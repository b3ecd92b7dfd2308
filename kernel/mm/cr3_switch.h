/* cr3_switch.h — the deferred CR3 switch (lab 3): the one owner of next_cr3.
 *
 * From lab 3 on, the kernel does not load a process's page tables when it
 * decides to run it. It leaves the PML4 in the per-CPU slot next_cr3
 * (GS:64), and the way back to ring 3 loads it right before the CPU leaves
 * the kernel: interrupt_exit before `iretq` (interrupt_return.asm) and
 * syscall_return_fast before `sysret` (syscall_entry.asm) — one read of the
 * slot on each path. The kernel half is the same in every PML4, so the
 * kernel runs on whatever CR3 holds meanwhile.
 *
 * The rule that makes this correct, stated here once:
 *
 *   interrupts stay OFF from the moment a CR3 is deferred until the
 *   return to ring 3 has loaded it (and from the read of next_cr3 to
 *   iretq/sysret): no timer tick may run another process in between,
 *   or the slot (and CR3) would belong to someone else by the time the
 *   CPU leaves the kernel.
 *
 * Every function here is called with interrupts off (cr3_defer checks:
 * with IF set it panics, "cr3_defer with interrupts on").
 */
#ifndef RINGLAB_CR3_SWITCH_H
#define RINGLAB_CR3_SWITCH_H

struct vas;

/* Load `vas`'s tables on this CPU's next return to ring 3. */
void cr3_defer(const struct vas *vas);

/* A pending switch is void: its tables are about to be freed. */
void cr3_cancel(void);

/* The kernel needs the pending tables now (it will touch user memory before
 * it returns to ring 3): load them, and nothing is pending any more. */
void cr3_apply_now(void);

#endif

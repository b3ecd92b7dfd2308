/* sys_mem.c — brk: moving the end of the heap (lab 4).
 *
 *   brk_start             brk      page_up(brk)                stack
 *   |  heap: RW, NX, zeroed  |     |       ... unmapped ...   | guard | ...
 *   ^ the end of the program's highest segment, page-aligned (exec sets
 *     brk_start and brk there; fork copies them)
 *
 * The invariant: exactly the pages of [brk_start, page_up(brk)) are
 * mapped. brk(addr) moves the break to addr, mapping new zeroed pages or
 * unmapping old ones, and returns the break as it is afterwards — Linux's
 * raw system call, not libc's brk(): addr on success; the old break when
 * addr is below brk_start (brk(0) is how a program asks where it is), too
 * high, or out of memory. There is no error code. */
#include "syscall/handlers.h"
#include "arch/x86_64/memlayout.h"
#include "mm/vas.h"
#include "proc/process.h"
#include "syscall/syscall.h"
#if RINGLAB_LAB >= 6
#include "proc/vma.h"
#endif

#define HEAP_MAX  (1UL << 30)               /* 1 GiB of heap at most */
#define STACK_GAP (1UL << 20)               /* kept free below the stack (Linux: 1 MiB) */
#define HEAP_TOP  (USER_STACK_TOP - USER_STACK_SIZE - STACK_GAP)

static uint64_t
page_up(uint64_t addr)
{
    return (addr + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

/* Unmaps the pages of [from, to) (and frees their frames). */
static void
unmap_range(struct vas *vas, uint64_t from, uint64_t to)
{
    for (uint64_t va = from; va < to; va += PAGE_SIZE)
        vas_unmap(vas, va);
}

/* Maps new zeroed user pages over [from, to): 0, or -1 with none mapped. */
static int
map_range(struct vas *vas, uint64_t from, uint64_t to)
{
    for (uint64_t va = from; va < to; va += PAGE_SIZE) {
        if (vas_map_new(vas, va, PTE_W | PTE_U | PTE_NX)) {
            unmap_range(vas, from, va);
            return -1;
        }
    }
    return 0;
}

int64_t
sys_brk(struct trap_frame *tf)
{
    struct process *p = current_process();
    uint64_t want = syscall_arg(tf, 1);
    uint64_t old_end = page_up(p->brk), new_end = page_up(want);

    if (!p->brk_start || want < p->brk_start)
        return (int64_t)p->brk;             /* no heap (not set up), or a query */
    if (want - p->brk_start > HEAP_MAX || new_end > HEAP_TOP)
        return (int64_t)p->brk;             /* too big, or into the stack */
#if RINGLAB_LAB >= 6
    if (new_end > old_end && vma_overlaps(p, old_end, new_end))
        return (int64_t)p->brk;             /* into an mmap'd area */
#endif
    if (new_end > old_end && map_range(p->vas, old_end, new_end))
        return (int64_t)p->brk;             /* out of memory */
    if (new_end < old_end)
        unmap_range(p->vas, new_end, old_end);
    p->brk = want;
#if RINGLAB_LAB >= 6
    vma_brk_moved(p);                   /* one heap for a shared address space */
#endif
    return (int64_t)want;
}

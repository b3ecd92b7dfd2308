/* fork.c — a new process that is a copy of the calling one (lab 4).
 *
 * The child gets its own copy of every user page (no copy-on-write: simple,
 * and fast enough for programs this size), the same open files, a copy of
 * the parent's registers with RAX = 0, and a kernel stack of its own. Its
 * first run starts in fork_child_entry, which returns to ring 3 with that
 * frame: to the instruction after the parent's `syscall`. */
#include "proc/process.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/pagetable.h"
#include "arch/x86_64/syscall.h"
#include "fs/file.h"
#include "lib/string.h"
#include "mm/kmap.h"
#include "mm/pmm.h"
#include "mm/vas.h"
#include "proc/kstack.h"
#include "proc/sched.h"
#include "syscall/errno.h"
#include "syscall/syscall.h"

/* Copies one user page at `va` (frame `pa`) into the child. */
static int
copy_page(struct vas *to, uint64_t va, uint64_t pa, uint64_t flags)
{
    uint64_t copy = pmm_alloc_unzeroed();       /* the copy fills all of it */

    if (!copy)
        return -ENOMEM;
    memcpy(phys_to_virt(copy), phys_to_virt(pa), PAGE_SIZE);
    if (vas_map(to, va, copy, flags & (PTE_W | PTE_U | PTE_NX))) {
        pmm_free(copy);
        return -ENOMEM;
    }
    return 0;
}

/* Copies every user page under `table`, a table at `level` (4: the PML4,
 * of which only the user half, L4[0..255]) that maps the addresses from
 * `va` on. `flags`: the W, U and NX the levels above allow — a page's
 * permissions are those of all four levels together (ptdump.c's rule).
 * This is ptdump.c's walk cut down to what fork needs: the kernel half
 * (thousands of entries, the same in every address space) is not walked,
 * and no ranges are merged. A user half has no large pages (paging.c). */
static int
copy_table(struct vas *to, uint64_t table, int level, uint64_t va, uint64_t flags)
{
    const uint64_t *t = phys_to_virt(table);
    unsigned entries = level == 4 ? KERNEL_L4_FIRST : PT_ENTRIES;

    for (unsigned i = 0; i < entries; i++) {
        uint64_t e = t[i], f, at;
        int err;

        if (!(e & PTE_P))
            continue;                   /* (most are: test this first) */
        f = (flags & e & (PTE_W | PTE_U)) | ((flags | e) & PTE_NX);
        at = va + ((uint64_t)i << (12 + 9 * (level - 1)));
        if (level > 1)
            err = copy_table(to, pte_addr(e), level - 1, at, f);
        else
            err = f & PTE_U ? copy_page(to, at, pte_addr(e), f) : 0;
        if (err)
            return err;
    }
    return 0;
}

static void
fork_child_entry(void)
{
    struct process *p = current_process();

    fpu_restore(p);
    return_to_user(p->frame);
}

int64_t
sys_fork(struct trap_frame *tf)
{
    struct process *parent = current_process(), *child = process_alloc();
    int err = 0;

    if (!child)
        return -EAGAIN;
    child->kstack_top = kstack_alloc(child->slot);
    child->vas = vas_create();
    if (child->kstack_top && child->vas)
        err = copy_table(child->vas, parent->vas->pml4_phys, 4, 0, PTE_W | PTE_U);
    if (!child->kstack_top || !child->vas || err) {
        child->state = PROC_ZOMBIE;
        process_free(child);
        return -ENOMEM;
    }
    process_prepare_stack(child, fork_child_entry);
    *child->frame = *tf;
    child->frame->rax = 0;                  /* fork() returns 0 in the child */
    memcpy(child->name, parent->name, sizeof(child->name));
    child->image = parent->image, child->image_size = parent->image_size;
    child->load_bias = parent->load_bias;
    child->brk_start = parent->brk_start, child->brk = parent->brk;
    child->fs_base = parent->fs_base;
    fxsave(child->fpu);                     /* the parent's registers, now */
    files_clone(child, parent);
    child->parent = parent;
    child->state = PROC_READY;
    return child->pid;
}

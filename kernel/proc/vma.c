/* vma.c — a process's memory areas, and the page faults that fill them
 * (vma.h draws the layout and the page protections). */
#include "proc/vma.h"
#include "arch/x86_64/cpu.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/kheap.h"
#include "mm/pagewalk.h"
#include "mm/pmm.h"
#include "mm/ptdump.h"
#include "mm/tlb.h"
#include "mm/vas.h"
#include "proc/process.h"
#include "ringlab/abi.h"

#define MMAP_TOP (USER_STACK_TOP - USER_STACK_SIZE - MMAP_STACK_GAP)

/* The #PF error code (SDM Vol. 3A §4.7). */
#define PF_PRESENT 0x01         /* the page was present: a protection fault */
#define PF_WRITE   0x02
#define PF_FETCH   0x10         /* an instruction fetch (NX) */

static uint64_t
page_up(uint64_t addr)
{
    return (addr + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

/* The leaf entry's flags for prot: the table in vma.h. */
static uint64_t
pte_flags(uint32_t prot)
{
    uint64_t f = PTE_U;

    if (prot == PROT_NONE)
        return PTE_NX;                  /* present, but ring 3 cannot touch it */
    if (prot & PROT_WRITE)
        f |= PTE_W;
    if (!(prot & PROT_EXEC))
        f |= PTE_NX;
    return f;
}

const struct vma *
vma_find(const struct process *p, uint64_t va)
{
    const struct vma_list *l = p->areas;

    for (int i = 0; l && i < l->n && l->area[i].start <= va; i++)
        if (va < l->area[i].end)
            return &l->area[i];
    return NULL;
}

int
vma_overlaps(const struct process *p, uint64_t start, uint64_t end)
{
    const struct vma_list *l = p->areas;

    for (int i = 0; l && i < l->n; i++)
        if (l->area[i].start < end && start < l->area[i].end)
            return 1;
    return 0;
}

/* pt_walk_range's callback: the first mapped page is enough. */
static int
note_page(const struct pt_step *s, void *ctx)
{
    *(uint64_t *)ctx = pt_step_va(s);
    return 1;
}

/* True if something occupies part of [start, end) — an area, the heap, a
 * mapped page (the program, the stack) — with where it begins in *at. */
static int
obstacle(const struct process *p, uint64_t start, uint64_t end, uint64_t *at)
{
    const struct vma_list *l = p->areas;

    for (int i = 0; l && i < l->n; i++) {
        if (l->area[i].start < end && start < l->area[i].end) {
            *at = l->area[i].start;
            return 1;
        }
    }
    if (p->brk_start && p->brk_start < end && start < page_up(p->brk)) {
        *at = p->brk_start;
        return 1;
    }
    return pt_walk_range(p->vas->pml4_phys, start, end - 1, 0, note_page, at);
}

int
vma_range_free(const struct process *p, uint64_t start, uint64_t end)
{
    uint64_t at;

    return !obstacle(p, start, end, &at);
}

/* Top-down: try [top - len, top); if something is in the way, no free
 * range can end above where it begins (the window is exactly len long),
 * so that is the next top. */
uint64_t
vma_unmapped_area(const struct process *p, uint64_t hint, uint64_t len)
{
    uint64_t top = MMAP_TOP, at;

    hint = page_up(hint);
    if (hint >= MMAP_MIN_ADDR && hint < USER_TOP && len <= USER_TOP - hint &&
        !obstacle(p, hint, hint + len, &at))
        return hint;
    while (top > MMAP_MIN_ADDR && len <= top - MMAP_MIN_ADDR) {
        if (!obstacle(p, top - len, top, &at))
            return top - len;
        top = at;
    }
    return 0;
}

/* ------------------------------------------------------------ the list */

static struct vma_list *
list_of(struct process *p)
{
    if (!p->areas && (p->areas = kmalloc(sizeof(*p->areas))))
        p->areas->refs = 1, p->areas->n = 0;
    return p->areas;
}

int
vma_room(const struct process *p)
{
    return p->areas ? VMA_MAX - p->areas->n : VMA_MAX;
}

/* Two neighbours that one area can stand for (a file's bytes must go on
 * where the lower one's end). */
static int
mergeable(const struct vma *a, const struct vma *b)
{
    return a->end == b->start && a->prot == b->prot && a->flags == b->flags &&
           a->data == b->data && (!a->data || a->offset + (a->end - a->start) == b->offset);
}

/* Keeps the list short: top-down mmaps land next to each other. */
static void
merge_all(struct vma_list *l)
{
    int w = 0;

    for (int i = 0; i < l->n; i++) {
        if (w && mergeable(&l->area[w - 1], &l->area[i]))
            l->area[w - 1].end = l->area[i].end;
        else
            l->area[w++] = l->area[i];
    }
    l->n = w;
}

int
vma_insert(struct process *p, const struct vma *a)
{
    struct vma_list *l = list_of(p);
    int i = 0;

    if (!l || l->n == VMA_MAX)
        return -ENOMEM;
    while (i < l->n && l->area[i].start < a->start)
        i++;
    memmove(&l->area[i + 1], &l->area[i], (size_t)(l->n - i) * sizeof(*a));
    l->area[i] = *a;
    l->n++;
    merge_all(l);
    return 0;
}

/* How many areas [start, end) cuts in two at one of its ends. */
static int
splits_needed(const struct vma_list *l, uint64_t start, uint64_t end)
{
    int n = 0;

    for (int i = 0; l && i < l->n; i++) {
        n += l->area[i].start < start && start < l->area[i].end;
        n += l->area[i].start < end && end < l->area[i].end;
    }
    return n;
}

/* Cuts the area that strictly contains addr into [start, addr) and
 * [addr, end). The caller checked that there is room (splits_needed). */
static void
split_at(struct vma_list *l, uint64_t addr)
{
    for (int i = 0; i < l->n; i++) {
        struct vma *lo = &l->area[i], *hi = &l->area[i + 1];

        if (lo->start < addr && addr < lo->end) {
            memmove(hi, lo, (size_t)(l->n - i) * sizeof(*lo));
            l->n++;
            hi->offset += addr - hi->start;     /* (unused when anonymous) */
            hi->start = addr;
            lo->end = addr;
            return;
        }
    }
}

/* ---------------------------------------------------- munmap, mprotect */

static int
unmap_page(const struct pt_step *s, void *ctx)
{
    vas_unmap(ctx, pt_step_va(s));      /* frees the frame, invlpg if in CR3 */
    return 0;
}

int
vma_remove(struct process *p, uint64_t start, uint64_t end)
{
    struct vma_list *l = p->areas;

    if (l) {
        int w = 0;

        if (l->n + splits_needed(l, start, end) > VMA_MAX)
            return -ENOMEM;
        split_at(l, start);
        split_at(l, end);
        for (int i = 0; i < l->n; i++)
            if (l->area[i].start < start || l->area[i].end > end)
                l->area[w++] = l->area[i];
        l->n = w;
    }
    pt_walk_range(p->vas->pml4_phys, start, end - 1, 0, unmap_page, p->vas);
    return 0;
}

static int
stop_at_hole(const struct pt_step *s, void *ctx)
{
    (void)ctx;
    return !s->present;
}

/* True if every page of [start, end) is in an area or mapped: mprotect's
 * -ENOMEM otherwise, as Linux's for a hole in the range. */
static int
covered(const struct process *p, uint64_t start, uint64_t end)
{
    const struct vma_list *l = p->areas;
    uint64_t pml4 = p->vas->pml4_phys, at = start;

    for (int i = 0; l && i < l->n && at < end; i++) {
        const struct vma *a = &l->area[i];

        if (a->end <= at)
            continue;
        if (a->start >= end)
            break;
        if (a->start > at &&
            pt_walk_range(pml4, at, a->start - 1, PT_WALK_HOLES, stop_at_hole, 0))
            return 0;
        at = a->end;
    }
    return at >= end || !pt_walk_range(pml4, at, end - 1, PT_WALK_HOLES, stop_at_hole, 0);
}

struct protect_ctx {
    struct vas *vas;
    uint64_t flags;
};

static int
protect_page(const struct pt_step *s, void *ctx)
{
    const struct protect_ctx *c = ctx;
    uint64_t va = pt_step_va(s);

    pt_protect(c->vas->pml4_phys, va, c->flags);
    if (vas_is_current(c->vas))
        invlpg(va);                     /* the TLB may hold the old rights */
    tlb_shootdown_user(c->vas, va, PAGE_SIZE);  /* ... and other CPUs' too */
    return 0;
}

/* A shared mapping of an initrd file may not become writable: the file
 * was opened read-only (Linux: -EACCES). */
static int
shared_file_in(const struct vma_list *l, uint64_t start, uint64_t end)
{
    for (int i = 0; l && i < l->n; i++) {
        const struct vma *a = &l->area[i];
        if (a->start < end && start < a->end && a->data && (a->flags & MAP_TYPE) != MAP_PRIVATE)
            return 1;
    }
    return 0;
}

int
vma_protect(struct process *p, uint64_t start, uint64_t end, uint32_t prot)
{
    struct vma_list *l = p->areas;
    struct protect_ctx c = { p->vas, pte_flags(prot) };

    if (!covered(p, start, end))
        return -ENOMEM;
    if ((prot & PROT_WRITE) && shared_file_in(l, start, end))
        return -EACCES;
    if (l) {
        if (l->n + splits_needed(l, start, end) > VMA_MAX)
            return -ENOMEM;
        split_at(l, start);
        split_at(l, end);
        for (int i = 0; i < l->n; i++)
            if (l->area[i].start >= start && l->area[i].end <= end)
                l->area[i].prot = prot;
        merge_all(l);
    }
    pt_walk_range(p->vas->pml4_phys, start, end - 1, 0, protect_page, &c);
    return 0;
}

/* ------------------------------------------------------------ page faults */

static int
allows(uint32_t prot, uint64_t error)
{
    if (error & PF_WRITE)
        return prot & PROT_WRITE;
    if (error & PF_FETCH)
        return prot & PROT_EXEC;
    return prot != PROT_NONE;           /* x86: any right implies reading */
}

/* A file-backed page gets the file's bytes (zeros after its end); a page
 * wholly past the end has none to get: -1 (Linux sends SIGBUS). */
static int
fill(const struct vma *a, uint64_t va, uint64_t frame)
{
    uint64_t off = a->offset + (va - a->start), n;

    if (!a->data)
        return 0;                       /* anonymous: pmm_alloc zeroed it */
    if (off >= a->size)
        return -1;
    n = a->size - off < PAGE_SIZE ? a->size - off : PAGE_SIZE;
    memcpy(phys_to_virt(frame), a->data + off, n);
    return 0;
}

/* From ring 3, or from the kernel inside a user copy (copy_with_fixup runs
 * with RFLAGS.AC set: a read() into fresh mmap'd memory lands here). A
 * kernel fault anywhere else is a kernel bug and is left to fatal_trap. */
int
vma_fault(struct trap_frame *tf)
{
    struct process *p = current_process();
    uint64_t va = read_cr2() & ~(PAGE_SIZE - 1), frame;
    const struct vma *a;

    if (!p || !p->areas || (tf->error & PF_PRESENT))
        return 0;
    if (!trap_from_user(tf) && !(tf->rflags & RFLAGS_AC))
        return 0;
    if (!(a = vma_find(p, va)) || !allows(a->prot, tf->error))
        return 0;
    if ((frame = pmm_alloc()) == PMM_NO_FRAME)
        return 0;                       /* out of memory: the access fails */
    if (fill(a, va, frame) || vas_map(p->vas, va, frame, pte_flags(a->prot))) {
        pmm_free(frame);
        return 0;
    }
    return 1;
}

/* ------------------------------------------------------------ fork, exec */

/* vas_copy_user copies the pages ring 3 can reach; a PROT_NONE page that
 * holds bytes (U clear) is copied here. */
static int
copy_hidden_page(const struct pt_step *s, void *ctx)
{
    uint64_t copy;

    if (s->flags & PTE_U)
        return 0;
    if (!(copy = pmm_alloc_unzeroed()))
        return -ENOMEM;
    memcpy(phys_to_virt(copy), phys_to_virt(pte_addr(s->entry[1])), PAGE_SIZE);
    if (vas_map(ctx, pt_step_va(s), copy, pte_flags(PROT_NONE))) {
        pmm_free(copy);
        return -ENOMEM;
    }
    return 0;
}

int
vma_fork(struct process *child, const struct process *parent)
{
    const struct vma_list *from = parent->areas;

    if (!from)
        return 0;
    if (!(child->areas = kmalloc(sizeof(*from))))
        return -ENOMEM;
    child->areas->refs = 1;
    child->areas->n = from->n;
    memcpy(child->areas->area, from->area, (size_t)from->n * sizeof(from->area[0]));
    for (int i = 0; i < from->n; i++) {
        const struct vma *a = &from->area[i];
        if (a->prot == PROT_NONE &&
            pt_walk_range(parent->vas->pml4_phys, a->start, a->end - 1, 0,
                          copy_hidden_page, child->vas))
            return -ENOMEM;
    }
    return 0;
}

int
vma_share(struct process *child, struct process *parent)
{
    if (!(child->areas = list_of(parent)))
        return -ENOMEM;
    child->areas->refs++;
    return 0;
}

void
vma_brk_moved(const struct process *p)
{
    for (int i = 0; i < process_slots_used(); i++) {
        struct process *q = process_slot(i);
        if (q != p && q->vas == p->vas)
            q->brk_start = p->brk_start, q->brk = p->brk;
    }
}

void
vma_clear(struct process *p)
{
    if (p->areas && --p->areas->refs == 0)
        kfree(p->areas);
    p->areas = NULL;
}

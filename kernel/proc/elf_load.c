/* elf_load.c — mapping a checked ELF file into an address space.
 *
 * Each PT_LOAD segment becomes user pages with the segment's permissions,
 * W^X: a page is never both writable and executable (a page two segments
 * share, one W and one X, stays executable and read-only). The file bytes
 * are copied in through the direct map, the rest (.bss) stays zero. */
#include "proc/elf.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/pagetable.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/pagewalk.h"
#include "mm/vas.h"
#if RINGLAB_LAB >= 4
#include "proc/sched.h"
#endif

static uint64_t
segment_pte_flags(uint32_t p_flags)
{
    uint64_t f = PTE_P | PTE_U;

    if (p_flags & PF_X)
        return f;                       /* R-X (W^X: X wins over W) */
    if (p_flags & PF_W)
        f |= PTE_W;
    return f | PTE_NX;
}

/* Maps the pages of one segment, merging flags with a page an earlier
 * segment mapped (segments may share a page). */
static int
map_segment_pages(struct vas *vas, uint64_t start, uint64_t end, uint64_t flags)
{
    struct pt_walk w;

    for (uint64_t va = start & ~(PAGE_SIZE - 1); va < end; va += PAGE_SIZE) {
        pt_walk(vas->pml4_phys, va, &w);
        if (!w.present) {
            if (vas_map_new(vas, va, flags))
                return -ENOMEM;
            continue;
        }
        uint64_t merged = w.entry[1] | (flags & ~PTE_NX);
        if (!(flags & PTE_NX) || !(w.entry[1] & PTE_NX))
            merged &= ~(PTE_NX | PTE_W);    /* executable on either side: R-X */
        vas_map(vas, va, pte_addr(w.entry[1]), merged & ~PTE_ADDR_MASK);
    }
    return 0;
}

int
elf_load(struct vas *vas, const void *file, size_t size, struct elf_image *img,
         const char **why)
{
    return elf_load_at(vas, file, size, ELF_BIAS_DEFAULT, img, why);
}

int
elf_load_at(struct vas *vas, const void *file, size_t size, uint64_t bias,
            struct elf_image *img, const char **why)
{
    const struct elf64_ehdr *eh = file;
    const struct elf64_phdr *ph;
    int err = elf_validate(file, size, why);

    if (err)
        return err;
    if (bias == ELF_BIAS_DEFAULT || eh->e_type != ET_DYN)
        bias = elf_load_bias(eh);       /* (ET_EXEC runs where it was linked) */
    ph = (const void *)((const char *)file + eh->e_phoff);
    *img = (struct elf_image){ .load_bias = bias, .phnum = eh->e_phnum };
    img->entry = eh->e_entry + img->load_bias;
    for (int i = 0; i < eh->e_phnum; i++) {
        uint64_t va = ph[i].p_vaddr + img->load_bias, end = va + ph[i].p_memsz;
        if (ph[i].p_type != PT_LOAD)
            continue;
        if (map_segment_pages(vas, va, end, segment_pte_flags(ph[i].p_flags)) ||
            vas_write(vas, va, (const char *)file + ph[i].p_offset, ph[i].p_filesz)) {
            *why = "out of memory";
            return -ENOMEM;
        }
#if RINGLAB_LAB >= 4
        sched_give_way();               /* a long copy: let a waiting process run */
#endif
        if (eh->e_phoff >= ph[i].p_offset && eh->e_phoff - ph[i].p_offset < ph[i].p_filesz)
            img->phdr_addr = va + (eh->e_phoff - ph[i].p_offset);
        if (((end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1)) > img->brk)
            img->brk = (end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    }
    return 0;
}

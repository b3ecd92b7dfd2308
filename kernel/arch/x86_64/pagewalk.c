/* pagewalk.c — follow a virtual address through the four table levels,
 * the way the MMU does (SDM Vol. 3A §5.5.4), reading the tables through
 * the direct map. Used by the fault report and the paging self-test.
 */
#include "arch/x86_64/pagetable.h"
#include "arch/x86_64/memlayout.h"

void
pt_walk(uint64_t cr3, uint64_t va, struct pt_walk *w)
{
    uint64_t table = pte_addr(cr3);

    *w = (struct pt_walk){ .level = 4 };
    if (!is_canonical(va))
        return;                         /* never reaches the tables: #GP */
    for (int level = 4; level >= 1; level--) {
        uint64_t e = ((uint64_t *)phys_to_virt(table))[pt_index(va, level)];

        w->entry[level] = e;
        w->level = level;
        if (!(e & PTE_P))
            return;
        if (level == 1 || (level <= 3 && (e & PTE_PS))) {
            uint64_t size = pt_level_size(level);
            w->present = true;
            w->phys = (pte_addr(e) & ~(size - 1)) + (va & (size - 1));
            return;
        }
        table = pte_addr(e);
    }
}

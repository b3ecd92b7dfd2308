/* fakemem/arch/x86_64/memlayout.h — the kernel's memlayout.h for host unit
 * tests of code that reaches physical memory through the direct map
 * (pmm.c, paging.c, mm/pagewalk.c). Put first on the include path, it shadows
 * the real header: every constant is the kernel's, but phys_to_virt()
 * points into `fake_ram`, a buffer the test allocates. */
#ifndef RINGLAB_FAKE_MEMLAYOUT_H
#define RINGLAB_FAKE_MEMLAYOUT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define phys_to_virt kernel_phys_to_virt
#define virt_to_phys kernel_virt_to_phys
#include "../../../../../kernel/arch/x86_64/memlayout.h"
#undef phys_to_virt
#undef virt_to_phys

extern uint8_t *fake_ram;          /* "physical" address 0 */
extern uint64_t fake_ram_size;

static inline void *
phys_to_virt(uint64_t pa)
{
    if (pa >= fake_ram_size) {
        fprintf(stderr, "phys_to_virt(0x%lx): beyond the fake RAM\n", (unsigned long)pa);
        abort();
    }
    return fake_ram + pa;
}

#endif

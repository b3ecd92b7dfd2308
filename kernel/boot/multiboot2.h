/* multiboot2.h — what the boot loader told us, copied into one struct.
 *
 * kmain parses the multiboot2 information once (boot_info_parse) and hands
 * the pieces to whoever needs them: the memory map to the frame allocator,
 * the modules to the symbol table and the initrd. Nothing else reads the
 * multiboot2 structure itself. */
#ifndef RINGLAB_MULTIBOOT2_H
#define RINGLAB_MULTIBOOT2_H

#include <stddef.h>
#include <stdint.h>

#define MB2_TAG_END     0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_MODULE  3
#define MB2_TAG_MEMINFO 4
#define MB2_TAG_MMAP    6
#if RINGLAB_LAB >= 5
#define MB2_TAG_ACPI_OLD 14     /* a copy of the ACPI 1.0 RSDP */
#define MB2_TAG_ACPI_NEW 15     /* a copy of the ACPI 2.0+ RSDP */
#endif

#define MMAP_AVAILABLE  1       /* usable RAM (multiboot2 spec §3.6.8) */

#define BOOT_MAX_MMAP    64
#define BOOT_MAX_MODULES 8
#define BOOT_CMDLINE_MAX 512

struct mem_region {
    uint64_t base, len;
    uint32_t type;
};

struct boot_module {
    uint64_t start, end;        /* physical, end exclusive */
    char name[32];              /* the module2 string from grub.cfg */
};

struct boot_info {
    uint64_t info_phys, info_size;      /* the multiboot2 info itself */
    char cmdline[BOOT_CMDLINE_MAX];
    struct mem_region mmap[BOOT_MAX_MMAP];
    int mmap_count;
    struct boot_module modules[BOOT_MAX_MODULES];
    int module_count;
#if RINGLAB_LAB >= 5
    uint64_t rsdp_phys;         /* GRUB's copy of the RSDP (in the info), or 0 */
#endif
};

/* Parses the multiboot2 info at `info` (any readable mapping of it). */
int boot_info_parse(const void *info, uint64_t info_phys, struct boot_info *bi);
const struct boot_module *boot_find_module(const struct boot_info *bi, const char *name);

#endif

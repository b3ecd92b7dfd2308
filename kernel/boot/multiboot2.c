/* multiboot2.c — read the boot information GRUB left us.
 *
 * The info is a list of 8-byte aligned tags after an 8-byte header
 * (multiboot2 spec §3.6): u32 total_size, u32 reserved, then tags of
 * { u32 type; u32 size; payload }, ending with a tag of type 0. */
#include "boot/multiboot2.h"
#include "lib/string.h"

struct tag {
    uint32_t type, size;
};

struct tag_module {
    struct tag t;
    uint32_t mod_start, mod_end;
    char name[];
};

struct tag_mmap {
    struct tag t;
    uint32_t entry_size, entry_version;
    /* entries follow: { u64 base; u64 len; u32 type; u32 reserved } */
};

static void
add_mmap(struct boot_info *bi, const struct tag_mmap *m)
{
    const uint8_t *p = (const uint8_t *)(m + 1);
    const uint8_t *end = (const uint8_t *)m + m->t.size;

    if (m->entry_size < 20)
        return;
    for (; p + m->entry_size <= end && bi->mmap_count < BOOT_MAX_MMAP; p += m->entry_size) {
        struct mem_region *r = &bi->mmap[bi->mmap_count++];
        memcpy(&r->base, p, 8);
        memcpy(&r->len, p + 8, 8);
        memcpy(&r->type, p + 16, 4);
    }
}

static void
add_module(struct boot_info *bi, const struct tag_module *m)
{
    struct boot_module *b;
    size_t max = m->t.size - sizeof(*m);

    if (bi->module_count >= BOOT_MAX_MODULES)
        return;
    b = &bi->modules[bi->module_count++];
    b->start = m->mod_start;
    b->end = m->mod_end;
    b->name[0] = '\0';
    if (max)
        strlcpy(b->name, m->name, max < sizeof(b->name) ? max : sizeof(b->name));
}

/* GRUB puts a backslash before every \\, ' and " of the command line it
 * passes (grub_create_loader_cmdline in GRUB 2.06); undo that. */
static void
copy_cmdline(char *dst, const char *src, size_t max_src)
{
    size_t o = 0;

    for (size_t i = 0; i < max_src && src[i] && o + 1 < BOOT_CMDLINE_MAX; i++) {
        if (src[i] == '\\' && i + 1 < max_src && src[i + 1])
            i++;
        dst[o++] = src[i];
    }
    dst[o] = '\0';
}

int
boot_info_parse(const void *info, uint64_t info_phys, struct boot_info *bi)
{
    const uint8_t *base = info;
    uint32_t total;
    size_t off = 8;

    memset(bi, 0, sizeof(*bi));
    memcpy(&total, base, 4);
    bi->info_phys = info_phys;
    bi->info_size = total;
    while (off + sizeof(struct tag) <= total) {
        const struct tag *t = (const struct tag *)(base + off);

        if (t->type == MB2_TAG_END || t->size < 8 || off + t->size > total)
            break;
        if (t->type == MB2_TAG_CMDLINE)
            copy_cmdline(bi->cmdline, (const char *)(t + 1), t->size - 8);
        else if (t->type == MB2_TAG_MMAP)
            add_mmap(bi, (const struct tag_mmap *)t);
        else if (t->type == MB2_TAG_MODULE && t->size >= sizeof(struct tag_module))
            add_module(bi, (const struct tag_module *)t);
#if RINGLAB_LAB >= 5
        else if (t->type == MB2_TAG_ACPI_NEW || (t->type == MB2_TAG_ACPI_OLD && !bi->rsdp_phys))
            bi->rsdp_phys = info_phys + off + sizeof(struct tag);
#endif
        off += (t->size + 7) & ~7u;
    }
    return 0;
}

const struct boot_module *
boot_find_module(const struct boot_info *bi, const char *name)
{
    for (int i = 0; i < bi->module_count; i++)
        if (strcmp(bi->modules[i].name, name) == 0)
            return &bi->modules[i];
    return 0;
}

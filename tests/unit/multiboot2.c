/* Unit tests of kernel/boot/multiboot2.c on a hand-made info structure. */
#include "check.h"
#include "boot/multiboot2.h"
#include <stdint.h>

static uint8_t info[512] __attribute__((aligned(8)));
static size_t used;

static void *
put(const void *src, size_t n)
{
    void *at = info + used;
    memcpy(at, src, n);
    used = (used + n + 7) & ~7UL;       /* tags are 8-byte aligned */
    return at;
}

int
main(void)
{
    struct boot_info bi;
    uint32_t hdr[2] = { 0, 0 };
    uint32_t cmd[2] = { MB2_TAG_CMDLINE, 8 + 9 };
    uint32_t mod[4] = { MB2_TAG_MODULE, 16 + 8, 0x200000, 0x201234 };
    uint32_t mm[4] = { MB2_TAG_MMAP, 16 + 2 * 24, 24, 0 };
    uint64_t e1[3] = { 0, 0x9fc00, MMAP_AVAILABLE };
    uint64_t e2[3] = { 0x100000, 0x7ee0000, MMAP_AVAILABLE };
    uint32_t end[2] = { MB2_TAG_END, 8 };

    put(hdr, 8);
    memcpy(info + used, cmd, 8), memcpy(info + used + 8, "ktest=ok", 9), used += 24;
    memcpy(info + used, mod, 16), memcpy(info + used + 16, "symbols", 8), used += 24;
    memcpy(info + used, mm, 16), memcpy(info + used + 16, e1, 24),
        memcpy(info + used + 40, e2, 24), used += 64;
    put(end, 8);
    uint32_t total = (uint32_t)used;
    memcpy(info, &total, 4);

    CHECK(boot_info_parse(info, 0x10000, &bi) == 0);
    CHECK_STR(bi.cmdline, "ktest=ok");
    CHECK(bi.module_count == 1);
    CHECK_STR(bi.modules[0].name, "symbols");
    CHECK(bi.modules[0].start == 0x200000 && bi.modules[0].end == 0x201234);
    CHECK(bi.mmap_count == 2);
    CHECK(bi.mmap[1].base == 0x100000 && bi.mmap[1].len == 0x7ee0000);
    CHECK(bi.mmap[1].type == MMAP_AVAILABLE);
    CHECK(boot_find_module(&bi, "symbols") == &bi.modules[0]);
    CHECK(boot_find_module(&bi, "initrd") == NULL);

    /* GRUB's backslash escapes are removed */
    static const char esc[] = "note=it\\'s a\\\\b";
    uint32_t ctag[2] = { MB2_TAG_CMDLINE, 8 + sizeof(esc) };
    used = 8;
    memcpy(info + used, ctag, 8), memcpy(info + used + 8, esc, sizeof(esc));
    used += (8 + sizeof(esc) + 7) & ~7UL;
    put(end, 8);
    total = (uint32_t)used;
    memcpy(info, &total, 4);
    CHECK(boot_info_parse(info, 0x10000, &bi) == 0);
    CHECK_STR(bi.cmdline, "note=it's a\\b");

    /* a tag that claims to run past total_size stops the parse */
    struct boot_info bad;
    uint32_t small = 8 + 12;
    memcpy(info, &small, 4);
    CHECK(boot_info_parse(info, 0x10000, &bad) == 0);
    CHECK(bad.cmdline[0] == '\0' && bad.module_count == 0);
    return check_done();
}

/* ktest_protect.c — the protections between ring 0 and ring 3, tested
 * from the kernel's side (the reliability suite; /bin/usertests tests
 * them from ring 3).
 *
 *   ktest=wp_text   writes to the kernel's .text: #PF err=0x3 (CR0.WP)
 *   ktest=smep      calls a user page from ring 0: #PF err=0x11 (SMEP)
 *   ktest=smap      reads a user page from ring 0: #PF err=0x1 (SMAP)
 *   ktest=umip      CR4.UMIP is on: sgdt & co. are ring 0's alone
 *   ktest=usercopy  every user-copy routine, given every kind of bad
 *                   address, returns -EFAULT through the fixup table
 *   ktest=uvas      a loaded program's address space: W^X, no null page,
 *                   an unmapped guard page below the stack
 *
 * The page-fault error code (SDM Vol. 3A §5.7.2): bit 0 P (the page was
 * present: a protection fault), bit 1 W/R (a write), bit 2 U/S (from
 * ring 3), bit 4 I/D (an instruction fetch). */
#include "boot/ktest.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/memlayout.h"
#include "lib/errno.h"
#include "lib/kprintf.h"
#include "lib/string.h"
#include "mm/kheap.h"
#include "mm/pagewalk.h"
#include "mm/ptdump.h"
#include "mm/usercopy.h"
#include "mm/vas.h"
#include "proc/elf.h"
#include "proc/process.h"

#define TEST_RW   0x400000UL        /* a user page, read/write */
#define TEST_RO   0x401000UL        /* the next one, read-only */
#define TEST_HOLE 0x402000UL        /* and nothing after them */
#define TEST_TOP  (USER_TOP - PAGE_SIZE)    /* the last user page, read/write */

KTEST(wp_text, "writes to the kernel's own .text: #PF err=0x3 (CR0.WP holds in ring 0)")
{
    volatile uint8_t *code = (volatile uint8_t *)(uint64_t)ktest_wp_text;

    kprintf("ktest wp_text: writing to %p (CR0.WP=%d)\n", (void *)code,
            (read_cr0() & CR0_WP) != 0);
    *code = 0xc3;
    return 1;
}

/* A new address space with TEST_RW and TEST_RO mapped (user pages), and
 * the last user page; the CPU is switched to it. NULL if out of memory. */
static struct vas *
test_space(uint64_t rw_flags)
{
    struct vas *vas = vas_create();
    static char fill[PAGE_SIZE];

    if (!vas || vas_map_new(vas, TEST_RW, rw_flags) ||
        vas_map_new(vas, TEST_RO, PTE_U | PTE_NX) ||
        vas_map_new(vas, TEST_TOP, PTE_U | PTE_W | PTE_NX))
        return 0;
    memset(fill, 'a', sizeof(fill));            /* no NUL anywhere ... */
    vas_write(vas, TEST_RW, fill, sizeof(fill));
    memset(fill, 'b', sizeof(fill));
    fill[8] = '\0';                             /* ... but at TEST_RO + 8 */
    vas_write(vas, TEST_RO, fill, sizeof(fill));
    fill[8] = 'b';
    vas_write(vas, TEST_TOP, fill, sizeof(fill));   /* and none at the top */
    vas_switch(vas);
    return vas;
}

static void
leave_space(struct vas *vas)
{
    vas_switch(vas_kernel());
    vas_destroy(vas);
}

KTEST(smep, "calls a user page from ring 0: #PF err=0x11 (SMEP)")
{
    static const uint8_t ret = 0xc3;
    struct vas *vas = vas_create();

    if (!vas || vas_map_new(vas, TEST_RW, PTE_U))      /* r-x, user */
        return 1;
    vas_write(vas, TEST_RW, &ret, 1);
    vas_switch(vas);
    kprintf("ktest smep: calling %p (CR4.SMEP=%d)\n", (void *)TEST_RW,
            (read_cr4() & CR4_SMEP) != 0);
    ((void (*)(void))TEST_RW)();
    return 1;
}

KTEST(smap, "reads a user page from ring 0 without stac: #PF err=0x1 (SMAP)")
{
    struct vas *vas = test_space(PTE_U | PTE_W | PTE_NX);

    if (!vas)
        return 1;
    kprintf("ktest smap: reading %p (CR4.SMAP=%d)\n", (void *)TEST_RW,
            (read_cr4() & CR4_SMAP) != 0);
    return (int)*(volatile uint64_t *)TEST_RW;
}

KTEST(umip, "CR4.UMIP is on (sgdt/sidt/str/smsw fault in ring 3), and ring 0 still reads the GDTR")
{
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) gdtr;

    __asm__ volatile("sgdt %0" : "=m"(gdtr));
    kprintf("ktest umip: CR4.UMIP=%d, sgdt in ring 0: limit 0x%x\n",
            (read_cr4() & CR4_UMIP) != 0, gdtr.limit);
    return !(read_cr4() & CR4_UMIP) || gdtr.limit != 7 * 8 - 1;
}

enum copy_kind { FROM, TO, STR };

struct copy_case {
    const char *name;
    enum copy_kind kind;
    uint64_t addr, len;         /* STR: len is the buffer size */
    long want;
};

static const struct copy_case copy_cases[] = {
    { "from-rw", FROM, TEST_RW, 16, 0 },
    { "from-rw-into-ro", FROM, TEST_RO - 8, 16, 0 },
    { "from-null", FROM, 0, 8, -EFAULT },
    { "from-unmapped", FROM, TEST_HOLE, 8, -EFAULT },
    { "from-straddles-unmapped", FROM, TEST_HOLE - 4, 8, -EFAULT },
    { "from-kernel-text", FROM, KERNEL_VMA + 0x100000, 8, -EFAULT },
    { "from-direct-map", FROM, DIRECT_MAP_BASE + 0x100000, 8, -EFAULT },
    { "from-non-canonical", FROM, USER_TOP, 8, -EFAULT },
    { "from-non-canonical-high", FROM, 0x8000000000000000UL, 8, -EFAULT },
    { "from-wraps-around", FROM, ~0UL - 7, 16, -EFAULT },
    { "from-huge-length", FROM, TEST_RW, ~0UL, -EFAULT },
    { "from-last-user-bytes", FROM, USER_TOP - 8, 8, 0 },
    { "from-past-user-top", FROM, USER_TOP - 8, 9, -EFAULT },
    { "to-rw", TO, TEST_RW, 16, 0 },
    { "to-read-only", TO, TEST_RO, 8, -EFAULT },
    { "to-straddles-read-only", TO, TEST_RO - 4, 8, -EFAULT },
    { "to-null", TO, 0, 8, -EFAULT },
    { "to-unmapped", TO, TEST_HOLE, 1, -EFAULT },
    { "to-kernel-text", TO, KERNEL_VMA + 0x100000, 8, -EFAULT },
    { "to-direct-map", TO, DIRECT_MAP_BASE + 0x100000, 8, -EFAULT },
    { "to-non-canonical", TO, 0x0000900000000000UL, 8, -EFAULT },
    { "to-wraps-around", TO, ~0UL - 3, 8, -EFAULT },
    { "str-across-pages", STR, TEST_RO - 8, 64, 16 },
    { "str-too-long", STR, TEST_RW, 64, -ENAMETOOLONG },
    { "str-into-unmapped", STR, TEST_HOLE - 16, 4096, -EFAULT },
    { "str-null", STR, 0, 64, -EFAULT },
    { "str-kernel", STR, KERNEL_VMA + 0x100000, 64, -EFAULT },
    { "str-non-canonical", STR, USER_TOP, 64, -EFAULT },
    { "str-to-user-top", STR, USER_TOP - 16, 64, -EFAULT },
};

static long
run_copy(const struct copy_case *c, char *buf)
{
    switch (c->kind) {
    case FROM:
        return copy_from_user(buf, c->addr, c->len);
    case TO:
        return copy_to_user(c->addr, buf, c->len);
    default:
        return copy_string_from_user(buf, c->addr, c->len);
    }
}

KTEST(usercopy, "copy_from_user, copy_to_user, copy_string_from_user on bad addresses")
{
    struct vas *vas = test_space(PTE_U | PTE_W | PTE_NX);
    char buf[64];
    int failed = 0;
    const int n = sizeof(copy_cases) / sizeof(copy_cases[0]);

    if (!vas)
        return 1;
    for (int i = 0; i < n; i++) {
        const struct copy_case *c = &copy_cases[i];
        memset(buf, 'x', sizeof(buf));
        long got = run_copy(c, buf);
        int ok = got == c->want;
        if (ok && c->kind == STR && got >= 0)
            ok = strlen(buf) == (size_t)got;
        kprintf("%s usercopy %s: %ld\n", ok ? "ok" : "FAIL", c->name, got);
        failed += !ok;
    }
    /* A copy that faults stops there: to-straddles-read-only wrote its
     * first 4 bytes ('x') and not one into the read-only page ('b'). */
    char check[16];
    failed += copy_from_user(check, TEST_RO - 8, sizeof(check)) != 0 ||
              memcmp(check, "aaaaxxxxbbbbbbbb", 16) != 0;
    leave_space(vas);
    kprintf("usercopy: %d cases, %d failed\n", n, failed);
    return failed != 0;
}

struct uvas_stats {
    int ranges, wx, kernel_user, pages;
};

static void
check_user_range(const struct pt_range *r, void *ctx)
{
    struct uvas_stats *s = ctx;

    if (r->va >= USER_TOP) {
        s->kernel_user += (r->flags & PTE_U) != 0;
        return;
    }
    pt_print_range(r);
    s->ranges++;
    s->pages += r->size / PAGE_SIZE;
    s->wx += (r->flags & PTE_W) && !(r->flags & PTE_NX);
}

/* Loads `path` into a new address space and checks what it mapped. */
static int
check_program_space(const char *path)
{
    struct vas *vas = vas_create();
    char *argv[] = { (char *)path, 0 };
    struct loaded_program lp;
    struct uvas_stats s = { 0, 0, 0, 0 };
    struct pt_walk null_page, guard, stack;
    const char *why = "";
    int err;

    if (!vas)
        return 1;
#if RINGLAB_LAB >= 6
    lp.envp = 0;                        /* no environment */
#endif
    if ((err = program_load(vas, path, 1, argv, &lp, &why))) {
        kprintf("uvas: %s: %d (%s)\n", path, err, why);
        vas_destroy(vas);
        return 1;
    }
    kprintf("uvas: %s, entry 0x%lx:\n", path, lp.entry);
    pt_for_each_range(vas->pml4_phys, check_user_range, &s);
    pt_walk(vas->pml4_phys, 0, &null_page);
    pt_walk(vas->pml4_phys, USER_STACK_TOP - USER_STACK_SIZE - PAGE_SIZE, &guard);
    pt_walk(vas->pml4_phys, USER_STACK_TOP - PAGE_SIZE, &stack);
    int stack_nx = stack.present && (stack.entry[1] & PTE_NX);
    kprintf("uvas: %d ranges (%d pages), %d writable+executable, %d user pages in the "
            "kernel half; null page %s; stack guard %s; stack %s\n", s.ranges, s.pages, s.wx,
            s.kernel_user, null_page.present ? "MAPPED" : "unmapped",
            guard.present ? "MAPPED" : "unmapped", stack_nx ? "rw-" : "EXECUTABLE");
    vas_destroy(vas);
    return s.wx || s.kernel_user || null_page.present || guard.present || !stack_nx;
}

KTEST(uvas, "loads /bin/sh and /bin/forktest: W^X, no null page, a stack guard page")
{
    return check_program_space("/bin/sh") | check_program_space("/bin/forktest");
}

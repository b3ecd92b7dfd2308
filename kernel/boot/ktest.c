/* ktest.c — running in-kernel tests by name. */
#include "boot/ktest.h"
#include "lib/kprintf.h"
#include "lib/string.h"

extern const struct ktest __ktest_start[], __ktest_end[];

static void
list_tests(void)
{
    kprintf("ktest: available tests:\n");
    for (const struct ktest *t = __ktest_start; t < __ktest_end; t++)
        kprintf("  %-12s %s\n", t->name, t->what);
}

int
ktest_run(const char *name)
{
    if (strcmp(name, "list") == 0) {
        list_tests();
        return 0;
    }
    for (const struct ktest *t = __ktest_start; t < __ktest_end; t++) {
        if (strcmp(t->name, name) == 0) {
            kprintf("ktest %s: %s\n", t->name, t->what);
            int r = t->fn();
            kprintf("ktest %s: %s\n", t->name, r == 0 ? "PASS" : "FAIL");
            return r;
        }
    }
    kprintf("ktest: no test named '%s'\n", name);
    list_tests();
    return -1;
}

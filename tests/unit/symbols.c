/* Unit tests of kernel/lib/symbols.c: looking up nm output. */
#include "check.h"
#include "lib/symbols.h"

static const char table[] =
    "0000000000100000 T _start\n"
    "ffffffff80100000 T kmain\n"
    "ffffffff80100080 t print_banner\n"
    "ffffffff80100100 D some_data\n"
    "ffffffff80100200 T fatal_trap\n";

static const char *
lookup(uint64_t addr, uint64_t *base)
{
    static char name[64];
    struct sym_result r;

    if (sym_lookup(table, sizeof(table) - 1, addr, &r) != 0)
        return "none";
    snprintf(name, sizeof(name), "%.*s", r.name_len, r.name);
    *base = r.addr;
    return name;
}

int
main(void)
{
    uint64_t base = 0;

    CHECK_STR(lookup(0xffffffff80100000UL, &base), "kmain");
    CHECK(base == 0xffffffff80100000UL);
    CHECK_STR(lookup(0xffffffff8010007fUL, &base), "kmain");
    CHECK_STR(lookup(0xffffffff80100090UL, &base), "print_banner");
    /* data symbols are skipped: code after print_banner is still print_banner */
    CHECK_STR(lookup(0xffffffff80100150UL, &base), "print_banner");
    CHECK_STR(lookup(0xffffffff80100210UL, &base), "fatal_trap");
    CHECK_STR(lookup(0x1000, &base), "none");

    symbols_init(table, sizeof(table) - 1);
    CHECK_STR(sym_str(0xffffffff80100012UL), "kmain+0x12");
    CHECK_STR(sym_str(0x10), "?");
    /* a truncated last line is not read past the end */
    struct sym_result r;
    CHECK(sym_lookup(table, 20, 0xffffffff80100000UL, &r) == 0);
    return check_done();
}

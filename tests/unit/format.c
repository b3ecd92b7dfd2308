/* Unit tests of kernel/lib/format.c, the kprintf engine. */
#include "check.h"
#include "lib/format.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static char buf[128];

#define FMT(...) (ksnprintf(buf, sizeof(buf), __VA_ARGS__), buf)

int
main(void)
{
    CHECK_STR(FMT("%d %i %u", -42, 7, 3000000000u), "-42 7 3000000000");
    CHECK_STR(FMT("%x %X", 0xbeefu, 0xbeefu), "beef BEEF");
    CHECK_STR(FMT("%lx", 0xffffffff80000000UL), "ffffffff80000000");
    CHECK_STR(FMT("%ld", (long)INT64_MIN), "-9223372036854775808");
    CHECK_STR(FMT("%lu", (unsigned long)UINT64_MAX), "18446744073709551615");
    CHECK_STR(FMT("%p", (void *)0x1000), "0x0000000000001000");
    CHECK_STR(FMT("%s|%c|%%", "abc", 'z'), "abc|z|%");
    CHECK_STR(FMT("%s", (char *)0), "(null)");
    CHECK_STR(FMT("[%5d][%-5d][%05d]", 42, 42, 42), "[   42][42   ][00042]");
    CHECK_STR(FMT("[%05d]", -42), "[-0042]");
    CHECK_STR(FMT("[%016lx]", 0x1234UL), "[0000000000001234]");
    CHECK_STR(FMT("[%-8s][%8s]", "ab", "cd"), "[ab      ][      cd]");
    CHECK_STR(FMT("[%*d]", 4, 7), "[   7]");
    CHECK_STR(FMT("%.3s|%.*s", "abcdef", 2, "xyz"), "abc|xy");
    {   /* %.*s reads no byte past its precision (no NUL needed: ASan checks) */
        char *unterminated = malloc(3);
        memcpy(unterminated, "abc", 3);
        CHECK_STR(FMT("%.*s!", 3, unterminated), "abc!");
        free(unterminated);
    }
    CHECK_STR(FMT("%zu", (size_t)12), "12");
    CHECK_STR(FMT("%d", 0), "0");
    CHECK_STR(FMT("%q"), "%q");

    /* truncation: always terminated, returns the full length */
    char small[5];
    CHECK(ksnprintf(small, sizeof(small), "%s", "hello world") == 11);
    CHECK_STR(small, "hell");
    return check_done();
}

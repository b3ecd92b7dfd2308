/* Unit tests of kernel/lib/cmdline.c. */
#include "check.h"
#include "lib/cmdline.h"

int
main(void)
{
    char v[64];

    CHECK(cmdline_get("", "ktest", v, sizeof(v)) == -1);
    CHECK(cmdline_get("ktest=gp", "ktest", v, sizeof(v)) == 2);
    CHECK_STR(v, "gp");
    CHECK(cmdline_get("quiet ktest=pf seed=7", "seed", v, sizeof(v)) == 1);
    CHECK_STR(v, "7");
    CHECK(cmdline_get("quiet ktest=pf", "quiet", v, sizeof(v)) == 0);
    CHECK_STR(v, "");
    /* a key must match whole: "ktestx" is not "ktest" */
    CHECK(cmdline_get("ktestx=1", "ktest", v, sizeof(v)) == -1);
    /* init= takes the rest of the line, arguments and all */
    CHECK(cmdline_get("ktest=x init=/bin/sh -c 'echo hi'  ", "init", v, sizeof(v)) > 0);
    CHECK_STR(v, "/bin/sh -c 'echo hi'");
    /* ... so nothing after init= is a kernel option */
    CHECK(cmdline_get("init=/bin/echo ktest=gp", "ktest", v, sizeof(v)) == -1);
    /* truncated to the buffer, full length returned */
    char small[4];
    CHECK(cmdline_get("name=abcdef", "name", small, sizeof(small)) == 6);
    CHECK_STR(small, "abc");
    return check_done();
}

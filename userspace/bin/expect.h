/* expect.h — the one check of the full kernel's test programs (filetest,
 * sigtest): a named value against the one it must be, printed as
 * "ok NAME" or "FAIL NAME: got G, want W", and counted. Each program
 * includes it once and prints `passed`/`failed` at its end. */
#ifndef RINGLAB_EXPECT_H
#define RINGLAB_EXPECT_H

#include <stdio.h>

static int passed, failed;

static void
expect(const char *name, long got, long want)
{
    if (got == want) {
        printf("ok %s\n", name);
        passed++;
    } else {
        printf("FAIL %s: got %ld, want %ld\n", name, got, want);
        failed++;
    }
}

#endif

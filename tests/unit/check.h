/* check.h — a tiny test framework for the host unit tests.
 *
 *   CHECK(cond)            records a failure with file:line if cond is false
 *   CHECK_STR(got, want)   compares two strings
 *   return check_done();   prints "unit: N passed, N failed", exits 0 or 1 */
#ifndef RINGLAB_CHECK_H
#define RINGLAB_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (cond) {                                                        \
            check_passed++;                                                \
        } else {                                                           \
            check_failed++;                                                \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);         \
        }                                                                  \
    } while (0)

#define CHECK_STR(got, want)                                               \
    do {                                                                   \
        const char *g_ = (got), *w_ = (want);                              \
        if (g_ && strcmp(g_, w_) == 0) {                                   \
            check_passed++;                                                \
        } else {                                                           \
            check_failed++;                                                \
            printf("FAIL %s:%d: got '%s', want '%s'\n", __FILE__, __LINE__, \
                   g_ ? g_ : "(null)", w_);                                \
        }                                                                  \
    } while (0)

static inline int
check_done(void)
{
    printf("unit: %d passed, %d failed\n", check_passed, check_failed);
    return check_failed ? 1 : 0;
}

#endif

/* libctest.c — /bin/libctest: tests of our libc, run on the host (ctest
 * label userspace-host) and later inside ringlab. Needs only write, brk,
 * close, getpid and exit from the kernel.
 *
 * Prints one line per test, "libctest: <name> ok|FAIL", a FAIL line for
 * each failed check, and last "libctest: N passed, M failed". */
#include <errno.h>
#include <ringlab/syscall.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures;

#define CHECK(cond)                                                          \
    do {                                                                     \
        if (!(cond)) {                                                       \
            failures++;                                                      \
            printf("  FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);         \
        }                                                                    \
    } while (0)

#define CHECK_FMT(want, ...)                                                 \
    do {                                                                     \
        char b_[64];                                                         \
        int n_ = snprintf(b_, sizeof(b_), __VA_ARGS__);                      \
        if (strcmp(b_, want) != 0 || n_ != (int)strlen(want)) {              \
            failures++;                                                      \
            printf("  FAIL %s:%d: got '%s' (%d), want '%s'\n", __FILE__,     \
                   __LINE__, b_, n_, want);                                  \
        }                                                                    \
    } while (0)

static void
test_printf(void)
{
    CHECK_FMT("42 -7 0", "%d %i %u", 42, -7, 0u);
    CHECK_FMT("-2147483648", "%d", (int)0x80000000);
    CHECK_FMT("4294967295", "%u", 0xffffffffu);
    CHECK_FMT("ff FF 777", "%x %X %o", 255u, 255u, 0777u);
    CHECK_FMT("ffffffffffffffff", "%lx", ~0ul);
    CHECK_FMT("-9223372036854775808", "%ld", (long)INT64_MIN);
    CHECK_FMT("18446744073709551615", "%lu", ~0ul);
    CHECK_FMT("123 456", "%zu %lld", (size_t)123, 456ll);
    CHECK_FMT("0x1000 0x0", "%p %p", (void *)0x1000, (void *)0);
    CHECK_FMT("[   42][42   ][00042]", "[%5d][%-5d][%05d]", 42, 42, 42);
    CHECK_FMT("[-0042][ +42][ 42]", "[%05d][%+4d][% d]", -42, 42, 42);
    CHECK_FMT("[0x2a][052][00ab]", "[%#x][%#o][%.4x]", 42u, 42u, 0xabu);
    CHECK_FMT("[  abc][ab   ][ab]", "[%5s][%-5.2s][%.*s]", "abc", "abc", 2, "abc");
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#ifndef __clang__
#pragma GCC diagnostic ignored "-Wformat-overflow"
#endif
    CHECK_FMT("[x][  y][%][(null)]", "[%c][%3c][%%][%s]", 'x', 'y', (char *)0);
    CHECK_FMT("[    7]", "[%*d]", 5, 7);
    CHECK_FMT("-1 255 -1 65535", "%hhd %hhu %hd %hu", 255, 255, 65535, 65535);
    CHECK_FMT("%q", "%q");                      /* unknown: printed as is */
#pragma GCC diagnostic pop

    char small[4];
    CHECK(snprintf(small, sizeof(small), "%s", "abcdef") == 6);
    CHECK(strcmp(small, "abc") == 0);
    CHECK(snprintf(NULL, 0, "%d", 12345) == 5);
    char big[600];
    memset(big, 'z', sizeof(big) - 1);
    big[sizeof(big) - 1] = 0;
    /* longer than vdprintf's 256-byte buffer: written in several pieces */
    CHECK(dprintf(STDOUT_FILENO, "  %s\n", big) == (int)sizeof(big) + 2);
}

static void
test_string(void)
{
    char buf[32];

    CHECK(strlen("") == 0 && strlen("abc") == 3);
    CHECK(strnlen("abcdef", 3) == 3);
    CHECK(strcmp("abc", "abd") < 0 && strcmp("b", "a") > 0 && strcmp("x", "x") == 0);
    CHECK(strcmp("\xff", "a") > 0);             /* compares as unsigned char */
    CHECK(strncmp("abcx", "abcy", 3) == 0 && strncmp("ab", "abc", 3) < 0);
    const char *h = "hello";
    CHECK(strchr(h, 'l') == h + 2 && strrchr(h, 'l') == h + 3 && !strchr(h, 'z'));
    CHECK(strchr(h, '\0') == h + 5);
    CHECK(strstr(h, "ll") == h + 2 && !strstr(h, "lo!") && strstr(h, "") == h);
    CHECK(strspn("aab", "a") == 2 && strcspn("abc", "c") == 2);
    strcpy(buf, "ab");
    strcat(buf, "cd");
    CHECK(strcmp(buf, "abcd") == 0);
    CHECK(strlcpy(buf, "0123456789", 5) == 10 && strcmp(buf, "0123") == 0);
    memset(buf, 'x', sizeof(buf));
    strncpy(buf, "ab", 4);
    CHECK(memcmp(buf, "ab\0\0x", 5) == 0);
    strcpy(buf, "0123456789");
    memmove(buf + 2, buf, 5);                   /* overlapping, forwards */
    CHECK(strcmp(buf, "0101234789") == 0);
    memmove(buf, buf + 2, 5);                   /* overlapping, backwards */
    CHECK(strcmp(buf, "0123434789") == 0);
    CHECK(memchr(buf, '4', 10) == buf + 4 && !memchr(buf, 'z', 10));
}

static void
test_stdlib(void)
{
    char *end;

    CHECK(atoi("42") == 42 && atoi("-17") == -17 && atoi("  9x") == 9);
    CHECK(strtol("0x1f", NULL, 0) == 31 && strtol("017", NULL, 0) == 15);
    CHECK(strtoul("ff", &end, 16) == 255 && *end == '\0');
    CHECK(strtol("zz", &end, 10) == 0 && strcmp(end, "zz") == 0);
    CHECK(strtoul("18446744073709551615", NULL, 10) == ~0ul);
    CHECK(abs(-3) == 3);
}

static void
test_malloc(void)
{
    enum { N = 200 };
    unsigned char *p[N];

    CHECK(malloc(0) != NULL);
    for (int i = 0; i < N; i++) {
        p[i] = malloc((size_t)i * 37 + 1);
        CHECK(p[i] && ((uintptr_t)p[i] & 15) == 0);
        if (p[i])
            memset(p[i], i, (size_t)i * 37 + 1);
    }
    for (int i = 0; i < N; i += 2)              /* free every other one */
        free(p[i]);
    for (int i = 1; i < N; i += 2)
        CHECK(p[i][0] == i && p[i][i * 37] == i);
    for (int i = 1; i < N; i += 2)
        free(p[i]);
    char *big = malloc(1 << 20);                /* coalesced space, or more brk */
    CHECK(big != NULL);
    if (big)
        big[(1 << 20) - 1] = 1;
    free(big);
    char *r = malloc(8);
    strcpy(r, "realloc");
    r = realloc(r, 4000);
    CHECK(r && strcmp(r, "realloc") == 0);
    free(r);
    int *z = calloc(100, sizeof(int));
    int zero = 1;
    for (int i = 0; z && i < 100; i++)
        zero &= z[i] == 0;
    CHECK(z && zero);
    free(z);
    CHECK(calloc(SIZE_MAX / 2, 4) == NULL && errno == ENOMEM);
    CHECK(malloc(SIZE_MAX) == NULL);
    char *d = strdup("dup");
    CHECK(d && strcmp(d, "dup") == 0);
    free(d);
}

static void
test_syscalls(void)
{
    errno = 0;
    CHECK(close(-1) == -1 && errno == EBADF);
    CHECK(write(-1, "x", 1) == -1 && errno == EBADF);
    CHECK(syscall6(500, 0, 0, 0, 0, 0, 0) == -ENOSYS);
    CHECK(syscall(500) == -1 && errno == ENOSYS);
    CHECK(getpid() > 0);
    CHECK(strcmp(strerror(ENOENT), "No such file or directory") == 0);
    CHECK(strcmp(strerror(9999), "Unknown error") == 0);
    void *a = sbrk(0), *b = sbrk(4096);
    CHECK(a == b && sbrk(0) == (char *)a + 4096);
}

static const struct {
    const char *name;
    void (*run)(void);
} tests[] = {
    { "printf", test_printf },
    { "string", test_string },
    { "stdlib", test_stdlib },
    { "malloc", test_malloc },
    { "syscalls", test_syscalls },
};

int
main(void)
{
    int passed = 0, failed = 0;

    for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
        int before = failures;
        tests[i].run();
        printf("libctest: %s %s\n", tests[i].name, failures == before ? "ok" : "FAIL");
        if (failures == before)
            passed++;
        else
            failed++;
    }
    printf("libctest: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

/* usertests_elf.c — exec every file of the malformed-ELF corpus.
 *
 * scripts/mkbadelf.py writes the corpus into the initrd's /bad/, with an
 * index, /bad/INDEX: one line per file, "<name> <expected> # <defect>".
 * Each file is exec'd in a child; what happens must be <expected>:
 *
 *   ENOEXEC, ENOMEM, ...   execve returned that -errno (the child then
 *                          exits with 200 + errno, ut_exec_child)
 *   exit:N                 the file ran and exited with N (the controls)
 *   signal:N               the file ran and was killed by signal N
 *
 * Before and after the corpus, the frame balance: a refused exec, or one
 * that ran out of memory half-way, must give back every frame it took. */
#include "usertests.h"
#include <ringlab/syscall.h>
#include <ringlab/abi.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char index_text[16384];

static const struct {
    const char *name;
    int value;
} errnos[] = {
    { "ENOEXEC", ENOEXEC }, { "ENOMEM", ENOMEM }, { "ENOENT", ENOENT },
    { "E2BIG", E2BIG }, { "EFAULT", EFAULT }, { "EACCES", EACCES },
};

/* The wait status that `expected` means, or -1 if it makes no sense. */
static int
expected_status(const char *expected)
{
    if (strncmp(expected, "exit:", 5) == 0)
        return (atoi(expected + 5) & 0xff) << 8;
    if (strncmp(expected, "signal:", 7) == 0)
        return atoi(expected + 7);
    for (unsigned i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
        if (strcmp(expected, errnos[i].name) == 0)
            return (200 + errnos[i].value) << 8;
    return -1;
}

static long
read_index(void)
{
    long fd = SYSCALL2(SYS_open, "/bad/INDEX", O_RDONLY), n = 0, r;

    if (fd < 0)
        return fd;
    while ((r = SYSCALL3(SYS_read, fd, index_text + n, sizeof(index_text) - 1 - n)) > 0)
        n += r;
    SYSCALL1(SYS_close, fd);
    index_text[n] = '\0';
    return n;
}

static void
run_case(char *line)
{
    char path[80], test[80], *name = line, *expected, *end;

    if (!(end = strchr(line, ' ')))
        return;
    *end = '\0';
    expected = end + 1;
    if ((end = strchr(expected, ' ')))
        *end = '\0';
    snprintf(path, sizeof(path), "/bad/%s", name);
    snprintf(test, sizeof(test), "exec-bad-elf-%s", name);
    char *argv[] = { name, 0 };
    int want = expected_status(expected);
    int got = ut_exec_child(path, argv);
    ut_check(test, want != -1 && got == want, "wait status 0x%x, want 0x%x (%s)",
             got, want, expected);
}

void
ut_bad_elf(void)
{
    long n = read_index(), before = SYSCALL1(SYS_ringlab_stat, RL_STAT_FRAME_BALANCE);
    int cases = 0;

    if (n <= 0) {
        ut_fail("exec-bad-elf-index", "/bad/INDEX: %ld", n);
        return;
    }
    for (char *line = index_text, *next; *line; line = next) {
        next = strchr(line, '\n');
        next = next ? (*next = '\0', next + 1) : line + strlen(line);
        if (*line && *line != '#') {
            run_case(line);
            cases++;
        }
    }
    long after = SYSCALL1(SYS_ringlab_stat, RL_STAT_FRAME_BALANCE);
    ut_check("exec-bad-elf-frames-back", after == before && cases > 50,
             "%ld cases; %ld frames before, %ld after", (long)cases, before, after);
}

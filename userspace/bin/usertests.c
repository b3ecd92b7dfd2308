/* usertests.c — /bin/usertests [word]: the kernel against bad input, from
 * ring 3 (like xv6's usertests).
 *
 * A table of named tests, one line each ("ok <name>" or "FAIL <name>:
 * why"), in five groups:
 *
 *   1. bad arguments: every system call that takes a pointer gets NULL, a
 *      kernel address, a non-canonical one, an unmapped one, a read-only
 *      one where the kernel must write, one that straddles into an
 *      unmapped page; bad file descriptors, lengths, flags; unknown
 *      numbers. Each must fail with the right -errno (usertests_args.c);
 *   2. faults in ring 3: privileged instructions (cli, hlt, in/out, mov
 *      cr3, lgdt, wrmsr ...), divide by zero, ud2, int3, stack overflow
 *      into the guard page, writes to text ... each in a child process
 *      that must die by the right signal while this one goes on
 *      (usertests_faults.c);
 *   3. processes: fork until the table is full (-EAGAIN, not a crash),
 *      wait4's corner cases, RFLAGS bits a user may set (usertests_proc.c);
 *   4. exec of every file of the malformed-ELF corpus in /bad
 *      (usertests_elf.c, scripts/mkbadelf.py);
 *   5. the leak check: every frame and every kernel-heap byte is back
 *      (the ringlab_stat system call, kernel/mm/memstat.h).
 *
 * Last lines: "usertests: N passed, N failed" and, given a word,
 * "arg: <word>". Exit status 0 only if all passed. Faulting children are
 * this same program exec'd as "fault-<name>" (argv[0]), so the kernel's
 * one-line fault report names the test: "user fault: pid 9 (fault-cli)
 * #GP ...". */
#include "usertests.h"
#include <ringlab/syscall.h>
#include <ringlab/abi.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct ut_state ut;
static int passed, failed;

void
ut_pass(const char *name)
{
    printf("ok %s\n", name);
    passed++;
}

void
ut_fail(const char *name, const char *fmt, ...)
{
    char why[160];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    printf("FAIL %s: %s\n", name, why);
    failed++;
}

void
ut_check(const char *name, int ok, const char *fmt, ...)
{
    char why[160];
    va_list ap;

    if (ok) {
        ut_pass(name);
        return;
    }
    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    ut_fail(name, "%s", why);
}

int
ut_in_child(int (*fn)(void))
{
    int status = -1;
    long pid = SYSCALL0(SYS_fork);

    if (pid == 0)
        _exit(fn());
    if (pid < 0 || SYSCALL4(SYS_wait4, pid, &status, 0, 0) != pid)
        return -1;
    return status;
}

int
ut_exec_child(const char *path, char *const argv[])
{
    int status = -1;
    long pid = SYSCALL0(SYS_fork);

    if (pid == 0) {
        long err = SYSCALL3(SYS_execve, path, argv, 0);
        _exit(200 + (int)-err);         /* exec failed: 200 + errno */
    }
    if (pid < 0 || SYSCALL4(SYS_wait4, pid, &status, 0, 0) != pid)
        return -1;
    return status;
}

static long
stat_of(int what)
{
    return SYSCALL1(SYS_ringlab_stat, what);
}

/* A child that execs and exits, once: the kernel heap grows to what a
 * fork and an exec need before the baseline is taken. */
static void
warm_up(void)
{
    char *argv[] = { "fault-none", 0 };

    ut_exec_child(ut.self, argv);
}

static void
setup(const char *self)
{
    ut.self = self;
    ut.file_fd = SYSCALL2(SYS_open, "/bin/sh", O_RDONLY);
    ut.dir_fd = SYSCALL2(SYS_open, "/bin", O_RDONLY | O_DIRECTORY);
    ut.closed_fd = SYSCALL2(SYS_open, "/bin/sh", O_RDONLY);
    SYSCALL1(SYS_close, ut.closed_fd);
    /* One page of heap of our own, its last bytes not NUL: a string or a
     * buffer starting 4 bytes before its end runs into the unmapped page. */
    uint64_t start = (uint64_t)SYSCALL1(SYS_brk, 0);
    ut.heap_end = (start + 2 * 4096) & ~4095UL;
    SYSCALL1(SYS_brk, ut.heap_end);
    memset((char *)ut.heap_end - 4096, 'a', 4096);
}

int
main(int argc, char **argv)
{
    long balance, heap_used;

    if (argc >= 1 && strncmp(argv[0], "fault-", 6) == 0)
        return ut_fault_main(argv[0] + 6);
    setup("/bin/usertests");
    if (ut.file_fd < 0 || ut.dir_fd < 0) {
        printf("usertests: cannot open /bin/sh or /bin: %ld %ld\n", ut.file_fd, ut.dir_fd);
        return 1;
    }
    warm_up();
    balance = stat_of(RL_STAT_FRAME_BALANCE);
    heap_used = stat_of(RL_STAT_HEAP_USED);
    printf("usertests: %ld frames free, %ld processes\n", stat_of(RL_STAT_FREE_FRAMES),
           stat_of(RL_STAT_PROCESSES));

    ut_bad_arguments();
    ut_faults();
    ut_processes();
    ut_bad_elf();

    long balance2 = stat_of(RL_STAT_FRAME_BALANCE), heap_used2 = stat_of(RL_STAT_HEAP_USED);
    ut_check("frames-back-at-baseline", balance2 == balance,
             "%ld frames (free + kernel heap + kernel tables), %ld before: %ld leaked",
             balance2, balance, balance - balance2);
    ut_check("kernel-heap-back-at-baseline", heap_used2 == heap_used,
             "%ld bytes allocated, %ld before", heap_used2, heap_used);
    printf("usertests: %d passed, %d failed\n", passed, failed);
    if (argc > 1)
        printf("arg: %s\n", argv[1]);
    return failed ? 1 : 0;
}

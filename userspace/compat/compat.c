/* compat.c — what a student's own toolchain produces, run on ringlab.
 *
 * Built at build time by the host's compilers (userspace/compat.cmake):
 * gcc -static, gcc -static-pie, gcc (dynamic, glibc), musl-gcc -static,
 * musl-gcc (dynamic). Plain C and POSIX, nothing of ringlab's: each check
 * prints `ok NAME` or `FAIL NAME: why`, then `compat: N passed, N failed`,
 * and the exit status is the number of failures (so wait4 sees it too).
 *
 *   compat [CHECK]     every check, or only the one named
 *   compat exit N      exits with status N (the parent's exit-status check)
 *   compat env V N     exits 0 if COMPAT_ENV=V and there are N strings (N < 0:
 *                      any number) in the environment, else 3
 *   compat segv        dies of SIGSEGV with no handler (ditto)
 * (posix-spawn: a missing program is ENOENT, which glibc learns through the
 * memory its vfork child shares: clone's CLONE_VM.)
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const char *self;                /* argv[0]: exec'd again by checks */
static int passed, failed;

static void
report(const char *name, int ok, const char *why)
{
    if (ok) {
        printf("ok %s\n", name);
        passed++;
    } else {
        printf("FAIL %s: %s\n", name, why);
        failed++;
    }
    fflush(stdout);
}

/* argc/argv as given, an environment, and the auxiliary vector. */
static int
check_entry(int argc, char **argv)
{
    (void)argc;
    return argv[0] && argv[argc] == NULL && environ != NULL &&
           getauxval(AT_PAGESZ) == 4096 && getauxval(AT_ENTRY) != 0 &&
           getauxval(AT_PHDR) != 0 && getauxval(AT_RANDOM) != 0;
}

/* 1 MiB at once (mmap in both libcs), then many small blocks (brk). */
static int
check_malloc(void)
{
    unsigned char *big = malloc(1 << 20);
    void *small[1000];
    int ok = big != NULL;

    if (big) {
        memset(big, 0x5a, 1 << 20);
        ok = big[0] == 0x5a && big[(1 << 20) - 1] == 0x5a;
        free(big);
    }
    for (int i = 0; i < 1000; i++) {
        small[i] = malloc(16 + i % 200);
        if (!small[i])
            return 0;
        memset(small[i], i & 0xff, 16);
    }
    for (int i = 0; i < 1000; i++) {
        ok &= ((unsigned char *)small[i])[15] == (i & 0xff);
        free(small[i]);
    }
    return ok;
}

/* A file of the initrd, read with stdio. */
static int
check_fopen(void)
{
    char line[128];
    FILE *f = fopen("/etc/compat.txt", "r");
    int ok = f && fgets(line, sizeof(line), f) && strcmp(line, "ringlab compat\n") == 0;

    if (f)
        fclose(f);
    return ok;
}

/* A file of our own in /tmp: written, read back, removed. */
static int
check_tmp(void)
{
    char buf[32] = "";
    FILE *f = fopen("/tmp/compat-file", "w");

    if (!f || fprintf(f, "written %d\n", 42) < 0 || fclose(f) != 0)
        return 0;
    f = fopen("/tmp/compat-file", "r");
    if (!f || !fgets(buf, sizeof(buf), f))
        return 0;
    fclose(f);
    return strcmp(buf, "written 42\n") == 0 && unlink("/tmp/compat-file") == 0 &&
           access("/tmp/compat-file", F_OK) != 0;
}

/* fork, a pipe, exec of ourselves, and the child's exit status. */
static int
check_fork_pipe_exec(void)
{
    int fds[2], status = -1;
    char buf[16] = "";
    pid_t pid;

    if (pipe(fds) != 0)
        return 0;
    pid = fork();
    if (pid < 0)
        return 0;
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execl(self, self, "exit", "7", (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    ssize_t n = read(fds[0], buf, sizeof(buf) - 1);
    close(fds[0]);
    if (waitpid(pid, &status, 0) != pid)
        return 0;
    return n > 0 && strncmp(buf, "exiting 7", 9) == 0 && WIFEXITED(status) &&
           WEXITSTATUS(status) == 7;
}

/* `compat env VALUE N`: exits 0 if COMPAT_ENV is VALUE and the
 * environment has N strings (N < 0: any number), else 3. */
static int
env_child(const char *value, int count)
{
    int n = 0;

    while (environ[n])
        n++;
    return getenv("COMPAT_ENV") && strcmp(getenv("COMPAT_ENV"), value) == 0 &&
           (count < 0 || n == count) ? 0 : 3;
}

/* The exit status of `self env VALUE COUNT` exec'd with envp (NULL: with
 * execl, which passes environ). */
static int
env_status(char *const envp[], char *value, char *count)
{
    char *argv[] = { (char *)self, "env", value, count, NULL };
    int status = -1;
    pid_t pid = fork();

    if (pid == 0) {
        if (envp)
            execve(self, argv, envp);
        else
            execl(self, self, "env", value, count, (char *)NULL);
        _exit(127);
    }
    return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) ?
           WEXITSTATUS(status) : -1;
}

/* The environment: init's (the kernel gives it HOME=/), one chosen for
 * execve, and one inherited through execl after setenv. */
static int
check_environment(void)
{
    char *chosen[] = { "COMPAT_ENV=chosen", "OTHER=2", NULL };

    return getenv("HOME") && strcmp(getenv("HOME"), "/") == 0 &&
           env_status(chosen, "chosen", "2") == 0 &&
           setenv("COMPAT_ENV", "inherited", 1) == 0 &&
           env_status(NULL, "inherited", "-1") == 0 &&
           env_status(chosen, "not this", "2") == 3;   /* the check can fail */
}

/* A copy of ourselves in /tmp (mode 0755), run from there: exit 9. */
static int
check_exec_tmp(void)
{
    char buf[4096];
    int in = open(self, O_RDONLY), out = open("/tmp/compat-copy", O_WRONLY | O_CREAT, 0755);
    int status = -1, ok = in >= 0 && out >= 0;
    ssize_t n;
    pid_t pid;

    while (ok && (n = read(in, buf, sizeof(buf))) > 0)
        ok = write(out, buf, (size_t)n) == n;
    close(in), close(out);
    if (ok && (pid = fork()) == 0) {
        execl("/tmp/compat-copy", "/tmp/compat-copy", "exit", "9", (char *)NULL);
        _exit(127);
    }
    ok = ok && pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
         WEXITSTATUS(status) == 9;
    return unlink("/tmp/compat-copy") == 0 && ok;
}

/* posix_spawn of ourselves (the status of `compat env`) and of a program
 * that does not exist: ENOENT from posix_spawn itself, not a child that
 * exits 127. glibc's vfork child (clone with CLONE_VM | CLONE_VFORK)
 * writes the exec failure into the memory it shares with its parent, so
 * the parent sees it only if the memory is really shared; musl's sends it
 * through a close-on-exec pipe. */
static int
check_spawn(void)
{
    char *argv[] = { (char *)self, "env", "spawned", "1", NULL };
    char *envp[] = { "COMPAT_ENV=spawned", NULL };
    char *missing[] = { "/no/such", NULL };
    int status = -1, err;
    pid_t pid;

    if ((err = posix_spawn(&pid, self, NULL, NULL, argv, envp)) != 0 ||
        waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        errno = err;
        return 0;
    }
    err = posix_spawn(&pid, "/no/such", NULL, NULL, missing, envp);
    if (err == 0)
        waitpid(pid, &status, 0);
    errno = err;
    return err == ENOENT;
}

static volatile sig_atomic_t got_usr1;
static int *volatile bad_address = (int *)16;    /* the compiler cannot see it */
static sigjmp_buf segv_jump;

static void
on_usr1(int sig)
{
    got_usr1 = sig;
}

static void
on_segv(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    if (sig == SIGSEGV && si->si_addr == (void *)16)
        siglongjmp(segv_jump, 1);
    _exit(99);
}

/* A handler that runs and returns; a SIGSEGV caught with its address; a
 * child killed by SIGSEGV seen as such by the parent. */
static int
check_signals(void)
{
    struct sigaction sa;
    int status = -1;
    pid_t pid;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_usr1;
    if (sigaction(SIGUSR1, &sa, NULL) != 0 || kill(getpid(), SIGUSR1) != 0 || got_usr1 != SIGUSR1)
        return 0;
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    if (sigaction(SIGSEGV, &sa, NULL) != 0)
        return 0;
    if (sigsetjmp(segv_jump, 1) == 0) {
        *bad_address = 1;
        return 0;                       /* no fault: wrong */
    }
    signal(SIGSEGV, SIG_DFL);
    if ((pid = fork()) == 0) {
        execl(self, self, "segv", (char *)NULL);
        _exit(127);
    }
    return pid > 0 && waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
           WTERMSIG(status) == SIGSEGV;
}

/* printf of floating point: the libc's own conversion, and SSE state. */
static int
check_float(void)
{
    char buf[64];
    volatile double x = 2.0;

    snprintf(buf, sizeof(buf), "%.6f %.3e %g", 3.14159265358979, 1234.5, x / 3.0);
    return strcmp(buf, "3.141593 1.234e+03 0.666667") == 0;
}

struct check {
    const char *name;
    int (*fn)(void);
};

static const struct check checks[] = {
    { "malloc", check_malloc },
    { "fopen", check_fopen },
    { "tmp-file", check_tmp },
    { "fork-pipe-exec", check_fork_pipe_exec },
    { "environment", check_environment },
    { "exec-tmp", check_exec_tmp },
    { "posix-spawn", check_spawn },
    { "signals", check_signals },
    { "printf-float", check_float },
};

int
main(int argc, char **argv)
{
    const char *only = argc > 1 ? argv[1] : NULL;

    self = argv[0];
    if (only && strcmp(only, "exit") == 0 && argc > 2) {
        printf("exiting %s\n", argv[2]);
        fflush(stdout);
        exit(atoi(argv[2]));
    }
    if (only && strcmp(only, "env") == 0 && argc > 3)
        return env_child(argv[2], atoi(argv[3]));
    if (only && strcmp(only, "segv") == 0)
        *bad_address = 1;
    if (!only || strcmp(only, "entry") == 0)
        report("entry", check_entry(argc, argv), "argv, environ or the auxiliary vector");
    for (unsigned i = 0; i < sizeof(checks) / sizeof(checks[0]); i++)
        if (!only || strcmp(only, checks[i].name) == 0)
            report(checks[i].name, checks[i].fn(), strerror(errno));
    printf("compat: %d passed, %d failed\n", passed, failed);
    return failed;
}

/* sh.c — /bin/sh: a small shell. A static-PIE (see userspace/README.md).
 *
 *   sh                 read commands from standard input, prompting "$ "
 *   sh FILE            run the commands in FILE
 *   sh -c 'COMMAND'    run one command line
 *
 * A command line is words separated by blanks; '...' and "..." quote
 * blanks; # starts a comment. The first word is a builtin (exit, echo,
 * help) or a program: a word without '/' means /bin/<word>. Programs run
 * in a child: fork, execve in the child, wait4 in the parent.
 *
 * The exit status of sh is that of `exit N`, or else of the last command
 * (a command killed by signal S has status 128 + S). One exception: a
 * script (sh FILE) that runs to its end without `exit N` and in which a
 * command was killed exits with the status of the first killed command,
 * so that a crash in the middle of a script is not hidden behind a
 * later command that went well. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_LINE 512
#define MAX_ARGS 32

/* A line reader over a file descriptor, with a small buffer. It reads
 * ahead: a program that the shell runs and that reads the same fd (a
 * script piped into `sh`, then `cat` in it) misses what is buffered here.
 * Real shells read a pipe one byte at a time for that reason. */
struct input {
    int fd;
    char buf[512];
    size_t pos, len;
};

static int last_status;
static int first_killed;                /* 128 + signal, or 0: none killed */

/* Reads one line (without its '\n') into line[MAX_LINE]; returns 0 at
 * the end of the input. A longer line is cut. */
static int
read_line(struct input *in, char *line)
{
    size_t n = 0;
    int got = 0;

    for (;;) {
        if (in->pos == in->len) {
            ssize_t r = read(in->fd, in->buf, sizeof(in->buf));
            if (r <= 0)
                break;
            in->pos = 0;
            in->len = (size_t)r;
        }
        got = 1;
        char c = in->buf[in->pos++];
        if (c == '\n')
            break;
        if (n < MAX_LINE - 1)
            line[n++] = c;
    }
    line[n] = '\0';
    return got;
}

/* Splits line in place into argv[]; returns argc (argv[argc] = NULL). */
static int
parse(char *line, char **argv)
{
    int argc = 0;
    char *in = line, *out = line;

    for (;;) {
        while (*in == ' ' || *in == '\t')
            in++;
        if (!*in || *in == '#' || argc == MAX_ARGS)
            break;
        argv[argc++] = out;
        while (*in && *in != ' ' && *in != '\t') {
            char q = *in;
            if (q == '\'' || q == '"') {        /* copy up to the closing quote */
                for (in++; *in && *in != q;)
                    *out++ = *in++;
                if (*in)
                    in++;
            } else {
                *out++ = *in++;
            }
        }
        if (*in)
            in++;
        *out++ = '\0';
    }
    argv[argc] = NULL;
    return argc;
}

static int
builtin_exit(int argc, char **argv)
{
    exit(argc > 1 ? atoi(argv[1]) : last_status);
}

static int
builtin_echo(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        printf("%s%s", i > 1 ? " " : "", argv[i]);
    printf("\n");
    return 0;
}

static int builtin_help(int argc, char **argv);

/* A table of function pointers: in a static-PIE each entry is an
 * R_X86_64_RELATIVE relocation that crt0 must apply before main. */
static const struct builtin {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *help;
} builtins[] = {
    { "exit", builtin_exit, "exit [status]   leave the shell" },
    { "echo", builtin_echo, "echo [word ...] print the words" },
    { "help", builtin_help, "help            this list" },
};

#define NBUILTINS (sizeof(builtins) / sizeof(builtins[0]))

static int
builtin_help(int argc, char **argv)
{
    (void)argc, (void)argv;
    printf("builtins:\n");
    for (size_t i = 0; i < NBUILTINS; i++)
        printf("  %s\n", builtins[i].help);
    printf("other words run /bin/<word>, e.g. ls /bin\n");
    return 0;
}

/* fork, execve in the child, wait4 in the parent; returns the status. */
static int
run_program(char **argv)
{
    char path[MAX_LINE + 8];
    int status;
    pid_t pid;

    if (strchr(argv[0], '/'))
        strlcpy(path, argv[0], sizeof(path));
    else
        snprintf(path, sizeof(path), "/bin/%s", argv[0]);
    pid = fork();
    if (pid < 0) {
        dprintf(STDERR_FILENO, "sh: fork: %s\n", strerror(errno));
        return 126;
    }
    if (pid == 0) {
        execve(path, argv, environ);
        dprintf(STDERR_FILENO, "sh: %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    if (wait4(pid, &status, 0, NULL) < 0) {
        dprintf(STDERR_FILENO, "sh: wait4: %s\n", strerror(errno));
        return 126;
    }
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (!first_killed)
        first_killed = 128 + WTERMSIG(status);
    return 128 + WTERMSIG(status);
}

static void
run_line(char *line)
{
    char *argv[MAX_ARGS + 1];
    int argc = parse(line, argv);

    if (argc == 0)
        return;
    for (size_t i = 0; i < NBUILTINS; i++) {
        if (strcmp(argv[0], builtins[i].name) == 0) {
            last_status = builtins[i].run(argc, argv);
            return;
        }
    }
    last_status = run_program(argv);
}

static int
run_input(int fd, int prompt)
{
    static struct input in;             /* static: 512 bytes off the stack */
    char line[MAX_LINE];

    in = (struct input){ .fd = fd };
    for (;;) {
        if (prompt)
            printf("$ ");
        if (!read_line(&in, line))
            break;
        run_line(line);
    }
    if (prompt)
        printf("\n");
    else if (first_killed)
        return first_killed;            /* the end of a script: see the top */
    return last_status;
}

int
main(int argc, char **argv)
{
    char line[MAX_LINE];
    int fd;

    if (argc > 2 && strcmp(argv[1], "-c") == 0) {
        strlcpy(line, argv[2], sizeof(line));
        run_line(line);
        return last_status;
    }
    if (argc < 2)
        return run_input(STDIN_FILENO, 1);
    if ((fd = open(argv[1], O_RDONLY)) < 0) {
        dprintf(STDERR_FILENO, "sh: %s: %s\n", argv[1], strerror(errno));
        return 127;
    }
    return run_input(fd, 0);
}

/* sh.c — /bin/sh: a small shell. A static-PIE (see userspace/README.md).
 *
 *   sh                 read commands from standard input, prompting "$ "
 *   sh FILE            run the commands in FILE
 *   sh -c 'COMMAND'    run one command line
 *
 * A command is words separated by blanks; '...' and "..." quote blanks
 * and operators; # starts a comment; $? is the last status, $! the pid of
 * the last background command, $$ the shell's. The first word is a builtin
 * (help lists them) or a program: a word without '/' means /bin/<word>.
 * Programs run in a child: fork, execve in the child, wait4 in the parent.
 *
 *   a | b | c          a pipeline: its status is c's
 *   < f  > f  >> f     stdin from f, stdout to f (created, or emptied /
 *   2> f  2>&1         appended to); stderr to f, to where stdout goes
 *   a ; b   a & b      one after the other; a in the background (wait)
 *   a && b   a || b    b only if a succeeded / failed
 *
 * Pipes and redirections need the full kernel (pipe2, dup2). The parts:
 * sh.h; this file reads lines and holds the builtins, sh_parse.c parses,
 * sh_exec.c runs.
 *
 * The exit status of sh is that of `exit N`, or else of the last command
 * (a command killed by signal S has status 128 + S). One exception: a
 * script (sh FILE) that runs to its end without `exit N` and in which a
 * command was killed exits with the status of the first killed command,
 * so that a crash in the middle of a script is not hidden behind a
 * later command that went well. (A command here is a whole pipeline.) */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sh.h"

/* A line reader over a file descriptor, with a small buffer. It reads
 * ahead: a program that the shell runs and that reads the same fd (a
 * script piped into `sh`, then `cat` in it) misses what is buffered here.
 * Real shells read a pipe one byte at a time for that reason. */
struct input {
    int fd;
    char buf[512];
    size_t pos, len;
};

int last_status;
pid_t last_background;
int first_killed;
int interactive;

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

/* The status of a command wait4 reported: its exit code, or 128 + the
 * signal that killed it. */
int
status_of(int wait_status)
{
    if (WIFEXITED(wait_status))
        return WEXITSTATUS(wait_status);
    return 128 + WTERMSIG(wait_status);
}

static int
builtin_exit(int argc, char **argv)
{
    exit(argc > 1 ? atoi(argv[1]) : last_status);
}

static int
builtin_echo(int argc, char **argv)
{
    int newline = argc < 2 || strcmp(argv[1], "-n") != 0, first = newline ? 1 : 2;

    for (int i = first; i < argc; i++)
        printf("%s%s", i > first ? " " : "", argv[i]);
    if (newline)
        printf("\n");
    return 0;
}

static int
builtin_cd(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "/";

    if (chdir(dir) < 0) {
        dprintf(STDERR_FILENO, "sh: cd: %s: %s\n", dir, strerror(errno));
        return 1;
    }
    return 0;
}

/* wait: every background command; wait PID: that one, and its status. */
static int
builtin_wait(int argc, char **argv)
{
    int status;

    if (argc < 2) {
        while (wait4(-1, &status, 0, NULL) > 0)
            ;                           /* until -ECHILD: no child left */
        return 0;
    }
    if (wait4(atoi(argv[1]), &status, 0, NULL) < 0) {
        dprintf(STDERR_FILENO, "sh: wait: %s: %s\n", argv[1], strerror(errno));
        return 127;
    }
    return status_of(status);
}

static int
builtin_true(int argc, char **argv)
{
    (void)argc, (void)argv;
    return 0;
}

static int
builtin_false(int argc, char **argv)
{
    (void)argc, (void)argv;
    return 1;
}

static int builtin_help(int argc, char **argv);

/* A table of function pointers: in a static-PIE each entry is an
 * R_X86_64_RELATIVE relocation that crt0 must apply before main. */
static const struct builtin builtins[] = {
    { "exit", builtin_exit, "exit [status]         leave the shell" },
    { "echo", builtin_echo, "echo [-n] [word ...]  print the words (-n: no newline)" },
    { "help", builtin_help, "help                  this list" },
    { "cd", builtin_cd, "cd [dir]              change the working directory" },
    { "wait", builtin_wait, "wait [pid]            wait for background commands (cmd &)" },
    { "true", builtin_true, "true                  status 0" },
    { "false", builtin_false, "false                 status 1" },
};

#define NBUILTINS (sizeof(builtins) / sizeof(builtins[0]))

static int
builtin_help(int argc, char **argv)
{
    (void)argc, (void)argv;
    printf("builtins:\n");
    for (size_t i = 0; i < NBUILTINS; i++)
        printf("  %s\n", builtins[i].help);
    printf("other words run /bin/<word>, e.g. ls /bin | cat > /tmp/list\n");
    return 0;
}

const struct builtin *
find_builtin(const char *name)
{
    for (size_t i = 0; i < NBUILTINS; i++)
        if (strcmp(name, builtins[i].name) == 0)
            return &builtins[i];
    return NULL;
}

static int
run_input(int fd, int prompt)
{
    static struct input in;             /* static: 512 bytes off the stack */
    char line[MAX_LINE];

    in = (struct input){ .fd = fd };
    if ((interactive = prompt))
        signal(SIGINT, (sighandler_t)SIG_IGN);  /* ^C stops the program, not the shell */
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

/* gcc puts main first in .text (.text.startup), so its size decides where
 * _start lands: lab 4's handout quotes /bin/sh's entry, bias + 0x10c0. */
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

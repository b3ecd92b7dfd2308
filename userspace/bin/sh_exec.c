/* sh_exec.c — running a parsed line.
 *
 *   run_line        a line: parsed whole, then its and-or lists, separated
 *                   by ; or ended by &
 *   run_and_or      pipelines joined by && and ||
 *   run_pipeline    a | b | c: a child per command, a pipe between two
 *   run_command     in the child: redirect, then exec (or the builtin)
 *
 * The shell waits for every command of a pipeline; the pipeline's status
 * is its last command's. A builtin alone and without redirections runs in
 * the shell itself (exit, cd and wait must act on the shell, not on a
 * child); in a pipeline or with redirections it runs in a child, like a
 * program. Lab 4's kernel has neither pipe2 nor dup2: a pipe or a
 * redirection there fails with one line that says so, and the shell goes on. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sh.h"

/* The expanded words of the command about to run (in the shell for a
 * builtin, else in the child, which has its own copy). */
static char words[2 * MAX_LINE];

/* Expands c's words into argv[]; 0, or -1 after saying why. */
static int
expand_args(const struct command *c, char **argv)
{
    size_t used = 0;

    for (int i = 0; i < c->argc; i++) {
        int n = expand_word(c->argv[i], words + used, sizeof(words) - used);
        if (n < 0) {
            dprintf(STDERR_FILENO, "sh: the words are too long\n");
            return -1;
        }
        argv[i] = words + used;
        used += (size_t)n + 1;
    }
    argv[c->argc] = NULL;
    return 0;
}

/* Says why pipe2 or dup2 failed; returns 1, the status of the command. */
static int
say_failed(const char *call, const char *feature)
{
    if (errno == ENOSYS)                /* lab 4's kernel */
        dprintf(STDERR_FILENO, "sh: %s need the full kernel (%s: %s)\n",
                feature, call, strerror(errno));
    else
        dprintf(STDERR_FILENO, "sh: %s: %s\n", call, strerror(errno));
    return 1;
}

/* Makes `to` a copy of `from` and closes `from`; 0, or -1 after saying why. */
static int
move_fd(int from, int to, const char *feature)
{
    int err;

    if (from == to)
        return 0;
    err = dup2(from, to) < 0 ? errno : 0;
    close(from);
    errno = err;
    return err ? -say_failed("dup2", feature) : 0;
}

/* c's redirections, left to right: `> f 2>&1` sends both to f. */
static int
redirect(const struct command *c)
{
    /* Lab 4's kernel has no dup2: say so before opening (or failing to
     * create) a file for nothing. dup2(fd, fd) changes nothing elsewhere. */
    if (c->nredirs && dup2(c->redirs[0].fd, c->redirs[0].fd) < 0 && errno == ENOSYS)
        return -say_failed("dup2", "redirections");
    for (int i = 0; i < c->nredirs; i++) {
        const struct redir *r = &c->redirs[i];
        char name[MAX_LINE];
        int fd;

        if (expand_word(r->word, name, sizeof(name)) < 0)
            return -1;
        if (r->flags < 0) {             /* n>&m: m is a descriptor number */
            char *end;
            fd = (int)strtol(name, &end, 10);
            if (!*name || *end) {
                dprintf(STDERR_FILENO, "sh: %s: not a file descriptor\n", name);
                return -1;
            }
            if (fd != r->fd && dup2(fd, r->fd) < 0)
                return -say_failed("dup2", "redirections");
            continue;
        }
        if ((fd = open(name, r->flags, 0644)) < 0) {
            dprintf(STDERR_FILENO, "sh: %s: %s\n", name, strerror(errno));
            return -1;
        }
        if (move_fd(fd, r->fd, "redirections") < 0)
            return -1;
    }
    return 0;
}

/* In the child: stdin from `in`, stdout to `out` (-1: unchanged), the
 * redirections, then the program or the builtin. Never returns. */
static _Noreturn void
run_command(const struct command *c, int in, int out)
{
    char *argv[MAX_ARGS + 1];
    char path[MAX_LINE + 8];
    const struct builtin *b;

    if (interactive)
        signal(SIGINT, (sighandler_t)SIG_DFL);  /* the shell ignores ^C; they do not */
    if ((in >= 0 && move_fd(in, STDIN_FILENO, "pipes") < 0) ||
        (out >= 0 && move_fd(out, STDOUT_FILENO, "pipes") < 0))
        _exit(1);
    if (expand_args(c, argv) < 0 || redirect(c) < 0)
        _exit(1);
    if (c->argc == 0)
        _exit(0);                       /* only redirections: `> f` makes f */
    if ((b = find_builtin(argv[0])))
        _exit(b->run(c->argc, argv));
    if (strchr(argv[0], '/'))
        strlcpy(path, argv[0], sizeof(path));
    else
        snprintf(path, sizeof(path), "/bin/%s", argv[0]);
    execve(path, argv, environ);
    dprintf(STDERR_FILENO, "sh: %s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

/* The builtin a pipeline is, if it is one alone without redirections. */
static const struct builtin *
builtin_alone(const struct pipeline *pl)
{
    const struct command *c = &pl->cmds[0];
    char name[MAX_LINE];

    if (pl->ncmds > 1 || c->nredirs || c->argc == 0 ||
        expand_word(c->argv[0], name, sizeof(name)) < 0)
        return NULL;
    return find_builtin(name);
}

/* Starts the commands left to right, each reading the pipe the one before
 * writes; then waits for all it started. Returns the last one's status. */
static int
run_pipeline(const struct pipeline *pl)
{
    const struct builtin *b = builtin_alone(pl);
    pid_t pids[MAX_PIPE];
    int in = -1, n, status = 1, wstatus = 0;

    if (b) {
        char *argv[MAX_ARGS + 1];
        return expand_args(&pl->cmds[0], argv) < 0 ? 1 : b->run(pl->cmds[0].argc, argv);
    }
    for (n = 0; n < pl->ncmds; n++) {
        int p[2] = { -1, -1 };          /* this command's stdout, the next one's stdin */
        pid_t pid;

        /* O_CLOEXEC: a program never keeps a pipe end it was not given */
        if (n + 1 < pl->ncmds && pipe2(p, O_CLOEXEC) < 0) {
            say_failed("pipe2", "pipes");
            break;
        }
        if ((pid = fork()) == 0) {
            if (p[0] >= 0)
                close(p[0]);
            run_command(&pl->cmds[n], in, p[1]);
        }
        if (in >= 0)
            close(in);
        if (p[1] >= 0)
            close(p[1]);            /* else the reader never sees the end */
        in = p[0];
        if (pid < 0) {
            dprintf(STDERR_FILENO, "sh: fork: %s\n", strerror(errno));
            break;
        }
        pids[n] = pid;
    }
    if (in >= 0)
        close(in);
    for (int i = 0; i < n; i++) {
        if (wait4(pids[i], &wstatus, 0, NULL) < 0) {
            dprintf(STDERR_FILENO, "sh: wait4: %s\n", strerror(errno));
            wstatus = W_EXITCODE(126, 0);
        }
        if (i == pl->ncmds - 1)         /* all started: the last one's is the status */
            status = status_of(wstatus);
    }
    if (n == pl->ncmds && WIFSIGNALED(wstatus) && !first_killed)
        first_killed = status;
    return status;
}

/* Pipelines joined by && and || from t[*pos], up to ; & or the end: each
 * runs, or is skipped, by the status of the last one that ran. */
static void
run_and_or(const struct token *t, int *pos)
{
    static struct pipeline pl;
    enum token_kind op = T_SEMI;        /* (the first one always runs) */

    for (;;) {
        parse_pipeline(t, pos, &pl);    /* check_syntax made sure it parses */
        if (op == T_SEMI || (op == T_AND && last_status == 0) ||
            (op == T_OR && last_status != 0))
            last_status = run_pipeline(&pl);
        op = t[*pos].kind;
        if (op != T_AND && op != T_OR)
            return;
        (*pos)++;
    }
}

/* `list &`: the and-or list runs in a child that the shell does not wait
 * for; $! is its pid, and the builtin `wait` waits for it. */
static void
run_background(const struct token *t, int pos)
{
    pid_t pid = fork();

    if (pid == 0) {
        run_and_or(t, &pos);
        _exit(last_status);
    }
    if (pid < 0) {
        dprintf(STDERR_FILENO, "sh: fork: %s\n", strerror(errno));
        last_status = 1;
        return;
    }
    last_background = pid;
    last_status = 0;
}

static void
run_tokens(const struct token *t)
{
    int pos = 0;

    while (t[pos].kind != T_END) {
        int end = pos;                  /* the ; or & after this and-or list */

        while (t[end].kind != T_SEMI && t[end].kind != T_AMP && t[end].kind != T_END)
            end++;
        if (t[end].kind == T_AMP)
            run_background(t, pos);
        else
            run_and_or(t, &pos);
        pos = t[end].kind == T_END ? end : end + 1;
    }
}

/* Parses the whole line, then runs it: nothing runs if it does not parse. */
void
run_line(char *line)
{
    static struct token tokens[MAX_TOKENS];     /* static: off the stack */

    if (tokenize(line, tokens) < 0 || check_syntax(tokens) < 0) {
        last_status = 2;
        return;
    }
    run_tokens(tokens);
}

/* init.c — the first program(s) the kernel runs.
 *
 * `init=/path args...` on the kernel command line runs that program; when
 * it exits, the kernel powers off with its exit status. Several programs,
 * separated by ';', run side by side (`init=/bin/spin 1;/bin/spin 2`).
 * A double-quoted command line may hold ';': `init="/bin/sh -c 'a; b'"`
 * is one program with three arguments (the rules: below).
 * Without init=, the
 * stage's own list runs (lab 2: /bin/minimal then /bin/enosys; lab 3: two
 * CPU-bound programs beside the ENOSYS test). If a program cannot be
 * executed the kernel says why on one line and fails — it never faults. */
#include "proc/init.h"
#include "lib/cmdline.h"
#include "lib/errno.h"
#include "lib/kprintf.h"
#include "lib/string.h"
#include "proc/process.h"
#include "proc/sched.h"
#if RINGLAB_LAB >= 4
#include "mm/memstat.h"
#endif

#define INIT_MAX_ARGS     16
#define INIT_MAX_PROGRAMS 8
#define INIT_LINE_MAX     256

/* The quoting of init= (README, "The kernel command line"). Outside
 * double quotes, ' ' separates arguments, ';' separates programs and every
 * other byte is itself: a line with no '"' splits as it always has. A
 * "..." holds a command line of its own, split as a shell would split
 * it: ';' is an ordinary byte, ' ' still separates arguments, '...' is one
 * argument taken as it is, and \ takes the next byte as it is. The quotes
 * and backslashes are dropped; an unclosed quote runs to the end. */
enum quoting { PLAIN, DOUBLE, SINGLE };         /* SINGLE: '...' inside "..." */

/* Reads the byte at *p, moving *p past it: returns it, or -1 for a quote
 * (which only changes *q). In "...", \x reads as x. */
static int
next_byte(char **p, enum quoting *q)
{
    char c = *(*p)++;

    if (*q == PLAIN && c == '"')
        *q = DOUBLE;
    else if (*q == DOUBLE && (c == '"' || c == '\''))
        *q = c == '"' ? PLAIN : SINGLE;
    else if (*q == SINGLE && c == '\'')
        *q = DOUBLE;
    else if (*q == DOUBLE && c == '\\' && **p)
        return *(*p)++;
    else
        return c;
    return -1;
}

/* Where the program that starts `line` ends: its ';', or NULL (the last). */
static char *
program_end(char *line)
{
    enum quoting q = PLAIN;

    for (char *p = line; *p;) {
        if (*p == ';' && q == PLAIN)
            return p;
        next_byte(&p, &q);
    }
    return 0;
}

/* Splits `line` in place into argv, dropping the quoting; returns argc.
 * (Each argument is copied down over what it dropped: out <= p.) */
static int
split_args(char *line, char *argv[], int max)
{
    enum quoting q = PLAIN;
    char *p = line, *out = line;
    int argc = 0, c;

    while (*p && argc < max) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        argv[argc++] = out;
        while (*p && (*p != ' ' || q == SINGLE))
            if ((c = next_byte(&p, &q)) >= 0)
                *out++ = (char)c;
        if (*p)
            p++;                        /* past the blank, before it is overwritten */
        *out++ = '\0';
    }
    return argc;
}

/* Creates the process for one "path args" line; NULL if it cannot run. */
static struct process *
start(char *line)
{
    char *argv[INIT_MAX_ARGS];
    int argc = split_args(line, argv, INIT_MAX_ARGS), err = 0;
    const char *why = "";
    struct process *p;

    if (argc == 0) {
        kprintf("init: empty init= on the command line\n");
        return 0;
    }
    p = process_create(argv[0], argc, argv, &err, &why);
    if (p)
        p->is_init = 1;
    else
        kprintf("init: exec %s failed: -%s (%s)\n", argv[0], errno_name(err), why);
    return p;
}

/* After they all exited: report each one, free it, and return the first
 * non-zero exit status (0 if all succeeded). */
static int
collect(struct process *procs[], int n)
{
    int status = 0;

    for (int i = 0; i < n; i++) {
        struct process *p = procs[i];
        kprintf("init: %s exited with status %d\n", p->name, p->exit_status);
#if RINGLAB_LAB >= 3
        kprintf("init: %s was preempted %lu times\n", p->name, p->preemptions);
#endif
        if (p->exit_status && !status)
            status = p->exit_status;
        process_free(p);
    }
    return status;
}

#if RINGLAB_LAB >= 4
/* `memstat` on the command line: after init, is every frame back? (The
 * reliability tests' leak check; mm/memstat.h says what counts.) */
static void
memstat_report(const struct memstat *before)
{
    struct memstat after;

    memstat_snapshot(&after);
    kprintf("memstat: %lu frames free before init, %lu after (kernel heap +%lu pages, "
            "kernel tables +%lu): %ld frames leaked, %ld heap bytes still allocated\n",
            before->free_frames, after.free_frames, after.heap_pages - before->heap_pages,
            after.kernel_tables - before->kernel_tables,
            memstat_leaked_frames(before, &after),
            (int64_t)(after.heap_used - before->heap_used));
}
#endif

int
init_run(const char *cmdline, const char *default_programs[])
{
    static char lines[INIT_MAX_PROGRAMS][INIT_LINE_MAX];
    struct process *procs[INIT_MAX_PROGRAMS];
    int n = 0, failed = 0;
#if RINGLAB_LAB >= 4
    struct memstat before;
    char flag[4];
    int memstat = cmdline_get(cmdline, "memstat", flag, sizeof(flag)) >= 0;

    memstat_snapshot(&before);
#endif

    if (cmdline_get(cmdline, "init", lines[0], INIT_LINE_MAX) >= 0) {
        char *line = lines[0], *next;
        do {
            if ((next = program_end(line)))
                *next++ = '\0';
            if (!(procs[n] = start(line)))
                return 1;
            n++;
        } while ((line = next) && n < INIT_MAX_PROGRAMS);
    } else {
        for (int i = 0; default_programs[i] && n < INIT_MAX_PROGRAMS; i++) {
            strlcpy(lines[n], default_programs[i], INIT_LINE_MAX);
            if ((procs[n] = start(lines[n])))
                n++;
            else
                failed = 1;
        }
    }
    scheduler_run();
    int status = collect(procs, n) ?: failed;
#if RINGLAB_LAB >= 4
    if (memstat)
        memstat_report(&before);
#endif
    return status;
}

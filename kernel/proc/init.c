/* init.c — the first program(s) the kernel runs.
 *
 * `init=/path args...` on the kernel command line runs that program; when
 * it exits, the kernel powers off with its exit status. Without init=,
 * stage 2 and 3 run their lab's test programs in turn, and later stages
 * run /bin/sh. If init cannot be executed the kernel says why on one line
 * and fails — it never faults. */
#include "proc/init.h"
#include "boot/cmdline.h"
#include "lib/kprintf.h"
#include "lib/string.h"
#include "proc/process.h"
#include "syscall/errno.h"

#define INIT_MAX_ARGS 16

/* Splits `line` in place at spaces into argv; returns argc. */
static int
split_args(char *line, char *argv[], int max)
{
    int argc = 0;

    while (*line && argc < max) {
        while (*line == ' ')
            *line++ = '\0';
        if (!*line)
            break;
        argv[argc++] = line;
        while (*line && *line != ' ')
            line++;
    }
    return argc;
}

static int
run_one(char *line)
{
    char *argv[INIT_MAX_ARGS];
    int argc = split_args(line, argv, INIT_MAX_ARGS);
    const char *why = "";
    int status;

    if (argc == 0) {
        kprintf("init: empty init= on the command line\n");
        return 1;
    }
    status = process_run(argv[0], argc, argv, &why);
    if (status < 0) {
        kprintf("init: exec %s failed: -%s (%s)\n", argv[0], errno_name(status), why);
        return 1;
    }
    kprintf("init: %s exited with status %d\n", argv[0], status);
    return status;
}

int
init_run(const char *cmdline, const char *default_programs[])
{
    static char line[256];
    int status = 0;

    if (cmdline_get(cmdline, "init", line, sizeof(line)) >= 0)
        return run_one(line);
    for (int i = 0; default_programs[i] && status == 0; i++) {
        strlcpy(line, default_programs[i], sizeof(line));
        status = run_one(line);
    }
    return status;
}

/* Unit tests of kernel/proc/init.c: the programs and arguments init=
 * becomes (its quoting), seen through the process_create calls it makes.
 * The boot test shell.init-quoted checks the same through GRUB. */
#include <stdarg.h>
#include "check.h"
#include "proc/init.h"
#include "proc/process.h"
#include "proc/sched.h"

static char got[512];                   /* "[argv0][argv1];" per program */
static struct process procs[8];
static int nprocs;

struct process *
process_create(const char *path, int argc, char *const argv[], int *err, const char **why)
{
    (void)err, (void)why;
    for (int i = 0; i < argc; i++)
        snprintf(got + strlen(got), sizeof(got) - strlen(got), "[%s]", argv[i]);
    strcat(got, ";");
    struct process *p = &procs[nprocs++ % 8];
    memset(p, 0, sizeof(*p));
    snprintf(p->name, sizeof(p->name), "%s", path);
    return p;
}

void process_free(struct process *p) { (void)p; }
/* the memstat report (lab 4 on; no command line here asks for it) */
struct memstat;
void memstat_snapshot(struct memstat *m) { (void)m; }
int64_t memstat_leaked_frames(const struct memstat *a, const struct memstat *b)
{ (void)a, (void)b; return 0; }
void scheduler_run(void) {}
const char *errno_name(long err) { (void)err; return "E"; }

int
kprintf(const char *fmt, ...)
{
    (void)fmt;
    return 0;
}

static const char *
programs(const char *cmdline)
{
    static const char *none[] = { NULL };

    got[0] = '\0';
    nprocs = 0;
    init_run(cmdline, none);
    return got;
}

int
main(void)
{
    /* no double quote: split as it always was ('\'' and '\\' are bytes) */
    CHECK_STR(programs("init=/bin/spin 1 2000000;/bin/sh /etc/lab4.sh"),
              "[/bin/spin][1][2000000];[/bin/sh][/etc/lab4.sh];");
    CHECK_STR(programs("init=/bin/sh -c 'echo hi'"), "[/bin/sh][-c]['echo][hi'];");
    CHECK_STR(programs("init=/bin/echo a\\b  c;"), "[/bin/echo][a\\b][c];");
    /* a double-quoted command line: ';' is a byte, '...' one argument */
    CHECK_STR(programs("init=\"/bin/sh -c 'echo a; echo b'\""),
              "[/bin/sh][-c][echo a; echo b];");
    CHECK_STR(programs("memstat init=\"/bin/echo a;b\";/bin/echo c"),
              "[/bin/echo][a;b];[/bin/echo][c];");
    /* blanks still separate arguments inside "..." */
    CHECK_STR(programs("init=/bin/echo x\"y z\"w"), "[/bin/echo][xy][zw];");
    /* \ takes the next byte as it is, in "..." but not in '...' */
    CHECK_STR(programs("init=\"/bin/echo a\\ b \\\"q\\\" \\\\ \\'\""),
              "[/bin/echo][a b][\"q\"][\\]['];");
    CHECK_STR(programs("init=\"/bin/sh -c 'say \\\"x\\\"'\""), "[/bin/sh][-c][say \\\"x\\\"];");
    /* '"' inside '...' does not end the "..." */
    CHECK_STR(programs("init=\"/bin/echo 'a\"b;c'\""), "[/bin/echo][a\"b;c];");
    /* an empty argument; an unclosed quote runs to the end */
    CHECK_STR(programs("init=\"/bin/echo '' x\""), "[/bin/echo][][x];");
    CHECK_STR(programs("init=\"/bin/echo a;b"), "[/bin/echo][a;b];");
    CHECK_STR(programs("init=\"/bin/echo 'a; b"), "[/bin/echo][a; b];");
    return check_done();
}

/* usertests.h — what the parts of /bin/usertests share.
 *
 *   usertests.c         main, the result lines, the frame-leak check
 *   usertests_args.c    bad arguments: one table row per system call case
 *   usertests_faults.c  faults in ring 3, each in its own child process
 *   usertests_proc.c    processes: fork to the limit, wait4, flags, memory
 *   usertests_elf.c     exec of every file of the malformed-ELF corpus
 */
#ifndef USERTESTS_H
#define USERTESTS_H

#include <stdint.h>

/* Addresses no pointer argument may reach (kernel/arch/x86_64/memlayout.h). */
#define KERNEL_TEXT   0xffffffff80100000UL  /* the kernel image */
#define DIRECT_MAP    0xffff800000100000UL  /* all RAM, kernel only */
#define NON_CANON     0x0000800000000000UL  /* the first non-canonical address */
#define NON_CANON_HI  0xdead00000000beefUL  /* bits 63..48 not a sign extension */
#define UNMAPPED      0x0000000010000000UL  /* nothing is ever mapped here */
#define USER_TOP      0x0000800000000000UL
/* The user stack is the 64 KiB under 0x7ffffffff000; the page under it is
 * never mapped (exec refuses a segment there): a stack overflow faults. */
#define STACK_TOP     0x00007ffffffff000UL
#define STACK_GUARD   (STACK_TOP - 64 * 1024 - 4096)

#define NPROC 64            /* the kernel's process table (proc/process.h) */

/* Set up by main before the tests run. */
struct ut_state {
    long file_fd;           /* /bin/sh, open for reading */
    long dir_fd;            /* /bin, open */
    long closed_fd;         /* a number that was an fd and is closed now */
    uint64_t heap_end;      /* the end of the heap: the page above is unmapped */
    const char *self;       /* argv[0] of the tests themselves (for exec) */
};
extern struct ut_state ut;

/* One result line, "ok <name>" or "FAIL <name>: <why>"; counted. */
void ut_pass(const char *name);
void ut_fail(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ut_check(const char *name, int ok, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Forks; the child runs fn and exits with its result; returns the child's
 * wait status (or -1 if fork or wait failed). */
int ut_in_child(int (*fn)(void));
/* Runs argv[0]-named program `path` in a child: its wait status. */
int ut_exec_child(const char *path, char *const argv[]);

void ut_bad_arguments(void);
void ut_faults(void);
int ut_fault_main(const char *name);        /* in an exec'd "fault-<name>" */
void ut_processes(void);
void ut_bad_elf(void);

#endif

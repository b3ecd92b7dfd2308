/* nullsys.c — /bin/nullsys [-s] [N]: what one null syscall costs.
 *
 * Times N getpid calls and N turns of the same loop without the syscall,
 * with rdtsc, and prints the difference per call:
 *
 *   null_syscall_cycles <per call>  (the raw loop: <total> for <N> calls)
 *
 * Under QEMU with -icount shift=0 the TSC advances by exactly one per guest
 * instruction, so the figure is the number of instructions the round trip
 * user -> kernel -> user executes, the same in every run.
 *
 * With -s the figure is the exit status instead (up to 255), for a kernel
 * whose syscall handlers cannot read user memory, so write() fails: lab 2's
 * incident-A design, which runs every syscall on the kernel's own tables. */
#include <stdio.h>
#include <stdlib.h>

static inline unsigned long
rdtsc(void)
{
    unsigned int lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (unsigned long)hi << 32 | lo;
}

/* The loops are written in assembly so that the compiler cannot change
 * them: each turn is the same three instructions plus, or minus, the
 * syscall (mov eax, 39; syscall). */
static unsigned long
time_getpid(long n)
{
    unsigned long t0 = rdtsc();

    __asm__ volatile("1:\n\t"
                     "mov $39, %%eax\n\t"
                     "syscall\n\t"
                     "dec %0\n\t"
                     "jnz 1b"
                     : "+r"(n) : : "rax", "rcx", "r11", "memory");
    return rdtsc() - t0;
}

static unsigned long
time_empty(long n)
{
    unsigned long t0 = rdtsc();

    __asm__ volatile("1:\n\t"
                     "mov $39, %%eax\n\t"
                     "dec %0\n\t"
                     "jnz 1b"
                     : "+r"(n) : : "rax", "memory");
    return rdtsc() - t0;
}

int
main(int argc, char **argv)
{
    int status_only = argc > 1 && argv[1][0] == '-' && argv[1][1] == 's';
    long n = argc > 1 + status_only ? strtol(argv[1 + status_only], 0, 10) : 1000;
    unsigned long with, without;

    if (n <= 0)
        n = 1000;
    with = time_getpid(n);
    without = time_empty(n);
    if (status_only)
        return (int)((with - without + n / 2) / n > 255 ? 255 : (with - without + n / 2) / n);
    printf("null_syscall_cycles %lu  (the raw loop: %lu for %ld calls, %lu without the syscall)\n",
           (with - without + n / 2) / n, with, n, without);
    return 0;
}

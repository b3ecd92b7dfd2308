/* lazytlb.c — /bin/lazytlb: lab 5's check that an unmap reaches every CPU
 * that may still translate the page (needs two CPUs or more).
 *
 * A child, pid C, moves itself from CPU to CPU with sched_setaffinity:
 *
 *   CPU 1: C fills PAGES heap pages (their translations are now in CPU 1's
 *          TLB); C moves to CPU 0, and CPU 1 idles — still on C's page
 *          tables (lazy TLB: it loads no others until it runs someone else)
 *   CPU 0: C shrinks its heap: the pages are unmapped, their frames freed.
 *          C forks W, which grows its own heap over those frames (the
 *          allocator hands out the lowest free ones first) and writes
 *          "secret of pid W" on every page; W exits, C reaps it
 *   CPU 1: C comes back (its page tables are still in CR3: no reload, no
 *          TLB flush) and reads its old heap pages
 *
 * The unmap must have reached CPU 1 (a shootdown): C's first read faults,
 * and the kernel kills C. If it did not, C reads the freed frames through
 * CPU 1's stale TLB entries — another process's memory. The parent says
 * which:
 *
 *   lazytlb: ok: pid C's unmapped pages faulted on CPU 1
 *   lazytlb: pid C on CPU 1 read "secret of pid W" at 0x..., a page it unmapped on CPU 0
 *   lazytlb: FAIL: ...                                         (exit status 1)
 */
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096UL
#define PAGES 64

/* Run on `cpu` only, from now on; we are there when this returns. */
static void
move_to(int cpu)
{
    cpu_set_t set;

    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof(set), &set) || sched_getcpu() != cpu) {
        printf("lazytlb: FAIL: pid %d could not move to CPU %d\n", getpid(), cpu);
        exit(3);
    }
}

/* W: grows the heap over the frames C just freed, and leaves its secret
 * on every page. */
static void
write_secrets(char *heap)
{
    if (sbrk(2 * PAGES * PAGE) == (void *)-1)
        exit(4);
    for (unsigned long i = 0; i < 2 * PAGES; i++)
        snprintf(heap + i * PAGE, 64, "secret of pid %d", getpid());
    exit(0);
}

/* C: the experiment above. Returns only if the stale reads went through. */
static void
read_after_unmap(void)
{
    char *heap;
    pid_t w;

    move_to(1);
    heap = sbrk(0);
    heap += -(uintptr_t)heap & (PAGE - 1);              /* the first whole page */
    if (brk(heap + PAGES * PAGE))
        exit(4);
    for (unsigned long i = 0; i < PAGES; i++)
        snprintf(heap + i * PAGE, 64, "page %lu of pid %d", i, getpid());
    move_to(0);
    brk(heap);                                          /* unmapped, frames freed */
    if ((w = fork()) == 0)
        write_secrets(heap);
    waitpid(w, 0, 0);
    move_to(1);
    for (unsigned long i = 0; i < PAGES; i++) {
        const char *page = heap + i * PAGE;             /* should fault right here */
        if (!strncmp(page, "secret of pid", 13)) {
            printf("lazytlb: pid %d on CPU 1 read \"%s\" at %p, a page it unmapped on CPU 0\n",
                   getpid(), page, (void *)page);
            exit(1);
        }
    }
    printf("lazytlb: pid %d on CPU 1 read its %d unmapped pages (\"%s\" ...): no fault\n",
           getpid(), PAGES, heap);
    exit(1);
}

int
main(void)
{
    cpu_set_t online;
    int status;
    pid_t c;

    if (sched_getaffinity(0, sizeof(online), &online) || CPU_COUNT(&online) < 2) {
        printf("lazytlb: needs two CPUs or more (make run CPUS=2)\n");
        return 2;
    }
    move_to(0);
    if ((c = fork()) == 0)
        read_after_unmap();
    waitpid(c, &status, 0);
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV) {
        printf("lazytlb: ok: pid %d's unmapped pages faulted on CPU 1\n", c);
        return 0;
    }
    printf("lazytlb: FAIL: pid %d ended with wait status 0x%x, not killed by SIGSEGV\n",
           c, status);
    return 1;
}

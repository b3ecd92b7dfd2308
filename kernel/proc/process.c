/* process.c — creating a process from a program file, running it to its
 * end, and killing it when it faults.
 *
 * Stage 2 runs one process at a time: process_run() switches from the
 * kernel's own thread to the process's kernel stack (switch_context), the
 * process enters ring 3 with IRETQ, and its exit switches back. */
#include "proc/process.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/pagetable.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/syscall.h"
#include "fs/initrd.h"
#include "lib/kprintf.h"
#include "lib/string.h"
#include "mm/kheap.h"
#include "mm/vas.h"
#include "proc/elf.h"
#include "proc/initial_stack.h"
#include "syscall/syscall.h"
#include "syscall/errno.h"

static struct process the_process;       /* stage 2: one at a time */
static struct context *kernel_context;   /* where process_exit returns to */
static int next_pid = 1;

struct process *
current_process(void)
{
    return this_cpu()->current;
}

/* The first code a new process runs, on its own kernel stack. */
static void
process_first_entry(void)
{
    struct process *p = current_process();

    return_to_user(p->frame);           /* interrupts are off: see process_run */
}

/* Builds the kernel stack so that switch_context "returns" into
 * process_first_entry, with the user frame at the top:
 *
 *   kstack + KSTACK_SIZE -> +---------------------+
 *                           | struct trap_frame   |  the user registers
 *                 frame  -> +---------------------+
 *                           | struct context      |  rip = process_first_entry
 *               context  -> +---------------------+
 */
static void
prepare_kernel_stack(struct process *p, uint64_t entry, uint64_t user_rsp)
{
    uint8_t *top = p->kstack + KSTACK_SIZE;

    p->frame = (struct trap_frame *)top - 1;
    memset(p->frame, 0, sizeof(*p->frame));
    p->frame->vector = SYSCALL_VECTOR;  /* as if returning from execve */
    p->frame->rip = entry;
    p->frame->rsp = user_rsp;
    p->frame->rflags = 0x202;           /* IF=1, and bit 1 (always 1) */
    p->frame->cs = USER_CS;
    p->frame->ss = USER_DS;
    p->context = (struct context *)p->frame - 1;
    memset(p->context, 0, sizeof(*p->context));
    p->context->rip = (uint64_t)process_first_entry;
}

static int
load_program(struct process *p, const char *path, int argc, char *const argv[],
             const char **why)
{
    struct elf_image img;
    uint64_t rsp;
    int err;

    if (initrd_find(path, &p->image, &p->image_size) != 0) {
        *why = "no such file in the initrd";
        return -ENOENT;
    }
    if ((err = elf_load(p->vas, p->image, p->image_size, &img, why)))
        return err;
    for (uint64_t va = USER_STACK_TOP - USER_STACK_SIZE; va < USER_STACK_TOP; va += PAGE_SIZE)
        if (vas_map_new(p->vas, va, PTE_P | PTE_W | PTE_U | PTE_NX)) {
            *why = "out of memory for the stack";
            return -ENOMEM;
        }
    if ((err = initial_stack_build(p->vas, &img, argc, argv, rdtsc(), &rsp))) {
        *why = "too many arguments";
        return err;
    }
    prepare_kernel_stack(p, img.entry, rsp);
    p->load_bias = img.load_bias;
    if (syscall_tracing())
        kprintf("[exec] %s: entry 0x%lx, stack 0x%lx: to ring 3 with iretq\n",
                path, img.entry, rsp);
    return 0;
}

static void
process_free(struct process *p)
{
    if (p->vas)
        vas_destroy(p->vas);
    kfree(p->kstack);
    memset(p, 0, sizeof(*p));
}

int
process_run(const char *path, int argc, char *const argv[], const char **why)
{
    struct process *p = &the_process;
    int err, status;

    memset(p, 0, sizeof(*p));
    p->pid = next_pid++;
    strlcpy(p->name, path, sizeof(p->name));
    p->kstack = kmalloc(KSTACK_SIZE);
    p->vas = vas_create();
    if (!p->kstack || !p->vas) {
        *why = "out of memory";
        process_free(p);
        return -ENOMEM;
    }
    if ((err = load_program(p, path, argc, argv, why))) {
        process_free(p);
        return err;
    }
    cli();                              /* off until the IRETQ into ring 3 */
    this_cpu()->current = p;
    this_cpu()->kernel_rsp = (uint64_t)(p->kstack + KSTACK_SIZE);
    tss_set_rsp0((uint64_t)(p->kstack + KSTACK_SIZE));
    vas_switch(p->vas);                 /* CR3 is the process's from here */
    p->state = PROC_RUNNING;
    switch_context(&kernel_context, p->context);
    /* back here when the process has exited (process_exit) */
    vas_switch(vas_kernel());           /* the kernel's own CR3 again */
    this_cpu()->current = 0;
    status = p->exit_status;
    process_free(p);
    return status;
}

void
process_exit(struct process *p, int status)
{
    struct context *dummy;

    p->exit_status = status;
    p->state = PROC_ZOMBIE;
    switch_context(&dummy, kernel_context);
    panic("a zombie process was resumed");
}

/* process.c — creating a process from a program file, and ending it.
 *
 * A process is a slot in the process table: an address space (lab 1), a
 * kernel stack with a guard page (kstack.c), and the frame its first entry
 * to ring 3 will pop. sched.c decides when it runs. */
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
#include "mm/vas.h"
#include "proc/elf.h"
#include "proc/initial_stack.h"
#include "proc/kstack.h"
#include "proc/sched.h"
#include "syscall/errno.h"
#include "syscall/syscall.h"

static struct process table[NPROC];
static int next_pid = 1;

struct process *
current_process(void)
{
    return this_cpu()->current;
}

struct process *
process_slot(int slot)
{
    return &table[slot];
}

/* The first code a new process runs, on its own kernel stack, when the
 * scheduler first switches to it. Interrupts are off. */
static void
process_first_entry(void)
{
    return_to_user(current_process()->frame);
}

/* Builds the kernel stack so that switch_context "returns" into
 * process_first_entry, with the user frame at the top:
 *
 *   kstack_top -> +---------------------+
 *                 | struct trap_frame   |  the user registers
 *       frame  -> +---------------------+
 *                 | struct context      |  rip = process_first_entry
 *     context  -> +---------------------+
 */
static void
prepare_kernel_stack(struct process *p, uint64_t entry, uint64_t user_rsp)
{
    p->frame = (struct trap_frame *)p->kstack_top - 1;
    memset(p->frame, 0, sizeof(*p->frame));
    p->frame->vector = SYSCALL_VECTOR;  /* as if returning from execve */
    p->frame->rip = entry;
    p->frame->rsp = user_rsp;
    p->frame->rflags = RFLAGS_IF | 0x2; /* interrupts on in ring 3; bit 1 is always 1 */
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
        if (vas_map_new(p->vas, va, PTE_W | PTE_U | PTE_NX)) {
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

static struct process *
alloc_slot(void)
{
    for (int i = 0; i < NPROC; i++) {
        if (table[i].state == PROC_FREE) {
            memset(&table[i], 0, sizeof(table[i]));
            table[i].slot = i;
            table[i].pid = next_pid++;
            return &table[i];
        }
    }
    return 0;
}

/* The process's name: its command line ("/bin/spin 1"), cut to fit. */
static void
name_from_argv(char *name, int argc, char *const argv[])
{
    size_t n = 0;

    name[0] = '\0';
    for (int i = 0; i < argc && n + 1 < PROC_NAME_MAX; i++) {
        if (i)
            name[n++] = ' ';
        n += strlcpy(name + n, argv[i], PROC_NAME_MAX - n);
        if (n >= PROC_NAME_MAX)
            n = PROC_NAME_MAX - 1;
    }
    name[n] = '\0';
}

struct process *
process_create(const char *path, int argc, char *const argv[], int *err, const char **why)
{
    struct process *p = alloc_slot();

    if (!p) {
        *err = -EAGAIN, *why = "the process table is full";
        return 0;
    }
    name_from_argv(p->name, argc, argv);
    p->kstack_top = kstack_alloc(p->slot);
    p->vas = vas_create();
    if (!p->kstack_top || !p->vas) {
        *err = -ENOMEM, *why = "out of memory";
    } else if (!(*err = load_program(p, path, argc, argv, why))) {
        p->state = PROC_READY;
        return p;
    }
    p->state = PROC_ZOMBIE;
    process_free(p);
    return 0;
}

void
process_free(struct process *p)
{
    if (p->vas)
        vas_destroy(p->vas);
    if (p->kstack_top)
        kstack_free(p->slot);
    p->vas = 0;
    p->kstack_top = 0;
    p->state = PROC_FREE;
}

void
process_exit(struct process *p, int status)
{
    p->exit_status = status;
    /* Off this process's tables before anyone frees them; a CR3 switch
     * still pending for it (lab 3's next_cr3) is void. */
    vas_switch(vas_kernel());
#if RINGLAB_LAB >= 3
    this_cpu()->next_cr3 = 0;
#endif
    vas_destroy(p->vas);
    p->vas = 0;
    p->state = PROC_ZOMBIE;
    schedule();
    panic("a zombie process was resumed");
}

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
#include "arch/x86_64/panic.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/syscall.h"
#if RINGLAB_LAB >= 5
#include "arch/x86_64/kernel_lock.h"
#endif
#include "fs/file.h"
#include "fs/initrd.h"
#include "lib/errno.h"
#include "lib/kprintf.h"
#include "lib/string.h"
#if RINGLAB_LAB >= 3
#include "mm/cr3_switch.h"
#endif
#include "mm/vas.h"
#include "proc/elf.h"
#include "proc/initial_stack.h"
#if RINGLAB_LAB >= 6
#include "proc/program_file.h"
#endif
#include "proc/kstack.h"
#include "proc/sched.h"
#if RINGLAB_LAB >= 6
#include "proc/vma.h"
#endif

int process_trace_exec;
#if RINGLAB_LAB >= 5
int process_report_cpus;
#endif
void (*process_first_entry_hook)(void);

static struct process table[NPROC];
static int next_pid = 1;
static int slots_used;          /* slots at and above this were never used */

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

/* A high-water mark: every slot from here on is FREE. A loop over the
 * processes can stop here instead of at NPROC (the scheduler's loops run
 * on every tick and every switch, usually with a handful of processes). */
int
process_slots_used(void)
{
    return slots_used;
}
#if RINGLAB_LAB >= 5

struct process *
process_by_pid(int pid)
{
    for (int i = 0; i < slots_used; i++)
        if (table[i].state != PROC_FREE && table[i].pid == pid)
            return &table[i];
    return 0;
}
#endif

/* The first code a new process runs, on its own kernel stack, when the
 * scheduler first switches to it. Interrupts are off. */
static void
process_first_entry(void)
{
    struct process *p = current_process();

    fpu_restore(p);
    if (process_first_entry_hook)
        process_first_entry_hook();     /* `bench`: the first time, a line */
#if RINGLAB_LAB >= 5
    kernel_unlock();                    /* taken by the scheduler loop that ran it */
#endif
    return_to_user(p->frame);
}

/* The initial x87/SSE state of a new program (what `fninit` and a reset
 * MXCSR give): FCW 0x37f, all exceptions masked, MXCSR 0x1f80. */
static void
fpu_reset(uint8_t fpu[512])
{
    memset(fpu, 0, 512);
    fpu[0] = 0x7f, fpu[1] = 0x03;       /* FCW */
    fpu[24] = 0x80, fpu[25] = 0x1f;     /* MXCSR */
}

/* The user registers a new program starts with: all zero but RIP, RSP,
 * RFLAGS (IF on: ring 3 can be interrupted; bit 1 is always 1), CS, SS. */
void
frame_for_new_program(struct trap_frame *tf, uint64_t entry, uint64_t user_rsp)
{
    memset(tf, 0, sizeof(*tf));
    tf->vector = SYSCALL_VECTOR;        /* as if returning from execve */
    tf->rip = entry;
    tf->rsp = user_rsp;
    tf->rflags = RFLAGS_IF | 0x2;
    tf->cs = USER_CS;
    tf->ss = USER_DS;
}

/* Builds the kernel stack so that switch_context "returns" into `entry`
 * (process_first_entry, or fork's child), with the user frame at the top:
 *
 *   kstack_top -> +---------------------+
 *                 | struct trap_frame   |  the user registers
 *       frame  -> +---------------------+
 *                 | struct context      |  rip = entry
 *     context  -> +---------------------+
 */
void
process_prepare_stack(struct process *p, void (*entry)(void))
{
    p->frame = (struct trap_frame *)p->kstack_top - 1;
    p->context = (struct context *)p->frame - 1;
    memset(p->context, 0, sizeof(*p->context));
    p->context->rip = (uint64_t)entry;
}

/* Loads the program `path` into the (new, empty) address space `vas`:
 * its segments, a stack, and argc/argv/envp/auxv on it. */
int
program_load(struct vas *vas, const char *path, int argc, char *const argv[],
             struct loaded_program *lp, const char **why)
{
    struct elf_image img;
    int err;

#if RINGLAB_LAB >= 6
    /* the initrd's, or a /tmp file's; and its loader (proc/program_file.h) */
    if ((err = program_file_load(vas, path, &lp->image, &lp->image_size, &img, why)))
        return err;
#else
    if (initrd_find(path, &lp->image, &lp->image_size) != 0) {
        *why = "no such file in the initrd";
        return -ENOENT;
    }
    if ((err = elf_load(vas, lp->image, lp->image_size, &img, why)))
        return err;
#endif
    for (uint64_t va = USER_STACK_TOP - USER_STACK_SIZE; va < USER_STACK_TOP; va += PAGE_SIZE)
        if (vas_map_new(vas, va, PTE_W | PTE_U | PTE_NX)) {
            *why = "out of memory for the stack";
            return -ENOMEM;
        }
#if RINGLAB_LAB >= 6
    if ((err = initial_stack_build(vas, &img, argc, argv, lp->envp, rdtsc(), &lp->rsp))) {
#else
    if ((err = initial_stack_build(vas, &img, argc, argv, rdtsc(), &lp->rsp))) {
#endif
        *why = "too many arguments";
        return err;
    }
#ifdef BUG_4_ELF_FIRST_ENTRY
    lp->entry = img.entry + img.load_bias;      /* where the program starts */
#else
    lp->entry = img.entry;                      /* already includes the bias */
#endif
#if RINGLAB_LAB >= 6
    if (img.interp_entry)
        lp->entry = img.interp_entry;   /* the loader first; AT_ENTRY is the program's */
#endif
    lp->load_bias = img.load_bias;
    lp->brk = img.brk;
    if (process_trace_exec)
        kprintf("[exec] %s: entry 0x%lx, stack 0x%lx: to ring 3 with iretq\n",
                path, lp->entry, lp->rsp);
    return 0;
}

/* Makes p the program lp: registers, image (for symbols), heap, FPU, TLS. */
void
process_become(struct process *p, const struct loaded_program *lp)
{
    frame_for_new_program(p->frame, lp->entry, lp->rsp);
    p->image = lp->image;
    p->image_size = lp->image_size;
    p->load_bias = lp->load_bias;
    p->brk_start = p->brk = lp->brk;
    p->fs_base = 0;
    fpu_reset(p->fpu);
#if RINGLAB_LAB >= 6
    vma_clear(p);                       /* exec: the old program's areas are gone */
#endif
}

struct process *
process_alloc(void)
{
    for (int i = 0; i < NPROC; i++) {
        if (table[i].state == PROC_FREE) {
            memset(&table[i], 0, sizeof(table[i]));
            table[i].slot = i;
            table[i].pid = next_pid++;
#if RINGLAB_LAB >= 5
            table[i].cpus_allowed = ~0u;        /* any CPU, until it says otherwise */
#endif
            if (i >= slots_used)
                slots_used = i + 1;
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
    struct process *p = process_alloc();
    struct loaded_program lp;
#if RINGLAB_LAB >= 6
    /* what Linux gives init: a shell finds its home and its terminal */
    static char *const init_env[] = { "HOME=/", "TERM=linux", 0 };

    lp.envp = init_env;
#endif

    if (!p) {
        *err = -EAGAIN, *why = "the process table is full";
        return 0;
    }
    name_from_argv(p->name, argc, argv);
    p->kstack_top = kstack_alloc(p->slot);
    p->vas = vas_create();
    if (!p->kstack_top || !p->vas) {
        *err = -ENOMEM, *why = "out of memory";
    } else if (!(*err = program_load(p->vas, path, argc, argv, &lp, why))) {
        process_prepare_stack(p, process_first_entry);
        process_become(p, &lp);
#if RINGLAB_LAB >= 4
        files_init_console(p);
#endif
#if RINGLAB_LAB >= 6
        fs_context_init(&p->fs, path);
#endif
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
#if RINGLAB_LAB >= 6
    if (p->vas)
        vas_put(p->vas);                /* clone(CLONE_VM): others may share it */
#else
    if (p->vas)
        vas_destroy(p->vas);
#endif
    if (p->kstack_top)
        kstack_free(p->slot);
    p->vas = 0;
    p->kstack_top = 0;
#if RINGLAB_LAB >= 6
    vma_clear(p);
#endif
    p->state = PROC_FREE;
}

#if RINGLAB_LAB >= 4
/* Children of an exiting process are left to the kernel: a zombie among
 * them is freed now (nobody will wait for it), the others when they exit. */
static void
orphan_children(struct process *p)
{
    for (int i = 0; i < NPROC; i++) {
        struct process *q = &table[i];
        if (q->state == PROC_FREE || q->parent != p)
            continue;
        q->parent = 0;
        if (q->state == PROC_ZOMBIE)
            process_free(q);
    }
}
#endif

#if RINGLAB_LAB >= 5
static void
report_cpus(const struct process *p)
{
    kprintf("[smp] pid %d (%s) ran on CPUs", p->pid, p->name);
    for (int cpu = 0; cpu < 32; cpu++)
        if (p->ran_on & (1u << cpu))
            kprintf(" %d", cpu);
    kprintf(", preempted %lu times\n", p->preemptions);
}

#endif
void
process_exit(struct process *p, int status)
{
    p->exit_status = status;
#if RINGLAB_LAB >= 5
    if (process_report_cpus)
        report_cpus(p);
#endif
    /* Off this process's tables before anyone frees them; a CR3 switch
     * still pending for it (lab 3's deferred switch) is void. */
    vas_switch(vas_kernel());
#if RINGLAB_LAB >= 3
    cr3_cancel();
#endif
#if RINGLAB_LAB >= 6
    vas_put(p->vas);                    /* freed with the last process using it */
#else
    vas_destroy(p->vas);
#endif
    p->vas = 0;
#if RINGLAB_LAB >= 6
    vma_clear(p);
#endif
#if RINGLAB_LAB >= 4
    files_close_all(p);
    orphan_children(p);
    if (p->parent)
        sched_wakeup(p->parent);        /* it may be waiting in wait4 */
#if RINGLAB_LAB >= 6
    if (p->parent)
        signal_send(p->parent, SIGCHLD);    /* ignored unless it has a handler */
#endif
#endif
    p->state = PROC_ZOMBIE;
    schedule();
    panic("a zombie process was resumed");
}

void
process_kill(struct process *p, int signal)
{
    p->term_signal = signal;
    process_exit(p, 128 + signal);
}

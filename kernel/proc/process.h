/* process.h — a user process: an address space, a kernel stack, a frame. */
#ifndef RINGLAB_PROCESS_H
#define RINGLAB_PROCESS_H

#include <stddef.h>
#include <stdint.h>
#include "arch/x86_64/context.h"
#include "arch/x86_64/trap_frame.h"
#if RINGLAB_LAB >= 6
#include "proc/signal.h"
#include "fs/fs_context.h"
#endif

#define NPROC           64
#define PROC_NAME_MAX   32
#define USER_STACK_SIZE (64 * 1024)
#define NFILE           16          /* open files per process (lab 4) */

/* READY: may run; RUNNING: runs now; BLOCKED: waits (wait4, read, sleep)
 * until sched_wakeup(); ZOMBIE: exited, its status not collected yet. */
enum proc_state { PROC_FREE, PROC_READY, PROC_RUNNING, PROC_BLOCKED, PROC_ZOMBIE };

struct file;
struct vas;
#if RINGLAB_LAB >= 6
struct vma_list;
#endif

struct process {
    int pid;
    int slot;                       /* index in the process table */
    char name[PROC_NAME_MAX];
    enum proc_state state;
    struct vas *vas;
    uint64_t kstack_top;            /* TSS.RSP0 and GS:0 while it runs */
    struct context *context;        /* saved kernel registers while not running */
    struct trap_frame *frame;       /* user registers, at the kernel stack's top */
    const void *image;              /* the ELF file (in the initrd), for symbols */
    size_t image_size;
    uint64_t load_bias;             /* where an ET_DYN image was placed */
    uint64_t preemptions;           /* times the timer took the CPU away */
    int exit_status;                /* exit()'s code, or 128 + the signal */
    int term_signal;                /* the signal a fault killed it with, or 0 */
    int is_init;                    /* started by the kernel (init_run) */
    /* lab 4 */
    struct process *parent;         /* who wait4()s for it; NULL: the kernel */
    struct file *files[NFILE];      /* open files, by fd; 0..2 the console */
    uint64_t brk_start, brk;        /* the heap: [brk_start, brk) */
    uint64_t fs_base;               /* arch_prctl(ARCH_SET_FS): TLS pointer */
    uint8_t fpu[512] __attribute__((aligned(16)));  /* fxsave: x87/SSE state */
#if RINGLAB_LAB >= 5
    uint32_t ran_on;                /* lab 5: a bit for each CPU it has run on */
    uint32_t cpus_allowed;          /* ... and for each it may run on (affinity) */
#endif
#if RINGLAB_LAB >= 6
    struct vma_list *areas;         /* mmap's areas (proc/vma.h); NULL: none yet */
    struct signals sig;             /* masks, actions, group (signal.h) */
    struct fs_context fs;           /* cwd, program path, close-on-exec fds, limits */
    const void *sleep_chan;         /* what it sleeps on (proc/sleep.h), or NULL */
    int vfork_pending;              /* a vfork child: its parent waits for exec or exit */
    uint64_t futex_addr;            /* the futex word it waits on (sys_futex.c), or 0 */
    uint32_t futex_bitset;          /* ... and which FUTEX_WAKE_BITSETs may wake it */
#endif
};

/* A program loaded into an address space, not yet running. */
struct loaded_program {
    const void *image;              /* the ELF file, in the initrd */
    size_t image_size;
    uint64_t entry, rsp;            /* its first RIP and RSP */
    uint64_t load_bias;
    uint64_t brk;                   /* the end of its highest segment */
#if RINGLAB_LAB >= 6
    char *const *envp;              /* in: the environment to give it (NULL: none) */
#endif
};

int program_load(struct vas *vas, const char *path, int argc, char *const argv[],
                 struct loaded_program *lp, const char **why);
void process_become(struct process *p, const struct loaded_program *lp);
void process_prepare_stack(struct process *p, void (*entry)(void));
void frame_for_new_program(struct trap_frame *tf, uint64_t entry, uint64_t user_rsp);
struct process *process_alloc(void);

/* Creates a process running `path` with `argc` arguments, ready to run:
 * returns it, or NULL with *err (-errno) and *why set. */
struct process *process_create(const char *path, int argc, char *const argv[],
                               int *err, const char **why);
/* Frees a zombie's last resources (its kernel stack, its slot). */
void process_free(struct process *p);
struct process *current_process(void);
struct process *process_slot(int slot);
/* Slots at and above this one are FREE (and always were). */
int process_slots_used(void);
#if RINGLAB_LAB >= 5
/* The process (zombies included) with this pid, or NULL. */
struct process *process_by_pid(int pid);
#endif
/* Ends the current process with `status`; never returns. */
void process_exit(struct process *p, int status) __attribute__((noreturn));
/* Ends it as if killed by `signal` (a fault in ring 3). */
void process_kill(struct process *p, int signal) __attribute__((noreturn));

/* strace: program_load prints where each program starts. syscall/ turns
 * it on with the syscall trace (syscall_trace): proc/ is below syscall/
 * and cannot ask it. */
extern int process_trace_exec;
#if RINGLAB_LAB >= 5
/* `smpstat` (lab 5): process_exit says on which CPUs the process ran. */
extern int process_report_cpus;
#endif

/* Called right before each process's first entry to ring 3, if set. boot/
 * sets it (`make bench` times the boot up to init's first instruction):
 * proc/ is below boot/ and cannot call it itself. */
extern void (*process_first_entry_hook)(void);

#if RINGLAB_LAB >= 4
/* fork (fork.c): a copy of the current process, which returns to ring 3
 * with the registers `tf` and RAX = 0. Returns the child's pid or -errno. */
int64_t process_fork(const struct trap_frame *tf);
#if RINGLAB_LAB >= 6
/* The same, but with share_vm the child shares the caller's address space
 * and areas instead of copying them (clone's CLONE_VM). */
int64_t process_clone(const struct trap_frame *tf, int share_vm);
#endif
/* execve (exec.c): the current process becomes the program at the user
 * address user_path, with the NULL-terminated argv (envp is checked, not
 * kept; the full kernel passes it on). Returns 0 (the frame is the new
 * program's) or -errno. */
int64_t process_exec(uint64_t user_path, uint64_t user_argv, uint64_t user_envp);
/* wait4 (wait.c): a child's exit status into user memory. Returns its pid,
 * 0 (WNOHANG, none exited yet) or -errno. */
int64_t process_wait(int pid, uint64_t status_ptr, int options, uint64_t rusage_ptr);
#endif

#endif

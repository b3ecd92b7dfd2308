/* process.h — a user process: an address space, a kernel stack, a frame. */
#ifndef RINGLAB_PROCESS_H
#define RINGLAB_PROCESS_H

#include <stddef.h>
#include <stdint.h>
#include "arch/x86_64/context.h"
#include "arch/x86_64/trap_frame.h"

#define PROC_NAME_MAX   32
#define KSTACK_SIZE     (16 * 1024)
#define USER_STACK_SIZE (64 * 1024)

enum proc_state { PROC_FREE, PROC_READY, PROC_RUNNING, PROC_ZOMBIE };

struct process {
    int pid;
    char name[PROC_NAME_MAX];
    enum proc_state state;
    struct vas *vas;
    uint8_t *kstack;                /* kmalloc'd; kstack + KSTACK_SIZE = top */
    struct context *context;        /* saved kernel registers while not running */
    struct trap_frame *frame;       /* user registers, at the kernel stack's top */
    const void *image;              /* the ELF file (in the initrd), for symbols */
    size_t image_size;
    uint64_t load_bias;             /* where an ET_DYN image was placed */
    int exit_status;
};

/* Runs the program `path` with `argc` arguments until it exits, on this
 * kernel thread; returns its exit status, or -errno (and *why) if it could
 * not start. */
int process_run(const char *path, int argc, char *const argv[], const char **why);
struct process *current_process(void);
void process_exit(struct process *p, int status) __attribute__((noreturn));
void process_kill(struct process *p, int signal, const char *why) __attribute__((noreturn));

#endif

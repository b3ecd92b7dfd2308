/* exec.c — execve: the calling process becomes another program (lab 4).
 *
 * 1. copy the path and the arguments out of the old program's memory;
 * 2. build the new address space and load the program into it, with
 *    interrupts ON — a big program takes a while to copy, and the timer
 *    should keep ticking (other processes may run meanwhile);
 * 3. with interrupts OFF again: free the old address space (after moving
 *    the CPU off it), and make the frame the new program's first
 *    registers. Its CR3 is loaded on the way back to ring 3 (cr3_defer,
 *    the deferred switch of lab 3), and interrupts stay off until then.
 *
 * On any error before step 3 the old program goes on, with -errno. */
#include "proc/process.h"
#include "arch/x86_64/cpu.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/cr3_switch.h"
#include "mm/kheap.h"
#include "mm/usercopy.h"
#include "mm/vas.h"
#if RINGLAB_LAB >= 6
#include "fs/path.h"
#endif

#define EXEC_PATH_MAX 256
#define EXEC_MAX_ARGS 32
#define EXEC_ARGS_MAX 4096              /* bytes of argument strings */
#if RINGLAB_LAB >= 6
#define EXEC_MAX_ENV   128              /* environment strings */
#define EXEC_ENV_BYTES (16 * 1024)      /* ... and their bytes */
#endif

struct exec_args {
    char path[EXEC_PATH_MAX];
    char strings[EXEC_ARGS_MAX];
    char *argv[EXEC_MAX_ARGS + 1];
    int argc;
#if RINGLAB_LAB >= 6
    char env_strings[EXEC_ENV_BYTES];
    char *envp[EXEC_MAX_ENV + 1];       /* the new program's environment */
#endif
};

/* Copies a NULL-terminated array of user string pointers (argv[], envp[]):
 * at most max strings, their bytes into strings[0..size), vec[] pointing
 * at them and NULL-terminated. Returns how many, or -errno. */
static int
copy_strings(uint64_t user_vec, char *strings, size_t size, char **vec, int max)
{
    size_t used = 0;
    int n;

    for (n = 0; user_vec; n++) {
        uint64_t ptr;
        long len;
        if (copy_from_user(&ptr, user_vec + 8 * n, 8))
            return -EFAULT;
        if (!ptr)
            break;
        if (n == max)
            return -E2BIG;
        len = copy_string_from_user(strings + used, ptr, size - used);
        if (len < 0)
            return len == -ENAMETOOLONG ? -E2BIG : len;
        vec[n] = strings + used;
        used += len + 1;
    }
    vec[n] = 0;
    return n;
}

/* Copies argv[] (a NULL-terminated array of user pointers) into a. */
static int
copy_args(struct exec_args *a, uint64_t user_argv)
{
    a->argc = copy_strings(user_argv, a->strings, sizeof(a->strings), a->argv, EXEC_MAX_ARGS);
    return a->argc < 0 ? a->argc : 0;
}

#if RINGLAB_LAB >= 6
/* envp[] is copied like argv[], and the new program finds it on its stack
 * (initial_stack.c). */
static int
copy_env(struct exec_args *a, uint64_t user_envp)
{
    int n = copy_strings(user_envp, a->env_strings, sizeof(a->env_strings), a->envp,
                         EXEC_MAX_ENV);

    return n < 0 ? n : 0;
}
#else
#define EXEC_ENV_MAX   1024             /* envp entries checked */
#define EXEC_ENV_BYTES (128 * 1024)     /* ... and their bytes */

/* envp[] is read like argv[] but not kept: every program starts with an
 * empty environment (initial_stack.c). A bad pointer in it is still
 * -EFAULT, as on Linux, not silently ignored. */
static int
check_env(uint64_t user_envp)
{
    char chunk[64];
    size_t bytes = 0;

    for (int i = 0; user_envp; i++) {
        uint64_t ptr;
        long len;
        if (copy_from_user(&ptr, user_envp + 8 * i, 8))
            return -EFAULT;
        if (!ptr)
            return 0;
        if (i == EXEC_ENV_MAX)
            return -E2BIG;
        do {                            /* the string, a chunk at a time */
            len = copy_string_from_user(chunk, ptr, sizeof(chunk));
            ptr += sizeof(chunk) - 1;
            bytes += len < 0 ? sizeof(chunk) - 1 : (size_t)len + 1;
            if (bytes > EXEC_ENV_BYTES)
                return -E2BIG;
        } while (len == -ENAMETOOLONG);
        if (len < 0)
            return len;
    }
    return 0;
}
#endif

/* Step 3: the point of no return. Interrupts are off. */
static void
switch_to_new_program(struct process *p, struct vas *new, const struct loaded_program *lp,
                      struct exec_args *a)
{
    struct vas *old = p->vas;

    vas_switch(vas_kernel());           /* off the old tables ... */
#if RINGLAB_LAB >= 6
    vas_put(old);                       /* ... before they are freed (if not shared) */
#else
    vas_destroy(old);                   /* ... before they are freed */
#endif
    p->vas = new;
#ifndef BUG_4_ELF_EXEC_CR3_RACE
    cr3_defer(new);                     /* loaded right before ring 3 */
#endif
    process_become(p, lp);
#if RINGLAB_LAB >= 6
    signal_exec(p);                     /* the old program's handlers are gone */
#endif
    strlcpy(p->name, a->argv[0] ? a->argv[0] : a->path, sizeof(p->name));
#if RINGLAB_LAB >= 6
    process_exec_files(p, a->path);     /* close-on-exec, the path, vfork's parent */
#endif
}

int64_t
process_exec(uint64_t user_path, uint64_t user_argv, uint64_t user_envp)
{
    struct process *p = current_process();
    struct exec_args *a = kmalloc(sizeof(*a));  /* too big for the stack */
    struct loaded_program lp;
    const char *why = "";
    struct vas *new = 0;
    long err = a ? copy_string_from_user(a->path, user_path, sizeof(a->path)) : -ENOMEM;

#if RINGLAB_LAB >= 6
    if (err >= 0)
        err = path_absolute(p, AT_FDCWD, a->path, a->path, sizeof(a->path));
#endif
    if (err >= 0)
        err = copy_args(a, user_argv);
#if RINGLAB_LAB >= 6
    if (!err)
        err = copy_env(a, user_envp);
    lp.envp = a ? a->envp : 0;          /* for initial_stack_build */
#else
    if (!err)
        err = check_env(user_envp);
#endif
    if (!err && !(new = vas_create()))
        err = -ENOMEM;
    if (err) {
        kfree(a);
        return err;
    }
#ifdef BUG_4_ELF_EXEC_CR3_RACE
    cr3_defer(new);                     /* publish the new tables now */
#endif
    sti();                              /* step 2: a long copy, timer on */
    err = program_load(new, a->path, a->argc, a->argv, &lp, &why);
    cli();
    if (err)
        vas_destroy(new);
    else
        switch_to_new_program(p, new, &lp, a);
    kfree(a);
    return err;
}

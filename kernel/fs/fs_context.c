/* fs_context.c — a process's working directory, program path, close-on-exec
 * fds and limits (fs_context.h). */
#include "fs/fs_context.h"
#include "fs/file.h"
#include "lib/string.h"
#include "proc/process.h"
#include "proc/sleep.h"

/* The limits a new process reports: what the kernel's tables really allow
 * for files, processes and the stack; no limit on the rest. */
static void
limits_init(struct rlimit *l)
{
    for (int i = 0; i < RLIMIT_NLIMITS; i++)
        l[i].rlim_cur = l[i].rlim_max = RLIM_INFINITY;
    l[RLIMIT_NOFILE].rlim_cur = l[RLIMIT_NOFILE].rlim_max = NFILE;
    l[RLIMIT_NPROC].rlim_cur = l[RLIMIT_NPROC].rlim_max = NPROC;
    l[RLIMIT_STACK].rlim_cur = l[RLIMIT_STACK].rlim_max = USER_STACK_SIZE;
}

void
fs_context_init(struct fs_context *fs, const char *path)
{
    strlcpy(fs->cwd, "/", sizeof(fs->cwd));
    if (path[0] == '/')
        strlcpy(fs->exe, path, sizeof(fs->exe));
    else                                /* the kernel's "bin/sh" is "/bin/sh" */
        fs->exe[0] = '/', strlcpy(fs->exe + 1, path, sizeof(fs->exe) - 1);
    fs->cloexec = 0;
    fs->umask = 022;
    limits_init(fs->limits);
}

void
process_exec_files(struct process *p, const char *path)
{
    for (int fd = 0; fd < NFILE; fd++)
        if (p->fs.cloexec & (1u << fd))
            fd_close(p, fd);
    p->fs.cloexec = 0;
    strlcpy(p->fs.exe, path, sizeof(p->fs.exe));
    if (p->vfork_pending) {             /* the parent waits in clone (sys_clone.c) */
        p->vfork_pending = 0;
        wakeup_chan(p);
    }
}

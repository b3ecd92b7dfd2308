/* fs_context.h — what the full kernel keeps per process about files:
 * the working directory, the program's path (/proc/self/exe), which fds
 * close at exec (O_CLOEXEC, FD_CLOEXEC), the umask and the resource limits.
 *
 * It lives inside struct process (proc/process.h); fork copies it whole,
 * exec (process_exec_files) closes the close-on-exec fds and records the
 * new program's path. */
#ifndef RINGLAB_FS_CONTEXT_H
#define RINGLAB_FS_CONTEXT_H

#include <stdint.h>
#include "fs/initrd.h"
#include "ringlab/abi.h"

#define FS_PATH_MAX INITRD_PATH_MAX     /* an absolute path, with its NUL */

struct fs_context {
    char cwd[FS_PATH_MAX];          /* absolute and canonical: "/", "/tmp/a" */
    char exe[FS_PATH_MAX];          /* the program's absolute path */
    uint32_t cloexec;               /* bit n: fd n closes at exec */
    uint32_t umask;                 /* permission bits new files lose */
    struct rlimit limits[RLIMIT_NLIMITS];  /* reported, and kept, not enforced */
};

struct process;

/* A process the kernel starts: cwd "/", umask 022, the program `path`. */
void fs_context_init(struct fs_context *fs, const char *path);
/* exec's last step: close the close-on-exec fds, remember the program's
 * (absolute) path, and let a vfork parent go on. */
void process_exec_files(struct process *p, const char *path);

#endif

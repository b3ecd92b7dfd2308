/* sys/wait.h — waiting for a child process to end. */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H

#include <ringlab/abi.h>
#include <sys/types.h>

/* Decoding the status word (see W_EXITCODE in <ringlab/abi.h>). */
#define WEXITSTATUS(s)  (((s) >> 8) & 0xff)
#define WTERMSIG(s)     ((s) & 0x7f)
#define WIFEXITED(s)    (WTERMSIG(s) == 0)
#define WIFSIGNALED(s)  (WTERMSIG(s) != 0 && WTERMSIG(s) != 0x7f)

struct rusage;

pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru);
pid_t waitpid(pid_t pid, int *status, int options);

#endif

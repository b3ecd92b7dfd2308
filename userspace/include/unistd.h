/* unistd.h — processes, files and memory: thin wrappers of system calls.
 * Each returns what the system call returns, or -1 with errno set. */
#ifndef _UNISTD_H
#define _UNISTD_H

#include <sys/types.h>

#define STDIN_FILENO  0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

extern char **environ;

ssize_t read(int fd, void *buf, size_t count);
ssize_t write(int fd, const void *buf, size_t count);
int close(int fd);

pid_t getpid(void);
pid_t fork(void);
int execve(const char *path, char *const argv[], char *const envp[]);
_Noreturn void _exit(int status);       /* exit_group, no clean-up */
_Noreturn void exit_group(int status);  /* (falls back to exit, 60) */

int brk(void *addr);                    /* 0, or -1 with ENOMEM */
void *sbrk(long increment);             /* the old break, or (void *)-1 */

/* Any system call by number: the result, or -1 with errno set. */
long syscall(long number, ...);

#endif

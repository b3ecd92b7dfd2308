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

/* Files and directories (lib/sys_fs.c; the full kernel) */
off_t lseek(int fd, off_t off, int whence);
ssize_t pread(int fd, void *buf, size_t n, off_t off);
int access(const char *path, int mode);
int chdir(const char *path);
char *getcwd(char *buf, size_t size);
int unlink(const char *path);
int rmdir(const char *path);
int pipe(int fds[2]);
int pipe2(int fds[2], int flags);
int dup(int fd);
int dup2(int fd, int to);

/* Any system call by number: the result, or -1 with errno set. */
long syscall(long number, ...);

#endif

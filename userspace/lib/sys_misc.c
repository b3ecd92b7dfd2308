/* sys_misc.c — time, names and the FS base. */
#include <asm/prctl.h>
#include <ringlab/syscall.h>
#include <sys/utsname.h>
#include <time.h>

int
clock_gettime(clockid_t clock, struct timespec *ts)
{
    return (int)syscall_result(SYSCALL2(SYS_clock_gettime, clock, ts));
}

int
nanosleep(const struct timespec *req, struct timespec *rem)
{
    return (int)syscall_result(SYSCALL2(SYS_nanosleep, req, rem));
}

int
uname(struct utsname *buf)
{
    return (int)syscall_result(SYSCALL1(SYS_uname, buf));
}

int
arch_prctl(int code, unsigned long addr)
{
    return (int)syscall_result(SYSCALL2(SYS_arch_prctl, code, addr));
}

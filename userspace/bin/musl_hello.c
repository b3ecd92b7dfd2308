/* musl_hello.c — /bin/musl-hello and /bin/musl-hello-pie: a program built
 * with musl's libc (musl-gcc), not ours, to show that the kernel runs
 * unmodified static Linux binaries. Before main, musl's start code calls
 * arch_prctl(ARCH_SET_FS) and set_tid_address; printf then ends in ioctl
 * (TIOCGWINSZ; -ENOSYS is fine) and writev; exit in exit_group. */
#include <stdio.h>

int
main(int argc, char **argv)
{
    printf("hello from musl: %s, argc=%d\n", argv[0], argc);
    return 0;
}

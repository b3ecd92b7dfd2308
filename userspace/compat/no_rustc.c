/* no_rustc.c — /compat/rust-* when the build machine has no rustc
 * (userspace/compat.cmake): the Rust compat checks are skipped, and the
 * test reads why. */
#include <stdio.h>

int
main(void)
{
    printf("compat: skipped: rustc is not installed on the build machine\n");
    return 0;
}

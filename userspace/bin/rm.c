/* rm.c — /bin/rm: remove files (the full kernel's /tmp; the initrd is
 * read-only).
 *
 *   rm file ...        each is unlinked; status 1 if one could not be */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
    int status = 0;

    for (int i = 1; i < argc; i++) {
        if (unlink(argv[i]) < 0) {
            dprintf(STDERR_FILENO, "rm: %s: %s\n", argv[i], strerror(errno));
            status = 1;
        }
    }
    return status;
}

/* cat.c — /bin/cat: copy files (or standard input) to standard output.
 *
 *   cat [file ...]     no files, or "-": read fd 0 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Copies fd to stdout; returns 0, or -1 with errno set. */
static int
copy(int fd)
{
    char buf[1024];
    ssize_t n;

    while ((n = read(fd, buf, sizeof(buf))) > 0)
        for (ssize_t done = 0, w; done < n; done += w)
            if ((w = write(STDOUT_FILENO, buf + done, (size_t)(n - done))) <= 0)
                return -1;
    return n < 0 ? -1 : 0;
}

static int
cat_path(const char *path)
{
    int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY);

    if (fd < 0 || copy(fd) < 0) {
        dprintf(STDERR_FILENO, "cat: %s: %s\n", path, strerror(errno));
        return 1;
    }
    if (fd != STDIN_FILENO)
        close(fd);
    return 0;
}

int
main(int argc, char **argv)
{
    int status = 0;

    if (argc < 2)
        return cat_path("-");
    for (int i = 1; i < argc; i++)
        status |= cat_path(argv[i]);
    return status;
}

/* ls.c — /bin/ls: list a directory with getdents64.
 *
 *   ls [dir ...]       default "."; directories are shown with a '/' */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The records in buf[0..n), one name a line, skipping . and .. */
static void
print_records(const char *buf, ssize_t n)
{
    for (ssize_t off = 0; off < n;) {
        const struct linux_dirent64 *d = (const void *)(buf + off);
        if (strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0)
            printf("%s%s\n", d->d_name, d->d_type == DT_DIR ? "/" : "");
        off += d->d_reclen;
    }
}

static int
list(const char *path)
{
    char buf[1024] __attribute__((aligned(8)));
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    ssize_t n;

    if (fd < 0) {
        dprintf(STDERR_FILENO, "ls: %s: %s\n", path, strerror(errno));
        return 1;
    }
    while ((n = getdents64(fd, buf, sizeof(buf))) > 0)
        print_records(buf, n);
    if (n < 0)
        dprintf(STDERR_FILENO, "ls: %s: %s\n", path, strerror(errno));
    close(fd);
    return n < 0;
}

int
main(int argc, char **argv)
{
    int status = 0;

    if (argc < 2)
        return list(".");
    for (int i = 1; i < argc; i++) {
        if (argc > 2)
            printf("%s:\n", argv[i]);
        status |= list(argv[i]);
    }
    return status;
}

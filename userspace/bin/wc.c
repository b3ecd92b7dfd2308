/* wc.c — /bin/wc: count lines, words and bytes of files (or stdin).
 *
 *   wc [-l|-w|-c] [file ...]   no files, or "-": read fd 0
 *
 * Prints "lines words bytes name" per file (only the count asked for with
 * -l, -w or -c). A reader at the end of a pipe: it prints only once the
 * pipe's every writer has closed it, so a shell that leaks a write end
 * shows as a wc that never ends. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char only;                       /* 'l', 'w', 'c', or 0: all three */

static int
count(const char *name)
{
    int fd = strcmp(name, "-") == 0 ? STDIN_FILENO : open(name, O_RDONLY);
    unsigned long lines = 0, words = 0, bytes = 0;
    int in_word = 0;
    char buf[512];
    ssize_t n;

    if (fd < 0) {
        dprintf(STDERR_FILENO, "wc: %s: %s\n", name, strerror(errno));
        return 1;
    }
    while ((n = read(fd, buf, sizeof(buf))) > 0) {
        bytes += (unsigned long)n;
        for (ssize_t i = 0; i < n; i++) {
            int blank = buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n';
            lines += buf[i] == '\n';
            words += !blank && !in_word;
            in_word = !blank;
        }
    }
    if (fd != STDIN_FILENO)
        close(fd);
    if (only)
        printf("%lu", only == 'l' ? lines : only == 'w' ? words : bytes);
    else
        printf("%lu %lu %lu", lines, words, bytes);
    printf(fd == STDIN_FILENO ? "\n" : " %s\n", name);
    return n < 0;
}

int
main(int argc, char **argv)
{
    int i = 1, status = 0;

    if (argc > 1 && argv[1][0] == '-' && strchr("lwc", argv[1][1]) && argv[1][1] && !argv[1][2])
        only = argv[i++][1];
    if (i == argc)
        return count("-");
    for (; i < argc; i++)
        status |= count(argv[i]);
    return status;
}

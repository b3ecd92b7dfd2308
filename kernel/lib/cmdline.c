/* cmdline.c — finding key=value pairs in the kernel command line. */
#include "lib/cmdline.h"
#include "lib/string.h"

static int
copy_value(const char *v, int rest_of_line, char *out, size_t size)
{
    size_t n = 0;

    while (v[n] && (rest_of_line || v[n] != ' '))
        n++;
    while (rest_of_line && n && v[n - 1] == ' ')
        n--;                            /* trailing blanks are not arguments */
    if (size) {
        size_t c = n < size - 1 ? n : size - 1;
        memcpy(out, v, c);
        out[c] = '\0';
    }
    return (int)n;
}

int
cmdline_get(const char *cmdline, const char *key, char *out, size_t size)
{
    size_t klen = strlen(key);
    const char *p = cmdline;

    while (*p) {
        while (*p == ' ')
            p++;
        if (strncmp(p, key, klen) == 0 && (p[klen] == '=' || p[klen] == ' ' || !p[klen])) {
            if (p[klen] != '=')
                return copy_value("", 0, out, size);
            return copy_value(p + klen + 1, strcmp(key, "init") == 0, out, size);
        }
        if (strncmp(p, "init=", 5) == 0)
            break;                      /* the rest belongs to init */
        while (*p && *p != ' ')
            p++;
    }
    return -1;
}

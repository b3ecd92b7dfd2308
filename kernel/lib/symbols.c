/* symbols.c — symbolising addresses from the "symbols" GRUB module. */
#include "lib/symbols.h"
#include "lib/format.h"

static const char *sym_table;
static size_t sym_table_len;

static int
hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Parses one line at p: "<hex> <type> <name>". Returns the next line. */
static const char *
parse_line(const char *p, const char *end, uint64_t *addr, char *type,
           const char **name, int *name_len)
{
    int d;

    *addr = 0;
    *type = 0;
    *name_len = 0;
    while (p < end && (d = hexval(*p)) >= 0)
        *addr = *addr << 4 | (uint64_t)d, p++;
    if (p + 3 <= end && p[0] == ' ' && p[2] == ' ') {
        *type = p[1];
        p += 3;
        *name = p;
        while (p < end && *p != '\n')
            p++;
        *name_len = (int)(p - *name);
    }
    while (p < end && *p != '\n')
        p++;
    return p < end ? p + 1 : end;
}

int
sym_lookup(const char *table, size_t len, uint64_t addr, struct sym_result *r)
{
    const char *p = table, *end = table + len;
    int found = 0;

    while (p < end) {
        uint64_t a;
        char type;
        const char *name;
        int name_len;

        p = parse_line(p, end, &a, &type, &name, &name_len);
        if (type != 'T' && type != 't')
            continue;
        if (a > addr)
            break;                      /* sorted: nothing closer follows */
        *r = (struct sym_result){ a, name, name_len };
        found = 1;
    }
    return found ? 0 : -1;
}

void
symbols_init(const char *table, size_t len)
{
    sym_table = table;
    sym_table_len = len;
}

const char *
sym_str(uint64_t addr)
{
    static char bufs[4][80];
    static int next;
    char *b = bufs[next++ & 3];
    struct sym_result r;

    if (!sym_table || sym_lookup(sym_table, sym_table_len, addr, &r) != 0 ||
        addr - r.addr > 0x100000)
        return "?";
    ksnprintf(b, sizeof(bufs[0]), "%.*s+0x%lx", r.name_len, r.name, addr - r.addr);
    return b;
}

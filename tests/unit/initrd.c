/* Unit tests of kernel/fs/initrd.c: ustar archives built in memory, good
 * and malformed, plus (with an argument) the real build/userspace/initrd.tar.
 * Every archive lives in a heap block of exactly its length, so
 * AddressSanitizer reports any read past its end. */
#include <stdint.h>
#include <stdlib.h>
#include "check.h"
#include "fs/initrd.h"
#include "ringlab/errno_numbers.h"

#define BLOCK 512

/* An archive being built. */
struct tar {
    unsigned char buf[64 * BLOCK];
    size_t len;
};

static void
octal(char *field, size_t n, unsigned long v)
{
    snprintf(field, n, "%0*lo", (int)n - 1, v);
}

static void
set_checksum(unsigned char *h)
{
    unsigned sum = 0;

    memset(h + 148, ' ', 8);
    for (int i = 0; i < BLOCK; i++)
        sum += h[i];
    snprintf((char *)h + 148, 8, "%06o", sum);      /* 6 digits, NUL, space */
    h[155] = ' ';
}

/* Appends a member; returns its header (to spoil it afterwards). */
static unsigned char *
add(struct tar *t, const char *name, char type, const char *data, size_t size)
{
    unsigned char *h = t->buf + t->len;

    memset(h, 0, BLOCK);
    strncpy((char *)h, name, 100);
    octal((char *)h + 100, 8, 0755);
    octal((char *)h + 108, 8, 0);
    octal((char *)h + 116, 8, 0);
    octal((char *)h + 124, 12, size);
    octal((char *)h + 136, 12, 0);
    h[156] = type;
    memcpy(h + 257, "ustar\0" "00", 8);
    set_checksum(h);
    memcpy(h + BLOCK, data, size);
    memset(h + BLOCK + size, 0, (BLOCK - size % BLOCK) % BLOCK);
    t->len += BLOCK + (size + BLOCK - 1) / BLOCK * BLOCK;
    return h;
}

static void
finish(struct tar *t)
{
    memset(t->buf + t->len, 0, 2 * BLOCK);
    t->len += 2 * BLOCK;
}

/* initrd_init on a heap copy of buf[0..len); the copy stays alive until
 * the next call. */
static int
init_copy(const void *buf, size_t len)
{
    static unsigned char *copy;

    free(copy);
    copy = malloc(len ? len : 1);
    memcpy(copy, buf, len);
    return initrd_init(copy, len);
}

static const char ELF[] = "\x7f" "ELF minimal";

static void
build_good(struct tar *t)
{
    t->len = 0;
    add(t, "bin/", '5', "", 0);
    add(t, "bin/minimal", '0', ELF, sizeof(ELF));
    add(t, "./bin/sh", '\0', "#!sh", 4);
    add(t, "bin/link", '2', "", 0);                 /* a symlink: skipped */
    add(t, "extra/a/b.txt", '0', "b", 1);           /* no entries for extra/, extra/a/ */
    unsigned char *h = add(t, "long-name.txt", '0', "L", 1);
    memcpy(h + 345, "extra/deep", 10);              /* ustar prefix: extra/deep/long-name.txt */
    set_checksum(h);
    finish(t);
}

static void
test_find(void)
{
    static struct tar t;
    const void *data;
    size_t size;
    struct initrd_stat st;

    build_good(&t);
    CHECK(init_copy(t.buf, t.len) == 5);            /* the symlink does not count */
    CHECK(initrd_find("/bin/minimal", &data, &size) == 0);
    CHECK(size == sizeof(ELF) && memcmp(data, ELF, size) == 0);
    CHECK(initrd_find("bin/minimal", &data, &size) == 0);
    CHECK(initrd_find("./bin/sh", &data, &size) == 0 && size == 4);
    CHECK(memcmp(data, "#!sh", 4) == 0);
    CHECK(initrd_find("/bin/", &data, &size) == -EISDIR);
    CHECK(initrd_find("/bin/nope", &data, &size) == -ENOENT);
    CHECK(initrd_find("/bin/link", &data, &size) == -ENOENT);
    CHECK(initrd_find("/bin/min", &data, &size) == -ENOENT);
    CHECK(initrd_find("/extra/deep/long-name.txt", &data, &size) == 0 && size == 1);
    CHECK(initrd_lookup("/extra/a", &st) == 0 && st.type == INITRD_DIR);
    CHECK(initrd_lookup("/extra", &st) == 0 && st.type == INITRD_DIR);
    CHECK(initrd_lookup("/", &st) == 0 && st.type == INITRD_DIR);
    CHECK(initrd_lookup("", &st) == 0 && st.type == INITRD_DIR);
    CHECK(initrd_lookup("/extra/a/b.txt", &st) == 0 && st.type == INITRD_FILE);
    CHECK(initrd_lookup("/ex", &st) == -ENOENT);

    char big[400];
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = 0;
    CHECK(initrd_find(big, &data, &size) == -ENAMETOOLONG);

    /* no end-of-archive blocks: the archive just stops */
    CHECK(init_copy(t.buf, t.len - 2 * BLOCK) == 5);
    CHECK(initrd_find("/bin/sh", &data, &size) == 0);
}

/* The listing of dir as "name/ name ..." (directories with a '/'). */
static const char *
listing(const char *dir)
{
    static char out[256];
    char name[64];
    enum initrd_type type;
    size_t pos = 0;
    int r;

    out[0] = 0;
    while ((r = initrd_readdir(dir, &pos, name, sizeof(name), &type)) == 1) {
        strcat(out, name);
        strcat(out, type == INITRD_DIR ? "/ " : " ");
    }
    if (r < 0)
        snprintf(out, sizeof(out), "error %d", r);
    return out;
}

static void
test_readdir(void)
{
    static struct tar t;
    char name[4];
    size_t pos = 0;

    build_good(&t);
    CHECK(init_copy(t.buf, t.len) == 5);
    CHECK_STR(listing("/"), "bin/ extra/ ");
    CHECK_STR(listing("/bin"), "minimal sh ");
    CHECK_STR(listing("bin/"), "minimal sh ");
    CHECK_STR(listing("/extra"), "a/ deep/ ");
    CHECK_STR(listing("/extra/a"), "b.txt ");
    CHECK_STR(listing("/bin/sh"), "error -20");     /* -ENOTDIR */
    CHECK_STR(listing("/nope"), "error -2");        /* -ENOENT */
    CHECK(initrd_readdir("/bin", &pos, name, sizeof(name), NULL) == -ENAMETOOLONG);
    CHECK(pos == 0);                                /* unchanged: retry with more room */
    pos = 3;                                        /* not a block boundary */
    CHECK(initrd_readdir("/bin", &pos, name, sizeof(name), NULL) == 0);
    pos = (size_t)-1;                               /* far past the end */
    CHECK(initrd_readdir("/bin", &pos, name, sizeof(name), NULL) == 0);
}

/* Each way of spoiling one header must make initrd_init fail, and then
 * nothing is found. */
static void
test_malformed(void)
{
    static struct tar t;
    const void *data;
    size_t size;
    unsigned char *h;

    struct {
        const char *what;
        int offset;             /* where in the 2nd header to write */
        const char *bytes;
        int fix_checksum;
    } cases[] = {
        { "checksum", 148, "000001", 0 },
        { "checksum not octal", 148, "01x345", 0 },
        { "magic", 257, "ustaR", 1 },
        { "size not octal", 124, "0000000009", 1 },
        { "size past the end", 124, "00000777777", 1 },
        { "size huge", 124, "77777777777", 1 },
        { "size empty", 124, "\0\0\0\0\0\0\0\0\0\0\0", 1 },
        { "size junk after", 124, "0000000001x", 1 },
        { "mode not octal", 100, "07x5", 1 },
        { "mtime not octal", 136, "abc", 1 },
        { "empty name", 0, "\0", 1 },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        build_good(&t);
        h = t.buf + BLOCK;                          /* the bin/minimal header */
        memcpy(h + cases[i].offset, cases[i].bytes, strlen(cases[i].bytes) + 1);
        if (cases[i].fix_checksum)
            set_checksum(h);
        int r = init_copy(t.buf, t.len);
        if (r != -EINVAL)
            printf("case '%s': initrd_init gave %d\n", cases[i].what, r);
        CHECK(r == -EINVAL);
        CHECK(initrd_find("/bin/sh", &data, &size) == -ENOENT);
        CHECK_STR(listing("/"), "");
    }

    build_good(&t);
    CHECK(init_copy(t.buf, 2 * BLOCK + 100) == -EINVAL);    /* data cut off */
    CHECK(init_copy(t.buf, 2 * BLOCK + 20) == -EINVAL);     /* the padding too */
    CHECK(init_copy(t.buf, BLOCK + 511) == -EINVAL);        /* a torn header */
    CHECK(init_copy(t.buf, 0) == 0);                        /* empty: no files */
    CHECK(initrd_init(NULL, 1234) == 0);
    CHECK(initrd_find("/bin/sh", &data, &size) == -ENOENT);

    /* an old-GNU magic and a checksum counted with signed chars are fine */
    t.len = 0;
    h = add(&t, "caf\xc3\xa9", '0', "x", 1);
    memcpy(h + 257, "ustar  ", 8);
    int sum = 0;
    memset(h + 148, ' ', 8);
    for (int i = 0; i < BLOCK; i++)
        sum += (signed char)h[i];
    snprintf((char *)h + 148, 8, "%06o", sum);
    finish(&t);
    CHECK(init_copy(t.buf, t.len) == 1);
    CHECK(initrd_find("caf\xc3\xa9", &data, &size) == 0);
}

/* Flip bytes of the headers and cut the archive everywhere: whatever
 * initrd_init says, no read may leave the archive (ASan watches). */
static void
test_fuzz(void)
{
    static struct tar t;
    const void *data;
    size_t size, pos;
    char name[64];
    unsigned seed = 1;

    build_good(&t);
    for (size_t cut = 0; cut <= t.len; cut += 7) {
        init_copy(t.buf, cut);
        initrd_find("/extra/a/b.txt", &data, &size);
    }
    for (int round = 0; round < 3000; round++) {
        build_good(&t);
        for (int k = 0; k < 4; k++) {
            seed = seed * 1103515245 + 12345;
            t.buf[(seed >> 8) % t.len] ^= (unsigned char)(1 + (seed >> 20) % 255);
        }
        if (round % 2)                       /* often keep checksums valid */
            for (size_t off = 0; off < t.len; off += BLOCK)
                if (!memcmp(t.buf + off + 257, "ustar", 5))
                    set_checksum(t.buf + off);
        init_copy(t.buf, t.len);
        initrd_find("/bin/minimal", &data, &size);
        pos = 0;
        while (initrd_readdir("/", &pos, name, sizeof(name), NULL) == 1)
            ;
    }
    CHECK(1);
}

/* The archive scripts/mkinitrd.py made. */
static void
test_real(const char *path)
{
    FILE *f = fopen(path, "rb");
    static unsigned char buf[16 << 20];
    size_t len;
    const void *data;
    size_t size;

    CHECK(f != NULL);
    if (!f)
        return;
    len = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    CHECK(len > 0 && len % BLOCK == 0);
    CHECK(init_copy(buf, len) > 5);
    CHECK(initrd_find("/bin/minimal", &data, &size) == 0);
    CHECK(size > 64 && memcmp(data, "\x7f" "ELF", 4) == 0);
    CHECK(initrd_find("/bin/sh", &data, &size) == 0);
    CHECK(strstr(listing("/"), "bin/") != NULL);
    CHECK(strstr(listing("/bin"), "minimal ") != NULL);
    CHECK(strstr(listing("/bin"), "enosys ") != NULL);
    printf("initrd %s: / = %s\n", path, listing("/"));
    printf("/bin = %s\n", listing("/bin"));
}

int
main(int argc, char **argv)
{
    if (argc > 1) {
        test_real(argv[1]);
        return check_done();
    }
    test_find();
    test_readdir();
    test_malformed();
    test_fuzz();
    return check_done();
}

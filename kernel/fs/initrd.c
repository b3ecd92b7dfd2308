/* initrd.c — reading the ustar archive GRUB loaded (see initrd.h).
 *
 * A ustar archive (POSIX.1-1988, "pax" format's ancestor) is a run of
 * 512-byte blocks. Each member is one header block followed by its data,
 * padded to a whole block; the archive ends with a block of zeros (tar
 * writes two) or simply at its end:
 *
 *   | header | data ... pad | header | data ... pad | 0000 | 0000 |
 *
 * Every number in a header is ASCII octal. Nothing in a header is trusted:
 * the checksum, magic, numbers and sizes are checked, and every read is
 * bounded by the archive's length, so a malformed archive gives -EINVAL,
 * never a read out of bounds. */
#include <stddef.h>
#include <stdint.h>
#include "fs/initrd.h"
#if RINGLAB_LAB >= 6
#include "arch/x86_64/cpu.h"            /* irq_save: link_target */
#endif
#include "lib/string.h"
#include "ringlab/errno_numbers.h"

#define BLOCK 512

struct ustar_header {
    char name[100];             /* NUL-terminated unless all 100 are used */
    char mode[8];               /* numbers: octal digits, then NUL or space */
    char uid[8];
    char gid[8];
    char size[12];
    char mtime[12];
    char checksum[8];           /* sum of the header's bytes, this field as spaces */
    char typeflag;              /* '0' or NUL file, '5' directory, ... */
    char linkname[100];
    char magic[6];              /* "ustar\0" (POSIX) or "ustar " (old GNU) */
    char version[2];
    char uname[32];
    char gname[32];
    char devmajor[8];
    char devminor[8];
    char prefix[155];           /* the path is prefix "/" name when set */
    char pad[12];
};
_Static_assert(sizeof(struct ustar_header) == BLOCK, "a ustar header is one block");

/* One member, parsed. */
struct entry {
    char path[INITRD_PATH_MAX]; /* normalised: see normalise() */
    int kind;                   /* INITRD_FILE, INITRD_DIR, or 0: skipped type */
    const uint8_t *data;
    size_t size;
};

static const uint8_t *archive;  /* NULL: no valid archive */
static size_t archive_len;

/* An octal field of n bytes: leading spaces, octal digits, then only NULs
 * or spaces. Returns 0 and *out, or -1. An empty field is 0 if allowed. */
static int
parse_octal(const char *f, size_t n, int allow_empty, uint64_t *out)
{
    size_t i = 0, digits = 0;
    uint64_t v = 0;

    while (i < n && f[i] == ' ')
        i++;
    for (; i < n && f[i] >= '0' && f[i] <= '7'; i++, digits++) {
        if (v >> 60)
            return -1;                  /* would overflow 64 bits */
        v = v * 8 + (uint64_t)(f[i] - '0');
    }
    for (; i < n; i++)
        if (f[i] != '\0' && f[i] != ' ')
            return -1;
    if (!digits && !allow_empty)
        return -1;
    *out = v;
    return 0;
}

/* The header's byte sum with its checksum field (8 bytes at offset 148)
 * counted as spaces: every byte added, then the field's taken back out. */
#define CHECKSUM_AT 148
_Static_assert(offsetof(struct ustar_header, checksum) == CHECKSUM_AT, "the ustar layout");

static uint64_t
sum_unsigned(const uint8_t *b)
{
    uint64_t sum = 8 * ' ';

    for (size_t i = 0; i < BLOCK; i++)
        sum += b[i];
    for (size_t i = CHECKSUM_AT; i < CHECKSUM_AT + 8; i++)
        sum -= b[i];
    return sum;
}

static int64_t
sum_signed(const uint8_t *b)
{
    int64_t sum = 8 * ' ';

    for (size_t i = 0; i < BLOCK; i++)
        sum += (int8_t)b[i];
    for (size_t i = CHECKSUM_AT; i < CHECKSUM_AT + 8; i++)
        sum -= (int8_t)b[i];
    return sum;
}

/* The stored checksum must equal the byte sum, counted unsigned (POSIX)
 * or, only if that fails, signed (some old tars). Every header is checked
 * at every boot: one plain sum per header, not two. */
static int
checksum_ok(const struct ustar_header *h)
{
    const uint8_t *b = (const uint8_t *)h;
    uint64_t stored;

    if (parse_octal(h->checksum, sizeof(h->checksum), 0, &stored) < 0)
        return 0;
    return stored == sum_unsigned(b) || (int64_t)stored == sum_signed(b);
}

static int
fields_ok(const struct ustar_header *h)
{
    uint64_t v;

    return memcmp(h->magic, "ustar", 5) == 0 &&
           (h->magic[5] == '\0' || h->magic[5] == ' ') &&
           parse_octal(h->mode, sizeof(h->mode), 1, &v) == 0 &&
           parse_octal(h->uid, sizeof(h->uid), 1, &v) == 0 &&
           parse_octal(h->gid, sizeof(h->gid), 1, &v) == 0 &&
           parse_octal(h->mtime, sizeof(h->mtime), 1, &v) == 0 &&
           checksum_ok(h);
}

/* Normalises a path in place: no leading "/" or "./", no trailing "/".
 * "" is the root. */
static void
normalise(char *p)
{
    size_t n, skip = 0;

    for (;;) {
        if (p[skip] == '/')
            skip++;
        else if (p[skip] == '.' && p[skip + 1] == '/')
            skip += 2;
        else
            break;
    }
    if (p[skip] == '.' && p[skip + 1] == '\0')
        skip++;                         /* "." and "./" are the root too */
    n = strlen(p + skip);
    memmove(p, p + skip, n + 1);
    while (n && p[n - 1] == '/')
        p[--n] = '\0';
}

/* The member's path: prefix "/" name, each field possibly unterminated. */
static int
header_path(const struct ustar_header *h, char *path)
{
    size_t np = strnlen(h->prefix, sizeof(h->prefix));
    size_t nn = strnlen(h->name, sizeof(h->name));
    size_t o = 0;

    if (nn == 0)
        return -1;
    if (np) {
        memcpy(path, h->prefix, np);
        path[np] = '/';
        o = np + 1;
    }
    memcpy(path + o, h->name, nn);      /* o + nn <= 155 + 1 + 100 < PATH_MAX */
    path[o + nn] = '\0';
    normalise(path);
    return 0;
}

static int
is_zero_block(const uint8_t *b)
{
    for (size_t i = 0; i < BLOCK; i++)
        if (b[i])
            return 0;
    return 1;
}

#if RINGLAB_LAB >= 6
static int next_entry(size_t *off, struct entry *e, int verify);

/* A hard link (typeflag '1') is another name for a regular member: e gets
 * that member's data (a busybox userland names every applet this way).
 * A link to a link, or to nothing, stays a skipped member (kind 0).
 * Interrupts stay off during the look-up: `resolving` belongs to whoever
 * is looking, and exec looks things up with interrupts on. */
static void
link_target(const struct ustar_header *h, struct entry *e)
{
    static int resolving;               /* links met while looking are skipped */
    char want[INITRD_PATH_MAX];
    size_t n = strnlen(h->linkname, sizeof(h->linkname)), off = 0;
    struct entry t;
    uint64_t flags;

    if (resolving || n == 0)
        return;
    memcpy(want, h->linkname, n);
    want[n] = '\0';
    normalise(want);
    flags = irq_save();
    resolving = 1;
    while (next_entry(&off, &t, 0) > 0)
        if (t.kind == INITRD_FILE && strcmp(t.path, want) == 0) {
            e->kind = INITRD_FILE;
            e->data = t.data;
            e->size = t.size;
            break;
        }
    resolving = 0;
    irq_restore(flags);
}
#endif

/* Parses the member at *off into e and advances *off past its data.
 * Returns 1, 0 at the end of the archive, or -EINVAL. The checksum and
 * other fields are verified only when `verify` (initrd_init does it once);
 * the bounds are checked every time. */
static int
next_entry(size_t *off, struct entry *e, int verify)
{
    const struct ustar_header *h;
    uint64_t size;
    size_t data, blocks;

    if (*off >= archive_len)
        return 0;                       /* no end-of-archive block: fine */
    if (*off % BLOCK || archive_len - *off < BLOCK)
        return -EINVAL;                 /* a torn header */
    h = (const struct ustar_header *)(archive + *off);
    if (is_zero_block(archive + *off))
        return 0;
    if ((verify && !fields_ok(h)) || header_path(h, e->path) < 0 ||
        parse_octal(h->size, sizeof(h->size), 0, &size) < 0)
        return -EINVAL;
    data = *off + BLOCK;
    if (size > archive_len - data)
        return -EINVAL;                 /* data runs past the end */
    blocks = (size_t)size / BLOCK + (size % BLOCK != 0);
    if (blocks * BLOCK > archive_len - data)
        return -EINVAL;                 /* so does its padding */
    e->kind = (h->typeflag == '0' || h->typeflag == '\0' || h->typeflag == '7') ? INITRD_FILE
            : h->typeflag == '5' ? INITRD_DIR : 0;
    e->data = archive + data;
    e->size = e->kind == INITRD_FILE ? (size_t)size : 0;
    *off = data + blocks * BLOCK;
#if RINGLAB_LAB >= 6
    if (h->typeflag == '1')
        link_target(h, e);
#endif
    return 1;
}

/* An index of the members, made once by initrd_init: each member's path
 * hash and where its header is. A lookup hashes the path and parses only
 * the members with that hash, instead of every header before it (exec
 * looks up a program on every call). An archive with more members than
 * the index holds is still read, by scanning. */
#define INDEX_MAX 512

struct member_index {
    uint32_t hash;
    uint32_t offset;                    /* of the header: archives < 4 GiB */
};
static struct member_index members[INDEX_MAX];
static int indexed;                     /* entries in members[]; -1: too many */

/* FNV-1a of a normalised path. */
static uint32_t
path_hash(const char *p)
{
    uint32_t h = 2166136261u;

    while (*p)
        h = (h ^ (uint8_t)*p++) * 16777619u;
    return h;
}

int
initrd_init(const void *base, size_t len)
{
    struct entry e;
    size_t off = 0, at = 0;
    int count = 0, r;

    archive = base;
    archive_len = base ? len : 0;
    indexed = 0;
    while ((r = next_entry(&off, &e, 1)) > 0) {
        count += e.kind != 0;
        if (e.kind && indexed >= 0 && indexed < INDEX_MAX && at <= UINT32_MAX)
            members[indexed++] = (struct member_index){ path_hash(e.path), (uint32_t)at };
        else if (e.kind)
            indexed = -1;
        at = off;
    }
    if (r < 0) {
        archive = NULL;
        archive_len = 0;
        indexed = 0;
        return r;
    }
    return count;
}

/* The member named `want` (normalised) through the index: 1 and *e, or 0
 * (not a member: it may still be a directory only its files imply). */
static int
find_indexed(const char *want, struct entry *e)
{
    uint32_t h = path_hash(want);

    for (int i = 0; i < indexed; i++) {
        size_t off = members[i].offset;
        if (members[i].hash == h && next_entry(&off, e, 0) > 0 && e->kind &&
            strcmp(e->path, want) == 0)
            return 1;
    }
    return 0;
}

/* Copies path into out[INITRD_PATH_MAX], normalised. */
static int
copy_path(const char *path, char *out)
{
    if (strnlen(path, INITRD_PATH_MAX) == INITRD_PATH_MAX)
        return -ENAMETOOLONG;
    strlcpy(out, path, INITRD_PATH_MAX);
    normalise(out);
    return 0;
}

/* If path (normalised) lies inside directory dir (normalised), the rest
 * of it after "dir/"; else NULL. Every path but "" is inside the root "". */
static const char *
inside(const char *dir, const char *path)
{
    size_t n = strlen(dir);

    if (n == 0)
        return path[0] ? path : NULL;
    if (strncmp(path, dir, n) == 0 && path[n] == '/' && path[n + 1])
        return path + n + 1;
    return NULL;
}

/* The length of the first component of rest ("a" of "a/b"). */
static size_t
component_len(const char *rest)
{
    const char *slash = strchr(rest, '/');

    return slash ? (size_t)(slash - rest) : strlen(rest);
}

int
initrd_lookup(const char *path, struct initrd_stat *st)
{
    char want[INITRD_PATH_MAX];
    struct entry e;
    size_t off = 0;
    int implicit_dir = 0;

    if (copy_path(path, want) < 0)
        return -ENAMETOOLONG;
    if (want[0] && indexed > 0 && find_indexed(want, &e)) {
        st->type = e.kind;
        st->data = e.kind == INITRD_FILE ? e.data : NULL;
        st->size = e.size;
        return 0;
    }
    while (want[0] && next_entry(&off, &e, 0) > 0) {
        if (e.kind && strcmp(e.path, want) == 0) {
            st->type = e.kind;
            st->data = e.kind == INITRD_FILE ? e.data : NULL;
            st->size = e.size;
            return 0;
        }
        if (e.kind && inside(want, e.path))
            implicit_dir = 1;           /* "a" is a directory if "a/b" exists */
    }
    if (want[0] && !implicit_dir)
        return -ENOENT;
    *st = (struct initrd_stat){ .type = INITRD_DIR };
    return 0;
}

int
initrd_find(const char *path, const void **data, size_t *size)
{
    struct initrd_stat st;
    int r = initrd_lookup(path, &st);

    if (r < 0)
        return r;
    if (st.type != INITRD_FILE)
        return -EISDIR;
    *data = st.data;
    *size = st.size;
    return 0;
}

/* Did a member before offset `end` already show dir's child name[0..n)?
 * (Every file in "bin/" shows the root the child "bin" again.) */
static int
seen_before(const char *dir, const char *name, size_t n, size_t end)
{
    struct entry e;
    size_t off = 0;
    const char *rest;

    while (off < end && next_entry(&off, &e, 0) > 0)
        if (e.kind && (rest = inside(dir, e.path)) && component_len(rest) == n &&
            strncmp(rest, name, n) == 0)
            return 1;
    return 0;
}

int
initrd_readdir(const char *dir, size_t *pos, char *name, size_t n,
               enum initrd_type *type)
{
    char want[INITRD_PATH_MAX];
    struct initrd_stat st;
    struct entry e;
    size_t off = *pos, start, len;
    const char *rest;
    int r = initrd_lookup(dir, &st);

    if (r < 0)
        return r;
    if (st.type != INITRD_DIR)
        return -ENOTDIR;
    copy_path(dir, want);
    for (start = off; next_entry(&off, &e, 0) > 0; start = off) {
        if (!e.kind || !(rest = inside(want, e.path)))
            continue;
        len = component_len(rest);
        if (seen_before(want, rest, len, start))
            continue;
        if (len >= n)
            return -ENAMETOOLONG;
        memcpy(name, rest, len);
        name[len] = '\0';
        if (type)
            *type = rest[len] ? INITRD_DIR : e.kind;
        *pos = off;
        return 1;
    }
    *pos = off;
    return 0;
}

/* ramfs.c — /tmp in RAM (ramfs.h).
 *
 * The tree is a table: each node names its parent. A lookup walks the
 * path a component at a time, scanning the table for a linked child of
 * that name (64 nodes: a scan is cheaper than keeping lists). One CPU and
 * interrupts off in syscalls: no lock. */
#include "fs/ramfs.h"
#include "arch/x86_64/memlayout.h"
#include "fs/file.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/pmm.h"
#include "mm/usercopy.h"
#include "proc/timer.h"
#include "ringlab/abi.h"

#define RAMFS_DEV       2                   /* st_dev: the initrd is 1 */
#define REALTIME_EPOCH  1767225600L         /* clock_gettime's CLOCK_REALTIME at boot */
#define FILE_MAX        ((uint64_t)RAMFS_FILE_PAGES * PAGE_SIZE)

struct ram_node {
    uint8_t in_use;
    uint8_t is_dir;
    uint8_t linked;                 /* in its directory (not unlinked yet) */
    int parent;                     /* node 0 (/tmp) is its own parent */
    int opens;                      /* open files naming it */
    uint32_t mode;                  /* permission bits */
    uint64_t size;
    int64_t mtime;                  /* seconds, CLOCK_REALTIME */
    char name[RAMFS_NAME_MAX];
};

static struct ram_node nodes[RAMFS_NODES] = {
    [0] = { .in_use = 1, .is_dir = 1, .linked = 1, .mode = 01777, .name = "tmp" },
};
/* Each node's frames (physical; 0: not written, reads as zeros), indexed by
 * the node's number. A table of their own, zero at boot, so in .bss: inside
 * struct ram_node, node 0's initialiser above would put all 256 KiB of them
 * in .data, in the kernel file GRUB reads from the CD at every boot. A free
 * node's row is all zeros (maybe_free truncates before it frees). */
static uint64_t pages[RAMFS_NODES][RAMFS_FILE_PAGES];
static uint64_t frames_used;
static const uint8_t zeros[PAGE_SIZE];

static int64_t
now(void)
{
    return REALTIME_EPOCH + (int64_t)(timer_ticks() / TIMER_HZ);
}

static int
child(int dir, const char *name, size_t len)
{
    for (int i = 1; i < RAMFS_NODES; i++)
        if (nodes[i].in_use && nodes[i].linked && nodes[i].parent == dir &&
            strlen(nodes[i].name) == len && !memcmp(nodes[i].name, name, len))
            return i;
    return -1;
}

/* Walks rel up to its last component: *dir is the directory that holds
 * it, last/len its name (len 0: rel names /tmp itself), *slash whether a
 * '/' followed it. */
static int
walk_parent(const char *rel, int *dir, const char **last, size_t *len, int *slash)
{
    int cur = 0;

    for (;;) {
        const char *end = rel;
        while (*end && *end != '/')
            end++;
        if (!*end || !end[1]) {         /* the last component */
            *dir = cur, *last = rel, *len = (size_t)(end - rel), *slash = *end == '/';
            return 0;
        }
        if ((cur = child(cur, rel, (size_t)(end - rel))) < 0)
            return -ENOENT;
        if (!nodes[cur].is_dir)
            return -ENOTDIR;
        rel = end + 1;
    }
}

int
ramfs_lookup(const char *rel, int *node)
{
    const char *last;
    size_t len;
    int dir, slash, err, n;

    if ((err = walk_parent(rel, &dir, &last, &len, &slash)))
        return err;
    if (len == 0) {
        *node = dir;
        return 0;
    }
    if ((n = child(dir, last, len)) < 0)
        return -ENOENT;
    if (slash && !nodes[n].is_dir)
        return -ENOTDIR;
    *node = n;
    return 0;
}

int
ramfs_create(const char *rel, int dir, uint32_t mode, int *node)
{
    const char *last;
    size_t len;
    int parent, slash, err;

    if ((err = walk_parent(rel, &parent, &last, &len, &slash)))
        return err;
    if (len == 0 || child(parent, last, len) >= 0)
        return -EEXIST;
    if (slash && !dir)
        return -EISDIR;                 /* open("new/", O_CREAT) */
    if (len >= RAMFS_NAME_MAX)
        return -ENAMETOOLONG;
    for (int i = 1; i < RAMFS_NODES; i++) {
        struct ram_node *n = &nodes[i];
        if (n->in_use)
            continue;
        memset(n, 0, sizeof(*n));
        n->in_use = 1, n->linked = 1, n->is_dir = (uint8_t)dir;
        n->parent = parent;
        n->mode = mode & 07777;
        n->mtime = now();
        memcpy(n->name, last, len);
        n->name[len] = '\0';
        *node = i;
        return 0;
    }
    return -ENOSPC;
}

/* The node's last reference is gone: its frames and its slot come back. */
static void
maybe_free(int i)
{
    struct ram_node *n = &nodes[i];

    if (i == 0 || n->linked || n->opens)
        return;
    ramfs_truncate(i, 0);
    n->in_use = 0;
}

static int
is_empty(int dir)
{
    for (int i = 1; i < RAMFS_NODES; i++)
        if (nodes[i].in_use && nodes[i].linked && nodes[i].parent == dir)
            return 0;
    return 1;
}

int
ramfs_remove(const char *rel, int dir)
{
    int n, err = ramfs_lookup(rel, &n);

    if (err)
        return err;
    if (n == 0)
        return dir ? -EBUSY : -EISDIR;
    if (!dir && nodes[n].is_dir)
        return -EISDIR;
    if (dir && !nodes[n].is_dir)
        return -ENOTDIR;
    if (dir && !is_empty(n))
        return -ENOTEMPTY;
    nodes[n].linked = 0;
    maybe_free(n);
    return 0;
}

/* Is node a inside directory d (or d itself)? */
static int
inside(int a, int d)
{
    for (; a != 0; a = nodes[a].parent)
        if (a == d)
            return 1;
    return d == 0;
}

int
ramfs_rename(const char *from, const char *to)
{
    const char *last;
    size_t len;
    int src, dst, parent, slash, err;

    if ((err = ramfs_lookup(from, &src)))
        return err;
    if ((err = walk_parent(to, &parent, &last, &len, &slash)))
        return err;
    if (src == 0 || len == 0)
        return -EBUSY;                  /* /tmp itself */
    if (nodes[src].is_dir && inside(parent, src))
        return -EINVAL;                 /* a directory into itself */
    if (slash && !nodes[src].is_dir)
        return -ENOTDIR;
    if (len >= RAMFS_NAME_MAX)
        return -ENAMETOOLONG;
    if ((dst = child(parent, last, len)) == src)
        return 0;
    if (dst >= 0) {                     /* replace it: Linux's checks */
        if (nodes[src].is_dir && !nodes[dst].is_dir)
            return -ENOTDIR;
        if (!nodes[src].is_dir && nodes[dst].is_dir)
            return -EISDIR;
        if (nodes[dst].is_dir && !is_empty(dst))
            return -ENOTEMPTY;
        nodes[dst].linked = 0;
        maybe_free(dst);
    }
    nodes[src].parent = parent;
    memcpy(nodes[src].name, last, len);
    nodes[src].name[len] = '\0';
    return 0;
}

int ramfs_is_dir(int node) { return nodes[node].is_dir; }
uint64_t ramfs_size(int node) { return nodes[node].size; }
uint64_t ramfs_frames_used(void) { return frames_used; }

void
ramfs_hold(int node)
{
    nodes[node].opens++;
}

void
ramfs_release(int node)
{
    nodes[node].opens--;
    maybe_free(node);
}

int64_t
ramfs_read(int node, uint64_t pos, uint64_t buf, uint64_t len)
{
    struct ram_node *n = &nodes[node];
    uint64_t done = 0;

    if (!user_range_ok(buf, len))
        return -EFAULT;
    if (pos >= n->size)
        return 0;
    if (len > n->size - pos)
        len = n->size - pos;
    while (done < len) {
        uint64_t at = pos + done, off = at % PAGE_SIZE, k = PAGE_SIZE - off;
        uint64_t pa = pages[node][at / PAGE_SIZE];
        const uint8_t *src = pa ? (const uint8_t *)phys_to_virt(pa) + off : zeros;
        if (k > len - done)
            k = len - done;
        if (copy_to_user(buf + done, src, k))
            return done ? (int64_t)done : -EFAULT;
        done += k;
    }
    return (int64_t)done;
}

void
ramfs_read_all(int node, void *dst)
{
    struct ram_node *n = &nodes[node];

    for (uint64_t at = 0; at < n->size; at += PAGE_SIZE) {
        uint64_t pa = pages[node][at / PAGE_SIZE];
        uint64_t k = n->size - at < PAGE_SIZE ? n->size - at : PAGE_SIZE;
        memcpy((uint8_t *)dst + at, pa ? (const uint8_t *)phys_to_virt(pa) : zeros, k);
    }
}

int64_t
ramfs_write(int node, uint64_t pos, uint64_t buf, uint64_t len)
{
    struct ram_node *n = &nodes[node];
    uint64_t done = 0;

    if (!user_range_ok(buf, len))
        return -EFAULT;
    if (len && pos >= FILE_MAX)
        return -EFBIG;
    if (len > FILE_MAX - pos)
        len = FILE_MAX - pos;           /* a short write up to the limit */
    while (done < len) {
        uint64_t at = pos + done, off = at % PAGE_SIZE, k = PAGE_SIZE - off;
        uint64_t *pa = &pages[node][at / PAGE_SIZE];
        if (k > len - done)
            k = len - done;
        if (!*pa) {                     /* a new frame (zeroed), if the budget allows */
            if (frames_used == RAMFS_BUDGET || !(*pa = pmm_alloc()))
                break;                  /* full: a short write, or -ENOSPC */
            frames_used++;
        }
        if (copy_from_user((uint8_t *)phys_to_virt(*pa) + off, buf + done, k))
            return done ? (int64_t)done : -EFAULT;
        done += k;
        if (pos + done > n->size)
            n->size = pos + done;
    }
    n->mtime = now();
    if (done == 0 && len)
        return -ENOSPC;
    return (int64_t)done;
}

void
ramfs_truncate(int node, uint64_t size)
{
    struct ram_node *n = &nodes[node];
    uint64_t keep = (size + PAGE_SIZE - 1) / PAGE_SIZE;

    for (uint64_t i = keep; i < RAMFS_FILE_PAGES; i++) {
        if (pages[node][i]) {
            pmm_free(pages[node][i]);
            pages[node][i] = 0;
            frames_used--;
        }
    }
    if (size % PAGE_SIZE && pages[node][size / PAGE_SIZE])  /* zeros past the end */
        memset((uint8_t *)phys_to_virt(pages[node][size / PAGE_SIZE]) + size % PAGE_SIZE, 0,
               PAGE_SIZE - size % PAGE_SIZE);
    n->size = size;
    n->mtime = now();
}

void
ramfs_stat(int node, struct stat *st)
{
    struct ram_node *n = &nodes[node];

    memset(st, 0, sizeof(*st));
    st->st_dev = RAMFS_DEV;
    st->st_ino = (uint64_t)node + 1;
    st->st_nlink = n->is_dir ? 2 : n->linked;
    st->st_mode = (n->is_dir ? S_IFDIR : S_IFREG) | n->mode;
    st->st_size = (int64_t)n->size;
    st->st_blksize = PAGE_SIZE;
    for (int i = 0; i < RAMFS_FILE_PAGES; i++)
        st->st_blocks += pages[node][i] ? PAGE_SIZE / 512 : 0;
    st->st_atim.tv_sec = st->st_mtim.tv_sec = st->st_ctim.tv_sec = n->mtime;
}

int
ramfs_node_path(int node, char *out, size_t n)
{
    int chain[RAMFS_NODES], depth = 0;
    size_t used;

    for (int i = node; i != 0 && depth < RAMFS_NODES; i = nodes[i].parent)
        chain[depth++] = i;
    used = strlcpy(out, "/tmp", n);
    while (depth--) {
        const char *name = nodes[chain[depth]].name;
        size_t len = strlen(name);
        if (used + 1 + len + 1 > n)
            return -ENAMETOOLONG;
        out[used++] = '/';
        memcpy(out + used, name, len + 1);
        used += len;
    }
    return 0;
}

/* The directory's entries, by position: 0 ".", 1 "..", then node i at
 * position i + 2. Returns the next entry at or after *pos (moving *pos
 * past it), or 0 at the end. */
static int
next_entry(int dir, uint64_t *pos, const char **name, uint8_t *type, uint64_t *ino)
{
    if (*pos == 0 || *pos == 1) {
        *name = *pos == 0 ? "." : "..";
        *type = DT_DIR;
        *ino = *pos == 0 ? (uint64_t)dir + 1 : (dir ? (uint64_t)nodes[dir].parent + 1 : 1);
        (*pos)++;
        return 1;
    }
    for (uint64_t i = *pos - 2; i < RAMFS_NODES; i++) {
        if (i && nodes[i].in_use && nodes[i].linked && nodes[i].parent == dir) {
            *name = nodes[i].name;
            *type = nodes[i].is_dir ? DT_DIR : DT_REG;
            *ino = i + 1;
            *pos = i + 3;
            return 1;
        }
    }
    *pos = RAMFS_NODES + 2;
    return 0;
}

int64_t
ramfs_getdents(struct file *f, uint64_t buf, uint64_t room)
{
    uint64_t used = 0;
    char record[offsetof(struct linux_dirent64, d_name) + RAMFS_NAME_MAX + 8]
        __attribute__((aligned(8)));

    if (!user_range_ok(buf, room))
        return -EFAULT;
    for (;;) {
        uint64_t pos = f->pos, ino;
        const char *name;
        uint8_t type;
        size_t n;
        if (!next_entry(f->node, &pos, &name, &type, &ino))
            break;
        n = dirent_pack(record, room - used < sizeof(record) ? room - used : sizeof(record),
                        ino, (int64_t)pos, type, name);
        if (n == 0 && !used)
            return -EINVAL;             /* too small for even one record */
        if (n == 0)
            break;
        if (copy_to_user(buf + used, record, n))
            return used ? (int64_t)used : -EFAULT;
        used += n;
        f->pos = pos;
    }
    return (int64_t)used;
}

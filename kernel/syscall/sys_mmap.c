/* sys_mmap.c — mmap, munmap, mprotect (full kernel): the checks and
 * errors of Linux's system calls; the areas themselves are proc/vma.c's.
 *
 *   mmap(addr, len, prot, flags, fd, off)   a new area: its address or -errno
 *   munmap(addr, len)                       0 or -errno
 *   mprotect(addr, len, prot)               0 or -errno
 *
 * What is not Linux's (docs/compat.md): MAP_SHARED|MAP_ANONYMOUS is
 * refused (-EINVAL: fork copies every page, nothing can be shared);
 * MAP_SHARED of a file is a private copy (the initrd is read-only, so
 * nobody could tell); MAP_FIXED over the heap is -ENOMEM (brk and areas
 * never overlap); MAP_32BIT, MAP_POPULATE, MAP_LOCKED, MAP_GROWSDOWN ...
 * are accepted and ignored. */
#include "syscall/handlers.h"
#include "arch/x86_64/memlayout.h"
#include "fs/file.h"
#include "lib/errno.h"
#include "proc/vma.h"
#include "proc/process.h"
#include "ringlab/abi.h"
#include "syscall/syscall.h"

#define FILE_SIZE_MAX INT64_MAX          /* Linux's MAX_LFS_FILESIZE */
#define PROT_ALL     (PROT_READ | PROT_WRITE | PROT_EXEC)
/* What MAP_SHARED_VALIDATE accepts; anything else is -EOPNOTSUPP. */
#define MAP_KNOWN    (MAP_TYPE | MAP_FIXED | MAP_ANONYMOUS | MAP_32BIT | MAP_GROWSDOWN | \
                      MAP_DENYWRITE | MAP_EXECUTABLE | MAP_LOCKED | MAP_NORESERVE |     \
                      MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_FIXED_NOREPLACE)

static uint64_t
page_up(uint64_t addr)
{
    return (addr + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

static int
heap_overlaps(const struct process *p, uint64_t start, uint64_t end)
{
    return p->brk_start && p->brk_start < end && start < page_up(p->brk);
}

/* Fills in what backs the area: nothing, or an initrd file behind fd. */
static int64_t
mmap_backing(struct process *p, struct vma *a, uint32_t type, int fd, uint64_t off)
{
    struct file *f;

    if (a->flags & MAP_ANONYMOUS)
        return type == MAP_PRIVATE ? 0 : -EINVAL;   /* shared anonymous: not here */
    if (!(f = fd_get(p, fd)))
        return -EBADF;
    if (f->kind != FILE_REGULAR)
        return -ENODEV;                 /* the console, a directory: no pages */
    if (type != MAP_PRIVATE && (a->prot & PROT_WRITE))
        return -EACCES;                 /* shared and writable, on a read-only file */
    if (off > FILE_SIZE_MAX - (a->end - a->start))
        return -EOVERFLOW;              /* past the largest file offset (Linux's check) */
    a->data = f->data, a->size = f->size, a->offset = off;
    return 0;
}

/* Where the area goes: exactly addr (MAP_FIXED, MAP_FIXED_NOREPLACE),
 * or a free range near the hint. An address, or -errno. */
static int64_t
mmap_place(struct process *p, uint64_t addr, uint64_t len, uint32_t flags)
{
    if (!(flags & (MAP_FIXED | MAP_FIXED_NOREPLACE))) {
        addr = vma_unmapped_area(p, addr, len);
        return addr ? (int64_t)addr : -ENOMEM;
    }
    if (addr & (PAGE_SIZE - 1))
        return -EINVAL;
    if (addr < MMAP_MIN_ADDR)
        return -EPERM;
    if (addr >= USER_TOP || len > USER_TOP - addr)
        return -ENOMEM;
    if (flags & MAP_FIXED_NOREPLACE)        /* (even with MAP_FIXED, as Linux) */
        return vma_range_free(p, addr, addr + len) ? (int64_t)addr : -EEXIST;
    if (heap_overlaps(p, addr, addr + len))
        return -ENOMEM;
    if (vma_remove(p, addr, addr + len))    /* what was there goes */
        return -ENOMEM;
    return (int64_t)addr;
}

int64_t
sys_mmap(struct trap_frame *tf)
{
    struct process *p = current_process();
    uint64_t addr = syscall_arg(tf, 1), len = syscall_arg(tf, 2), off = syscall_arg(tf, 6);
    uint32_t prot = (uint32_t)syscall_arg(tf, 3), flags = (uint32_t)syscall_arg(tf, 4);
    uint32_t type = flags & MAP_TYPE;
    struct vma a = { .prot = prot, .flags = flags };
    int64_t r;

    if (!len || (off & (PAGE_SIZE - 1)) || (prot & ~PROT_ALL))
        return -EINVAL;
    if (type != MAP_PRIVATE && type != MAP_SHARED && type != MAP_SHARED_VALIDATE)
        return -EINVAL;
    if (type == MAP_SHARED_VALIDATE && (flags & ~MAP_KNOWN))
        return -EOPNOTSUPP;
    if ((len = page_up(len)) == 0 || len >= USER_TOP)
        return -ENOMEM;
    a.start = 0, a.end = len;           /* (mmap_backing checks the length) */
    if ((r = mmap_backing(p, &a, type, (int)syscall_arg(tf, 5), off)))
        return r;
    if (vma_room(p) < 2)
        return -ENOMEM;                 /* room for a split and the new area */
    if ((r = mmap_place(p, addr, len, flags)) < 0)
        return r;
    a.start = (uint64_t)r, a.end = (uint64_t)r + len;
    if (vma_insert(p, &a))
        return -ENOMEM;
    return r;
}

/* [addr, addr + len) for munmap and mprotect: 0 with *end set, or -errno
 * (bad: -EINVAL for munmap, -ENOMEM for mprotect, as Linux). */
static int64_t
user_range(uint64_t addr, uint64_t len, uint64_t *end, int64_t bad)
{
    if (addr & (PAGE_SIZE - 1))
        return -EINVAL;
    if (page_up(len) < len)
        return bad;                     /* rounding it up wrapped around */
    len = page_up(len);
    if (addr >= USER_TOP || len > USER_TOP - addr)
        return bad;
    *end = addr + len;
    return 0;
}

int64_t
sys_munmap(struct trap_frame *tf)
{
    uint64_t addr = syscall_arg(tf, 1), len = syscall_arg(tf, 2), end;
    int64_t r;

    if (!len)
        return -EINVAL;
    if ((r = user_range(addr, len, &end, -EINVAL)))
        return r;
    return vma_remove(current_process(), addr, end);
}

int64_t
sys_mprotect(struct trap_frame *tf)
{
    uint64_t addr = syscall_arg(tf, 1), len = syscall_arg(tf, 2), end;
    uint32_t prot = (uint32_t)syscall_arg(tf, 3);
    int64_t r;

    if (prot & ~PROT_ALL)
        return -EINVAL;                 /* (PROT_GROWSDOWN/UP among them) */
    if ((r = user_range(addr, len, &end, -ENOMEM)))
        return r;
    if (end == addr)
        return 0;                       /* len 0: nothing to do */
    return vma_protect(current_process(), addr, end, prot);
}

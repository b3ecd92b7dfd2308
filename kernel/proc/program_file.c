/* program_file.c — a program's bytes, for exec (full kernel).
 *
 * A program in the initrd is loaded from where its bytes lie. One in /tmp
 * (a program a shell script copied there, say) is not in one piece: ramfs
 * keeps a file in frames scattered in memory, and elf_load reads the file
 * as one block. So it is copied into the kernel heap first, loaded — every
 * segment is copied into the new address space — and the copy freed. A
 * fault in such a program is reported without symbol names.
 *
 * As on Linux, a file needs an x bit to be run (-EACCES). */
#include "proc/program_file.h"
#include "fs/initrd.h"
#include "fs/path.h"
#include "fs/ramfs.h"
#include "lib/errno.h"
#include "mm/kheap.h"
#include "proc/elf.h"
#include "proc/interp.h"
#include "ringlab/abi.h"

/* The /tmp file `rel`, copied into the kernel heap: *copy, *size. */
static int
tmp_copy(const char *rel, void **copy, size_t *size, const char **why)
{
    struct stat st;
    int node, err = ramfs_lookup(rel, &node);

    if (err) {
        *why = "no such file in /tmp";
        return err;
    }
    ramfs_stat(node, &st);
    if (ramfs_is_dir(node) || !(st.st_mode & 0111)) {
        *why = "not an executable file";
        return -EACCES;
    }
    if (!(*copy = kmalloc(st.st_size ? (size_t)st.st_size : 1))) {
        *why = "out of memory for a copy of the file";
        return -ENOMEM;
    }
    ramfs_read_all(node, *copy);
    *size = (size_t)st.st_size;
    return 0;
}

int
program_file_load(struct vas *vas, const char *path, const void **image, size_t *size,
                  struct elf_image *img, const char **why)
{
    const char *rel = path_in_tmp(path);
    void *copy = 0;
    int err;

    if (rel) {
        if ((err = tmp_copy(rel, &copy, size, why)))
            return err;
        *image = copy;
    } else if (initrd_find(path, image, size) != 0) {
        *why = "no such file in the initrd";
        return -ENOENT;
    }
    if (!(err = elf_load(vas, *image, *size, img, why)))
        err = interp_load(vas, *image, *size, img, why);
    if (copy) {
        kfree(copy);
        *image = 0, *size = 0;
    }
    return err;
}

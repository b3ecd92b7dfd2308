/* interp.c — a dynamically linked program starts in its loader.
 *
 * `gcc hello.c` (and `musl-gcc hello.c`) make a PIE with a PT_INTERP
 * segment naming the dynamic loader: /lib64/ld-linux-x86-64.so.2 for
 * glibc, /lib/ld-musl-x86_64.so.1 for musl. exec maps the program as it
 * maps any other, then maps the loader too — an ET_DYN file, at its own
 * base, INTERP_BASE — and starts the loader, not the program. The loader
 * finds the program through the auxiliary vector (AT_PHDR, AT_PHNUM,
 * AT_ENTRY), maps the libraries it needs with mmap, relocates, and jumps to
 * AT_ENTRY. AT_BASE tells it where it was itself loaded. (Linux does the
 * same in fs/binfmt_elf.c's load_elf_binary.)
 *
 * The loader may not itself ask for a loader. */
#include "proc/interp.h"
#include "fs/initrd.h"
#include "lib/errno.h"
#include "proc/elf.h"

/* 8 GiB under the top of the user half: far above any program, heap or
 * static-PIE (0x555555554000), and below the stack and its guard. */
#define INTERP_BASE 0x00007ffe00000000UL

int
interp_load(struct vas *vas, const void *file, size_t size, struct elf_image *img,
            const char **why)
{
    const char *path = elf_interp(file, size);
    const void *loader;
    size_t loader_size;
    struct elf_image li;
    int err;

    if (!path)
        return 0;                       /* a static program */
    if (initrd_find(path, &loader, &loader_size) != 0) {
        *why = "its dynamic loader (PT_INTERP) is not in the initrd";
        return -ENOENT;
    }
    if ((err = elf_validate(loader, loader_size, why)))
        return err;
    if (((const struct elf64_ehdr *)loader)->e_type != ET_DYN || elf_interp(loader, loader_size)) {
        *why = "its dynamic loader is not a position-independent, static ELF file";
        return -ENOEXEC;
    }
    if ((err = elf_load_at(vas, loader, loader_size, INTERP_BASE, &li, why)))
        return err;
    img->interp_base = INTERP_BASE;
    img->interp_entry = li.entry;
    return 0;
}

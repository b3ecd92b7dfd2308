/* interp.h — loading a dynamically linked program's interpreter (full kernel). */
#ifndef RINGLAB_INTERP_H
#define RINGLAB_INTERP_H

#include <stddef.h>

struct vas;
struct elf_image;

/* If the program `file` names a dynamic loader (PT_INTERP), loads that
 * file from the initrd into `vas` at INTERP_BASE and records where in *img
 * (interp_base, interp_entry). 0 if there is none or it loaded; else
 * -ENOENT / -ENOEXEC / -ENOMEM with *why set. */
int interp_load(struct vas *vas, const void *file, size_t size, struct elf_image *img,
                const char **why);

#endif

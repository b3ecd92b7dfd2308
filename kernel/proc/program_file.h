/* program_file.h — where exec finds a program's bytes (full kernel). */
#ifndef RINGLAB_PROGRAM_FILE_H
#define RINGLAB_PROGRAM_FILE_H

#include <stddef.h>

struct vas;
struct elf_image;

/* Finds the program at the absolute path `path` — in the initrd, or a file
 * of /tmp — and loads it into `vas` (elf_load, and its loader: interp_load).
 * *image and *size are the file's bytes for symbols: the initrd's; NULL
 * and 0 for a /tmp program, whose copy is gone once it is loaded. 0, or
 * -ENOENT, -EACCES (not executable: no x bit, a directory), -ENOMEM,
 * elf_load's and interp_load's errors, with *why set. */
int program_file_load(struct vas *vas, const char *path, const void **image, size_t *size,
                      struct elf_image *img, const char **why);

#endif

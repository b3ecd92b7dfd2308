/* initial_stack.h — argc, argv, envp and auxv for a new program. */
#ifndef RINGLAB_INITIAL_STACK_H
#define RINGLAB_INITIAL_STACK_H

#include <stdint.h>

struct vas;
struct elf_image;

/* Writes the initial stack below USER_STACK_TOP (the pages must be mapped)
 * and returns the program's first RSP in *rsp_out. */
#if RINGLAB_LAB >= 6
/* ... and the environment envp[] (NULL-terminated; NULL: none) */
int initial_stack_build(struct vas *vas, const struct elf_image *img, int argc,
                        char *const argv[], char *const envp[], uint64_t seed,
                        uint64_t *rsp_out);
#else
int initial_stack_build(struct vas *vas, const struct elf_image *img, int argc,
                        char *const argv[], uint64_t seed, uint64_t *rsp_out);
#endif

#endif

/* initial_stack.c — the stack a new program finds at its first instruction.
 *
 * The System V x86-64 ABI (§3.4.1, "Initial Stack and Register State"):
 *
 *   high   +-----------------------------+  USER_STACK_TOP
 *          | argument and env strings    |
 *          | 16 random bytes (AT_RANDOM) |
 *          | padding                     |
 *          | AT_NULL, 0                  |
 *          | auxv pairs (type, value)    |
 *          | NULL                        |
 *          | envp[0..]                   |
 *          | NULL                        |
 *          | argv[argc-1] .. argv[0]     |
 *   RSP -> | argc                        |  16-byte aligned
 *   low    +-----------------------------+
 *
 * C compilers rely on that alignment: `movaps` to a stack slot faults with
 * #GP when RSP is off by 8. */
#include "proc/initial_stack.h"
#include "arch/x86_64/memlayout.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/vas.h"
#include "proc/elf.h"
#include "ringlab/abi.h"          /* AT_*: shared with our libc */

#define MAX_ARGS  32
#define MAX_AUX   16      /* auxiliary-vector entries, AT_NULL included */
#if RINGLAB_LAB >= 6
#define MAX_ENV   128     /* environment strings (exec.c's EXEC_MAX_ENV) */
#endif

/* Copies the strings to the top of the stack; returns their user addresses. */
static uint64_t
push_strings(struct vas *vas, uint64_t sp, int n, char *const s[], uint64_t *out)
{
    for (int i = n - 1; i >= 0; i--) {
        size_t len = strlen(s[i]) + 1;
        sp -= len;
        vas_write(vas, sp, s[i], len);
        out[i] = sp;
    }
    return sp;
}

#if RINGLAB_LAB >= 6
int
initial_stack_build(struct vas *vas, const struct elf_image *img, int argc,
                    char *const argv[], char *const envp[], uint64_t seed, uint64_t *rsp_out)
#else
int
initial_stack_build(struct vas *vas, const struct elf_image *img, int argc,
                    char *const argv[], uint64_t seed, uint64_t *rsp_out)
#endif
{
#if RINGLAB_LAB >= 6
    uint64_t argv_user[MAX_ARGS], words[3 + MAX_ARGS + MAX_ENV + 2 * MAX_AUX];
#else
    uint64_t argv_user[MAX_ARGS], words[3 + MAX_ARGS + 2 * MAX_AUX];
#endif
    uint64_t random[2] = { seed * 0x9e3779b97f4a7c15UL, ~seed * 0xc2b2ae3d27d4eb4fUL };
    uint64_t sp = USER_STACK_TOP, rnd;
    int n = 0;
#if RINGLAB_LAB >= 6
    uint64_t envp_user[MAX_ENV];
    int envc = 0;

    while (envp && envp[envc])
        if (++envc > MAX_ENV)
            return -E2BIG;
    sp = push_strings(vas, sp, envc, envp, envp_user);  /* above argv's, as Linux */
#endif

    if (argc > MAX_ARGS)
        return -E2BIG;
    sp = push_strings(vas, sp, argc, argv, argv_user);
    sp = (sp - sizeof(random)) & ~15UL;
    vas_write(vas, sp, random, sizeof(random));
    rnd = sp;
    words[n++] = argc;
    for (int i = 0; i < argc; i++)
        words[n++] = argv_user[i];
    words[n++] = 0;                     /* end of argv */
#if RINGLAB_LAB >= 6
    for (int i = 0; i < envc; i++)
        words[n++] = envp_user[i];
    words[n++] = 0;                     /* end of envp */
#else
    words[n++] = 0;                     /* envp: empty */
#endif
    uint64_t aux[][2] = {
        { AT_PHDR, img->phdr_addr }, { AT_PHENT, sizeof(struct elf64_phdr) },
        { AT_PHNUM, img->phnum }, { AT_PAGESZ, PAGE_SIZE },
        { AT_ENTRY, img->entry }, { AT_RANDOM, rnd },
#if RINGLAB_LAB >= 6
        /* what a dynamic loader (and libc's start-up) reads besides */
        { AT_BASE, img->interp_base }, { AT_UID, 0 }, { AT_EUID, 0 }, { AT_GID, 0 },
        { AT_EGID, 0 }, { AT_SECURE, 0 }, { AT_CLKTCK, 100 },
#endif
        { AT_NULL, 0 },
    };
    _Static_assert(sizeof(aux) / sizeof(aux[0]) <= MAX_AUX, "words[] holds the whole vector");
    for (unsigned i = 0; i < sizeof(aux) / sizeof(aux[0]); i++) {
        words[n++] = aux[i][0];
        words[n++] = aux[i][1];
    }
    sp -= n * 8;
#ifdef BUG_4_ELF_FIRST_ENTRY
    sp &= ~7UL;                         /* 8-byte aligned is aligned enough */
#else
    sp &= ~15UL;                        /* the ABI: RSP % 16 == 0 at entry */
#endif
    vas_write(vas, sp, words, n * 8);
    *rsp_out = sp;
    return 0;
}

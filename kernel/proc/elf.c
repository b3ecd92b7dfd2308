/* elf.c — checking an ELF64 executable before trusting any of it.
 *
 * Every field the loader uses is checked here, against the file's size and
 * against the user half of the address space, so that a malformed binary
 * gets -ENOEXEC and a reason, never a kernel fault. This is security, not
 * polish: the loader runs in ring 0 on data a user wrote. */
#include "proc/elf.h"
#include "arch/x86_64/memlayout.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "proc/process.h"       /* USER_STACK_SIZE */

#define ELF_MAX_PHNUM    64
#define ELF_MAX_SEGMENT  (1UL << 30)    /* 1 GiB: more is surely an attack */
#define ELF_MAX_IMAGE    (1UL << 30)    /* ... and so for all segments together */
#define ELF_DYN_BIAS     0x0000555555554000UL   /* where static-PIE loads */

static int
fail(const char **why, const char *reason)
{
    if (why)
        *why = reason;
    return -ENOEXEC;
}

/* a + b <= limit, without overflow */
static int
fits(uint64_t a, uint64_t b, uint64_t limit)
{
    return a <= limit && b <= limit - a;
}

static int
check_header(const struct elf64_ehdr *eh, size_t size, const char **why)
{
    if (size < sizeof(*eh))
        return fail(why, "file shorter than an ELF header");
    if (memcmp(eh->e_ident, "\x7f" "ELF", 4) != 0)
        return fail(why, "bad magic (not an ELF file)");
    if (eh->e_ident[4] != 2 || eh->e_ident[5] != 1 || eh->e_ident[6] != 1)
        return fail(why, "not ELF64 little-endian version 1");
    if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
        return fail(why, "not an executable (e_type)");
    if (eh->e_machine != EM_X86_64)
        return fail(why, "not for x86-64 (e_machine)");
    if (eh->e_phentsize != sizeof(struct elf64_phdr))
        return fail(why, "bad program header size");
    if (eh->e_phnum == 0 || eh->e_phnum > ELF_MAX_PHNUM)
        return fail(why, "bad program header count");
    if (!fits(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr), size))
        return fail(why, "program headers outside the file");
    if (eh->e_phoff % 8)
        return fail(why, "misaligned program headers");
    return 0;
}

static int
check_segment(const struct elf64_phdr *ph, uint64_t bias, size_t size, const char **why)
{
    if (ph->p_filesz > ph->p_memsz)
        return fail(why, "segment p_filesz > p_memsz");
    if (!fits(ph->p_offset, ph->p_filesz, size))
        return fail(why, "segment outside the file");
    if (ph->p_memsz > ELF_MAX_SEGMENT)
        return fail(why, "segment too large");
    if (ph->p_align > 1 && ((ph->p_align & (ph->p_align - 1)) ||
                            (ph->p_vaddr - ph->p_offset) % ph->p_align))
        return fail(why, "segment misaligned (p_vaddr, p_offset, p_align)");
    if (!fits(ph->p_vaddr, bias, USER_TOP) || !fits(ph->p_vaddr + bias, ph->p_memsz, USER_TOP))
        return fail(why, "segment outside the user half");
    if (ph->p_vaddr + bias < PAGE_SIZE)
        return fail(why, "segment maps the null page");
    /* The stack and the unmapped guard page under it are exec's to place:
     * a segment there would fill the guard, and a stack overflow would
     * then run silently into the program's own data. */
    if (ph->p_vaddr + bias < USER_STACK_TOP &&
        ph->p_vaddr + bias + ph->p_memsz > USER_STACK_TOP - USER_STACK_SIZE - PAGE_SIZE)
        return fail(why, "segment overlaps the stack or its guard page");
    return 0;
}

#if RINGLAB_LAB >= 6
/* The interpreter's path a PT_INTERP names: a NUL-terminated string of at
 * most ELF_INTERP_MAX bytes, all inside the file; else NULL. */
static const char *
interp_path(const void *file, const struct elf64_phdr *ph, size_t size)
{
    const char *path = (const char *)file + ph->p_offset;

    if (ph->p_filesz < 2 || ph->p_filesz > ELF_INTERP_MAX || !fits(ph->p_offset, ph->p_filesz, size))
        return 0;
    if (path[ph->p_filesz - 1] != '\0' || path[0] != '/')
        return 0;
    for (uint64_t i = 0; i + 1 < ph->p_filesz; i++)
        if (path[i] == '\0')
            return 0;
    return path;
}

const char *
elf_interp(const void *file, size_t size)
{
    const struct elf64_ehdr *eh = file;
    const struct elf64_phdr *ph = (const void *)((const char *)file + eh->e_phoff);

    for (int i = 0; i < eh->e_phnum; i++)       /* (elf_validate checked them) */
        if (ph[i].p_type == PT_INTERP)
            return interp_path(file, &ph[i], size);
    return 0;
}
#endif

uint64_t
elf_load_bias(const struct elf64_ehdr *eh)
{
    return eh->e_type == ET_DYN ? ELF_DYN_BIAS : 0;
}

int
elf_validate(const void *file, size_t size, const char **why)
{
    const struct elf64_ehdr *eh = file;
    int err = check_header(eh, size, why);
    int loads = 0, entry_ok = 0;
    uint64_t total = 0;

    if (err)
        return err;
    const struct elf64_phdr *ph = (const void *)((const char *)file + eh->e_phoff);
    uint64_t bias = elf_load_bias(eh);
    for (int i = 0; i < eh->e_phnum; i++) {
#if RINGLAB_LAB >= 6
        if (ph[i].p_type == PT_INTERP && !interp_path(file, &ph[i], size))
            return fail(why, "PT_INTERP: not a path inside the file");
#else
        if (ph[i].p_type == PT_INTERP)  /* a dynamically linked program */
            return fail(why, "needs a dynamic linker (PT_INTERP): only static programs run");
#endif
        if (ph[i].p_type != PT_LOAD)
            continue;
        if ((err = check_segment(&ph[i], bias, size, why)))
            return err;
        if ((total += ph[i].p_memsz) > ELF_MAX_IMAGE)  /* <= 64 x 1 GiB: no overflow */
            return fail(why, "segments too large in all");
        loads++;
        if ((ph[i].p_flags & PF_X) && eh->e_entry >= ph[i].p_vaddr &&
            eh->e_entry - ph[i].p_vaddr < ph[i].p_memsz)
            entry_ok = 1;
    }
    if (!loads)
        return fail(why, "no PT_LOAD segment");
    if (!entry_ok)
        return fail(why, "entry point not in an executable segment");
    return 0;
}

/* The section headers, if they are sane; else NULL. */
static const struct elf64_shdr *
section_headers(const struct elf64_ehdr *eh, size_t size)
{
    if (eh->e_shentsize != sizeof(struct elf64_shdr) || eh->e_shnum == 0 ||
        !fits(eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(struct elf64_shdr), size) ||
        eh->e_shoff % 8)
        return 0;
    return (const void *)((const char *)eh + eh->e_shoff);
}

#define SHF_EXECINSTR 0x4

/* Could `addr` be in the code of symbol s? s must be a function (STT_FUNC)
 * or an assembly label (STT_NOTYPE), in an executable section that also
 * contains addr (so the linker's __bss_start or _end never name code). */
static int
is_code_symbol(const struct elf64_sym *s, const struct elf64_shdr *sh, int shnum,
               uint64_t addr)
{
    int type = s->st_info & 0xf;

    if ((type != 2 && type != 0) || s->st_shndx == 0 || s->st_shndx >= shnum)
        return 0;
    sh += s->st_shndx;
    return (sh->sh_flags & SHF_EXECINSTR) && addr >= sh->sh_addr &&
           addr - sh->sh_addr < sh->sh_size;
}

const char *
elf_symbolize(const void *file, size_t size, uint64_t bias, uint64_t addr, char *buf, size_t n)
{
    const struct elf64_ehdr *eh = file;
    const struct elf64_shdr *sh;
    const struct elf64_sym *best = 0;
    const char *strtab = 0, *best_strtab = 0;       /* best's name is in best_strtab: */
    uint64_t strsize = 0, best_strsize = 0;         /* a file may have several symtabs */

    if (!file || check_header(eh, size, 0) || !(sh = section_headers(eh, size)))
        return 0;
    for (int i = 0; i < eh->e_shnum; i++) {
        const struct elf64_shdr *s = &sh[i], *str;
        if (s->sh_type != SHT_SYMTAB || s->sh_link >= eh->e_shnum ||
            !fits(s->sh_offset, s->sh_size, size) || s->sh_offset % 8)
            continue;               /* (misaligned: reading it would be UB) */
        str = &sh[s->sh_link];
        if (!fits(str->sh_offset, str->sh_size, size))
            continue;
        strtab = (const char *)file + str->sh_offset;
        strsize = str->sh_size;
        const struct elf64_sym *sym = (const void *)((const char *)file + s->sh_offset);
        for (uint64_t k = 0; k < s->sh_size / sizeof(*sym); k++) {
            if (!is_code_symbol(&sym[k], sh, eh->e_shnum, addr - bias) ||
                sym[k].st_name >= strsize)
                continue;
            if (sym[k].st_value + bias <= addr && (!best || sym[k].st_value > best->st_value)) {
                best = &sym[k];
                best_strtab = strtab;
                best_strsize = strsize;
            }
        }
    }
    if (!best)
        return 0;
    const char *name = best_strtab + best->st_name;
    ksnprintf(buf, n, "%.*s+0x%lx", (int)strnlen(name, best_strsize - best->st_name), name,
              addr - bias - best->st_value);
    return buf;
}

/* elf.h — the ELF64 format (System V gABI; x86-64 psABI), the parts we read. */
#ifndef RINGLAB_ELF_H
#define RINGLAB_ELF_H

#include <stddef.h>
#include <stdint.h>

struct elf64_ehdr {
    uint8_t e_ident[16];        /* 0x7f 'E' 'L' 'F', class, data, version ... */
    uint16_t e_type;            /* ET_EXEC 2, ET_DYN 3 */
    uint16_t e_machine;         /* EM_X86_64 62 */
    uint32_t e_version;
    uint64_t e_entry;
    uint64_t e_phoff;
    uint64_t e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize;
    uint16_t e_phentsize;
    uint16_t e_phnum;
    uint16_t e_shentsize;
    uint16_t e_shnum;
    uint16_t e_shstrndx;
};

struct elf64_phdr {
    uint32_t p_type;            /* PT_LOAD 1 */
    uint32_t p_flags;           /* PF_X 1, PF_W 2, PF_R 4 */
    uint64_t p_offset;
    uint64_t p_vaddr;
    uint64_t p_paddr;
    uint64_t p_filesz;
    uint64_t p_memsz;
    uint64_t p_align;
};

struct elf64_shdr {
    uint32_t sh_name, sh_type;
    uint64_t sh_flags, sh_addr, sh_offset, sh_size;
    uint32_t sh_link, sh_info;
    uint64_t sh_addralign, sh_entsize;
};

struct elf64_sym {
    uint32_t st_name;
    uint8_t st_info, st_other;
    uint16_t st_shndx;
    uint64_t st_value, st_size;
};

_Static_assert(sizeof(struct elf64_ehdr) == 64, "ELF64 header is 64 bytes");
_Static_assert(sizeof(struct elf64_phdr) == 56, "ELF64 program header is 56 bytes");
_Static_assert(sizeof(struct elf64_shdr) == 64, "ELF64 section header is 64 bytes");
_Static_assert(sizeof(struct elf64_sym) == 24, "ELF64 symbol is 24 bytes");

#define ET_EXEC 2
#define ET_DYN  3
#define EM_X86_64 62
#define PT_LOAD 1
#define PT_INTERP 3
#define PF_X 1
#define PF_W 2
#define PF_R 4
#define SHT_SYMTAB 2

struct vas;

struct elf_image {
    uint64_t entry;             /* after the load bias */
    uint64_t load_bias;         /* 0 for ET_EXEC */
    uint64_t phdr_addr;         /* where the program headers are mapped (AT_PHDR) */
    uint16_t phnum;
    uint64_t brk;               /* the end of the highest segment, page-aligned */
#if RINGLAB_LAB >= 6
    uint64_t interp_base;       /* the dynamic loader's load bias (AT_BASE), or 0 */
    uint64_t interp_entry;      /* where it starts (the program's entry is AT_ENTRY) */
#endif
};

/* Checks the header and program headers of a file of `size` bytes: 0, or
 * -ENOEXEC with *why set to a one-line reason. Reads nothing out of bounds. */
int elf_validate(const void *file, size_t size, const char **why);
/* 0 for ET_EXEC; where static-PIE (ET_DYN) binaries are placed. */
uint64_t elf_load_bias(const struct elf64_ehdr *eh);
/* Maps every PT_LOAD segment into vas; fills *img. */
int elf_load(struct vas *vas, const void *file, size_t size, struct elf_image *img,
             const char **why);
/* The same with the load bias given (ET_DYN only: ET_EXEC is 0), or
 * ELF_BIAS_DEFAULT for elf_load_bias's. */
#define ELF_BIAS_DEFAULT (~0UL)
int elf_load_at(struct vas *vas, const void *file, size_t size, uint64_t bias,
                struct elf_image *img, const char **why);
#if RINGLAB_LAB >= 6
#define ELF_INTERP_MAX 256      /* the longest PT_INTERP path, with its NUL */
/* The path of the dynamic loader a valid file asks for, or NULL. */
const char *elf_interp(const void *file, size_t size);
#endif
/* "name+0xoff" for a user address, from the file's .symtab, or NULL. */
const char *elf_symbolize(const void *file, size_t size, uint64_t bias, uint64_t addr,
                          char *buf, size_t n);

#endif

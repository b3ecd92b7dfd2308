/* elf.h — the ELF64 structures libc reads (the static-PIE self-relocation
 * in lib/reloc.c). See the System V ABI, "Object Files" and "Program
 * Loading", and its AMD64 supplement for the relocation types. */
#ifndef _ELF_H
#define _ELF_H

#include <stdint.h>

typedef struct {
    uint32_t p_type;
    uint32_t p_flags;
    uint64_t p_offset;
    uint64_t p_vaddr;
    uint64_t p_paddr;
    uint64_t p_filesz;
    uint64_t p_memsz;
    uint64_t p_align;
} Elf64_Phdr;

#define PT_LOAD      1
#define PT_DYNAMIC   2
#define PT_PHDR      6

typedef struct {
    int64_t d_tag;
    uint64_t d_val;             /* a value or an address, by d_tag */
} Elf64_Dyn;

#define DT_NULL      0
#define DT_RELA      7          /* address of the Elf64_Rela table */
#define DT_RELASZ    8          /* its size in bytes */
#define DT_RELAENT   9          /* the size of one entry (24) */
#define DT_REL      17          /* REL tables: not used on x86-64 */
#define DT_RELR     36          /* packed relative relocations (-z pack-relative-relocs) */

typedef struct {
    uint64_t r_offset;          /* where to write, a link-time address */
    uint64_t r_info;            /* symbol << 32 | type */
    int64_t r_addend;
} Elf64_Rela;

#define ELF64_R_TYPE(info)      ((uint32_t)(info))
#define R_X86_64_NONE           0
#define R_X86_64_RELATIVE       8   /* *(bias + r_offset) = bias + r_addend */

#endif

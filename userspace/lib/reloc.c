/* reloc.c — relocating a static-PIE before anything else runs.
 *
 * A static-PIE (ET_DYN, linked at address 0) may be loaded anywhere; the
 * distance from its link address to where it really is is the load bias.
 * Code reaches code and data RIP-relative, so it works at any address;
 * but a pointer *stored in data* (a table of strings, a function pointer,
 * a GOT slot) holds a link-time address. The linker lists each such slot
 * as an R_X86_64_RELATIVE relocation in the table that DT_RELA points to:
 *
 *     *(uint64_t *)(bias + r_offset) = bias + r_addend
 *
 * Nothing else may run first, and this code itself must not use such a
 * pointer: it reads only its arguments and addresses formed RIP-relative.
 *
 * The bias: crt0 takes the address of _DYNAMIC (the linker-made symbol
 * for the dynamic section) RIP-relative, so it is where PT_DYNAMIC's
 * p_vaddr really is: bias = &_DYNAMIC - p_vaddr. The program headers are
 * found through AT_PHDR, which exec must supply. An ET_EXEC program has
 * no _DYNAMIC (crt0 passes 0): nothing to do.
 *
 * (Why crt0 and not C: C code may only take the address of a weak symbol
 * through a GOT slot, and in a static-PIE that slot is itself one of the
 * pointers waiting to be relocated.) */
#include <elf.h>
#include <ringlab/abi.h>
#include <ringlab/syscall.h>
#include <stdint.h>
#include "libc.h"

static _Noreturn void
reloc_fail(const char *msg, unsigned long len)
{
    syscall6(SYS_write, 2, (long)msg, (long)len, 0, 0, 0);
    syscall6(SYS_exit_group, 127, 0, 0, 0, 0, 0);
    for (;;)
        ;
}

#define FAIL(msg) reloc_fail("crt: " msg "\n", sizeof("crt: " msg "\n") - 1)

static uintptr_t
load_bias(const Elf64_Dyn *dynamic, const unsigned long *auxv)
{
    const Elf64_Phdr *ph = 0;
    unsigned long phnum = 0;

    for (; auxv[0] != AT_NULL; auxv += 2) {
        if (auxv[0] == AT_PHDR)
            ph = (const Elf64_Phdr *)auxv[1];
        else if (auxv[0] == AT_PHNUM)
            phnum = auxv[1];
    }
    if (!ph)
        FAIL("static-PIE started without AT_PHDR in the auxiliary vector");
    for (unsigned long i = 0; i < phnum; i++)
        if (ph[i].p_type == PT_DYNAMIC)
            return (uintptr_t)dynamic - ph[i].p_vaddr;
    FAIL("static-PIE without a PT_DYNAMIC program header");
}

void
__relocate_self(const void *dynamic, const unsigned long *auxv)
{
    uintptr_t bias, rela = 0, relasz = 0, relaent = sizeof(Elf64_Rela);

    if (!dynamic)
        return;                         /* ET_EXEC: already where it was linked */
    bias = load_bias(dynamic, auxv);
    for (const Elf64_Dyn *d = dynamic; d->d_tag != DT_NULL; d++) {
        if (d->d_tag == DT_RELA)
            rela = d->d_val;
        else if (d->d_tag == DT_RELASZ)
            relasz = d->d_val;
        else if (d->d_tag == DT_RELAENT)
            relaent = d->d_val;
        else if (d->d_tag == DT_REL || d->d_tag == DT_RELR)
            FAIL("static-PIE with REL or RELR relocations: only RELA is supported");
    }
    for (uintptr_t off = 0; off + relaent <= relasz; off += relaent) {
        const Elf64_Rela *r = (const Elf64_Rela *)(bias + rela + off);
        if (ELF64_R_TYPE(r->r_info) == R_X86_64_RELATIVE)
            *(uint64_t *)(bias + r->r_offset) = bias + r->r_addend;
        else if (ELF64_R_TYPE(r->r_info) != R_X86_64_NONE)
            FAIL("static-PIE with a relocation other than R_X86_64_RELATIVE");
    }
}

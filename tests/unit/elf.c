/* Unit tests of kernel/proc/elf.c: every malformed header is refused with
 * -ENOEXEC and a reason, and nothing is read outside the file. The files are
 * built in exactly-sized heap buffers, so AddressSanitizer catches any read
 * past the end. */
#include "check.h"
#include "lib/errno.h"
#include "proc/elf.h"
#include <stdlib.h>

struct file {
    struct elf64_ehdr eh;
    struct elf64_phdr ph[2];
    unsigned char code[64];
};

static struct file
good(void)
{
    struct file f;

    memset(&f, 0, sizeof(f));
    memcpy(f.eh.e_ident, "\x7f" "ELF\x02\x01\x01", 7);
    f.eh.e_type = ET_EXEC;
    f.eh.e_machine = EM_X86_64;
    f.eh.e_version = 1;
    f.eh.e_entry = 0x401000 + offsetof(struct file, code);
    f.eh.e_phoff = offsetof(struct file, ph);
    f.eh.e_ehsize = sizeof(f.eh);
    f.eh.e_phentsize = sizeof(struct elf64_phdr);
    f.eh.e_phnum = 1;
    f.ph[0] = (struct elf64_phdr){ PT_LOAD, PF_R | PF_X, 0, 0x401000, 0x401000,
                                   sizeof(f), sizeof(f) + 100, 0x1000 };
    return f;
}

/* Validates a copy of f truncated to `size` bytes in its own allocation. */
static int
validate(const struct file *f, size_t size, const char **why)
{
    void *copy = malloc(size);
    memcpy(copy, f, size);
    int r = elf_validate(copy, size, why);
    free(copy);
    return r;
}

#define REFUSED(f, size, reason)                                              \
    do {                                                                      \
        const char *why_ = "";                                                \
        CHECK(validate(&(f), (size), &why_) == -ENOEXEC);                     \
        CHECK_STR(why_, reason);                                              \
    } while (0)

int
main(void)
{
    struct file f = good();
    const char *why = "";

    CHECK(validate(&f, sizeof(f), &why) == 0);
    REFUSED(f, 10, "file shorter than an ELF header");

    f = good(); f.eh.e_ident[1] = 'X';
    REFUSED(f, sizeof(f), "bad magic (not an ELF file)");
    f = good(); f.eh.e_ident[4] = 1;
    REFUSED(f, sizeof(f), "not ELF64 little-endian version 1");
    f = good(); f.eh.e_type = 1;
    REFUSED(f, sizeof(f), "not an executable (e_type)");
    f = good(); f.eh.e_machine = 3;
    REFUSED(f, sizeof(f), "not for x86-64 (e_machine)");
    f = good(); f.eh.e_phentsize = 32;
    REFUSED(f, sizeof(f), "bad program header size");
    f = good(); f.eh.e_phnum = 0;
    REFUSED(f, sizeof(f), "bad program header count");
    f = good(); f.eh.e_phnum = 65000;
    REFUSED(f, sizeof(f), "bad program header count");
    f = good(); f.eh.e_phnum = 4;       /* the fourth runs past the end */
    REFUSED(f, sizeof(f), "program headers outside the file");
    f = good(); f.eh.e_phoff = ~0UL - 8;  /* offset + size wraps around */
    REFUSED(f, sizeof(f), "program headers outside the file");
    f = good(); f.ph[0].p_filesz = f.ph[0].p_memsz + 1;
    REFUSED(f, sizeof(f), "segment p_filesz > p_memsz");
    f = good(); f.ph[0].p_offset = 8;
    f.ph[0].p_vaddr += 8;
    REFUSED(f, sizeof(f), "segment outside the file");
    f = good(); f.ph[0].p_memsz = 1UL << 40;
    REFUSED(f, sizeof(f), "segment too large");
    f = good(); f.ph[0].p_vaddr = 0x401010;
    REFUSED(f, sizeof(f), "segment misaligned (p_vaddr, p_offset, p_align)");
    f = good(); f.ph[0].p_vaddr = 0xffffffff80000000UL;
    REFUSED(f, sizeof(f), "segment outside the user half");
    f = good(); f.ph[0].p_vaddr = 0x7ffffffff000UL; f.ph[0].p_memsz = 0x2000;
    REFUSED(f, sizeof(f), "segment outside the user half");
    f = good(); f.ph[0].p_vaddr = 0;
    REFUSED(f, sizeof(f), "segment maps the null page");
    f = good(); f.ph[0].p_type = 4;
    REFUSED(f, sizeof(f), "no PT_LOAD segment");
    f = good(); f.eh.e_phnum = 2;       /* a program that asks for ld.so */
    f.ph[1] = (struct elf64_phdr){ PT_INTERP, PF_R, 0, 0x401000, 0x401000, 8, 8, 1 };
    REFUSED(f, sizeof(f), "needs a dynamic linker (PT_INTERP): only static programs run");
    /* the stack (64 KiB under 0x7ffffffff000) and its guard page below */
    f = good(); f.ph[0].p_vaddr = 0x7ffffffef000UL - 0x1000;
    REFUSED(f, sizeof(f), "segment overlaps the stack or its guard page");
    f = good(); f.ph[0].p_vaddr = 0x7ffffffff000UL - 0x8000;
    REFUSED(f, sizeof(f), "segment overlaps the stack or its guard page");
    f = good(); f.ph[0].p_vaddr = 0x7ffffffef000UL - 0x2000;  /* ends below the guard */
    f.ph[0].p_memsz = 0x1000; f.ph[0].p_filesz = sizeof(f) < 0x1000 ? sizeof(f) : 0x1000;
    f.eh.e_entry = f.ph[0].p_vaddr + offsetof(struct file, code);
    CHECK(validate(&f, sizeof(f), &why) == 0);
    f = good(); f.ph[0].p_vaddr = 0x7ffffffff000UL;    /* above the stack: /bin/sysret-edge */
    f.ph[0].p_memsz = 0x1000; f.eh.e_entry = f.ph[0].p_vaddr + offsetof(struct file, code);
    CHECK(validate(&f, sizeof(f), &why) == 0);
    f = good(); f.eh.e_entry = 0x800000;
    REFUSED(f, sizeof(f), "entry point not in an executable segment");
    f = good(); f.ph[0].p_flags = PF_R | PF_W;
    REFUSED(f, sizeof(f), "entry point not in an executable segment");

    /* static-PIE: vaddr 0 is fine, the load bias moves it */
    f = good(); f.eh.e_type = ET_DYN;
    f.ph[0].p_vaddr = 0; f.eh.e_entry = offsetof(struct file, code);
    CHECK(validate(&f, sizeof(f), &why) == 0);
    CHECK(elf_load_bias(&f.eh) == 0x555555554000UL);

    /* no section headers: no symbols, and no crash */
    char buf[64];
    f = good();
    CHECK(elf_symbolize(&f, sizeof(f), 0, 0x401040, buf, sizeof(buf)) == NULL);
    f.eh.e_shnum = 5; f.eh.e_shentsize = 64; f.eh.e_shoff = 1UL << 62;
    CHECK(elf_symbolize(&f, sizeof(f), 0, 0x401040, buf, sizeof(buf)) == NULL);
    return check_done();
}

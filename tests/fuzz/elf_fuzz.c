/* elf_fuzz.c — libFuzzer target for the kernel's ELF checks
 * (kernel/proc/elf.c: elf_validate, elf_symbolize), run on the host.
 *
 *   make fuzz [FUZZ_TIME=seconds]     a long run (default 300 s)
 *   ctest -R fuzz.elf                 the short one `make test` runs
 *
 * Each input is copied into a buffer of exactly its size, so
 * AddressSanitizer stops at the first byte read past the file; UBSan
 * stops at overflow, misaligned access and the like. Beyond "no crash",
 * the target checks what the loader (elf_load.c) relies on: a file that
 * elf_validate accepts has program headers inside the file, and every
 * PT_LOAD segment inside the file, inside the user half above the null
 * page and clear of the stack, at most 1 GiB in all, with the entry point
 * in an executable one. A violation aborts, and libFuzzer saves the input
 * (crash-<sha1>) to reproduce with `build/tests/fuzz/fuzz_elf crash-...`. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "arch/x86_64/memlayout.h"
#include "proc/elf.h"
#include "proc/process.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static void
check_accepted(const uint8_t *file, size_t size)
{
    const struct elf64_ehdr *eh = (const void *)file;
    const struct elf64_phdr *ph = (const void *)(file + eh->e_phoff);
    uint64_t bias = elf_load_bias(eh), total = 0;
    const uint64_t stack_low = USER_STACK_TOP - USER_STACK_SIZE - PAGE_SIZE;
    int entry_ok = 0;

    CHECK(size >= sizeof(*eh));
    CHECK(eh->e_phoff <= size && eh->e_phnum * sizeof(*ph) <= size - eh->e_phoff);
    for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type != PT_LOAD)
            continue;
        uint64_t start = ph[i].p_vaddr + bias, end = start + ph[i].p_memsz;
        CHECK(ph[i].p_offset <= size && ph[i].p_filesz <= size - ph[i].p_offset);
        CHECK(ph[i].p_filesz <= ph[i].p_memsz);
        CHECK(start >= PAGE_SIZE && start >= ph[i].p_vaddr);    /* no wrap */
        CHECK(end >= start && end <= USER_TOP);
        CHECK(end <= stack_low || start >= USER_STACK_TOP);
        total += ph[i].p_memsz;
        if ((ph[i].p_flags & PF_X) && eh->e_entry >= ph[i].p_vaddr &&
            eh->e_entry - ph[i].p_vaddr < ph[i].p_memsz)
            entry_ok = 1;
    }
    CHECK(total <= (1UL << 30));
    CHECK(entry_ok);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *file = malloc(size ? size : 1);
    const char *why = 0;
    char sym[64];

    memcpy(file, data, size);
    if (elf_validate(file, size, &why) == 0)
        check_accepted(file, size);
    else
        CHECK(why && *why);
    /* the fault report's symbol lookup, at addresses taken from the input */
    uint64_t addr = 0x401000, bias = 0;
    if (size >= 16) {
        memcpy(&addr, data + size - 8, 8);
        memcpy(&bias, data + size - 16, 8);
        bias &= 0xfffffffff000UL;
    }
    const char *s = elf_symbolize(file, size, bias, addr, sym, sizeof(sym));
    CHECK(!s || (s == sym && strlen(sym) < sizeof(sym)));
    elf_symbolize(file, size, 0, 0x400078, sym, sizeof(sym));
    free(file);
    return 0;
}

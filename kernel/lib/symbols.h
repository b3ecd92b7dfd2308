/* symbols.h — turning a code address into "function+0xoffset".
 *
 * The build writes the kernel's symbol table (`nm -n` of the text symbols)
 * to a text file that GRUB loads as a second module named "symbols". */
#ifndef RINGLAB_SYMBOLS_H
#define RINGLAB_SYMBOLS_H

#include <stddef.h>
#include <stdint.h>

struct sym_result {
    uint64_t addr;          /* the symbol's start */
    const char *name;       /* points into the table; not NUL-terminated */
    int name_len;
};

/* Pure lookup in an nm-format table ("<hex addr> <type> <name>\n" lines,
 * sorted by address): the text symbol at or below `addr`. Returns 0 if found. */
int sym_lookup(const char *table, size_t len, uint64_t addr, struct sym_result *r);

void symbols_init(const char *table, size_t len);

/* "name+0xoff", or "?" if unknown; in one of a few rotating static buffers,
 * so several may appear in one kprintf. */
const char *sym_str(uint64_t addr);

#endif

/* gdt.h — segment selectors and the TSS.
 *
 * The order of the GDT is dictated by SYSCALL/SYSRET (see gdt.c):
 *
 *   index  selector  descriptor
 *   0      0x00      null
 *   1      0x08      kernel code, 64-bit      SYSCALL: CS = STAR[47:32]
 *   2      0x10      kernel data              SYSCALL: SS = STAR[47:32] + 8
 *   3      0x18|3    user data                SYSRET:  SS = STAR[63:48] + 8
 *   4      0x20|3    user code, 64-bit        SYSRET:  CS = STAR[63:48] + 16
 *   5..6   0x28      TSS (a 16-byte descriptor in long mode)
 */
#ifndef RINGLAB_GDT_H
#define RINGLAB_GDT_H

#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define USER_DS   (0x18 | 3)
#define USER_CS   (0x20 | 3)
#define TSS_SEL   0x28

#define IST_DOUBLE_FAULT 1   /* TSS.IST1: #DF gets a known-good stack */
#define IST_STACK_SIZE   (16 * 1024)

#ifndef __ASSEMBLER__
#include <stdint.h>

/* The 64-bit Task State Segment (Intel SDM Vol. 3A §8.7, Figure 8-11).
 * In long mode it holds no task state, only stack pointers: RSP0 is loaded
 * on an interrupt from ring 3, IST1..7 on any interrupt whose gate asks. */
struct tss {
    uint32_t reserved0;
    uint64_t rsp[3];        /* rsp[0]: the kernel stack for ring 3 -> 0 */
    uint64_t reserved1;
    uint64_t ist[7];        /* ist[0] is IST1 */
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;    /* = sizeof(struct tss): no I/O bitmap */
} __attribute__((packed));

_Static_assert(sizeof(struct tss) == 104, "TSS is 104 bytes (SDM Figure 8-11)");
_Static_assert(__builtin_offsetof(struct tss, rsp) == 4, "TSS.RSP0 at byte 4");
_Static_assert(__builtin_offsetof(struct tss, ist) == 36, "TSS.IST1 at byte 36");

extern struct tss tss;

void gdt_init(void);
/* Makes table (laid out as gdt.c's: GDT_ENTRIES descriptors, the TSS's at
 * TSS_SEL) this CPU's GDT: lgdt, CS and the data segments reloaded, ltr. */
void gdt_load(const uint64_t *table);
/* The page the GDT lives on (alone), for kmain to make read-only. */
const void *gdt_page(void);
void tss_set_rsp0(uint64_t rsp0);
#endif

#endif

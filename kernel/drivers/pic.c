/* pic.c — the two 8259A interrupt controllers of the PC.
 *
 * The BIOS leaves IRQ 0..7 on vectors 8..15 — the CPU's exception vectors
 * (IRQ 0, the timer, would look like a #DF). We move them to 32..47 and mask
 * them all; lab 3 unmasks the timer. Programming sequence: 8259A datasheet,
 * "Initialization Command Words" ICW1..ICW4. */
#include "drivers/pic.h"
#include "arch/x86_64/cpu.h"

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xa0
#define PIC2_DATA 0xa1

void
pic_init(void)
{
    outb(PIC1_CMD, 0x11);       /* ICW1: initialise, ICW4 follows */
    outb(PIC2_CMD, 0x11);
    outb(PIC1_DATA, PIC_VECTOR_BASE);       /* ICW2: IRQ 0..7 -> 32..39 */
    outb(PIC2_DATA, PIC_VECTOR_BASE + 8);   /*       IRQ 8..15 -> 40..47 */
    outb(PIC1_DATA, 0x04);      /* ICW3: the slave is on IRQ 2 */
    outb(PIC2_DATA, 0x02);      /*       its cascade identity */
    outb(PIC1_DATA, 0x01);      /* ICW4: 8086 mode */
    outb(PIC2_DATA, 0x01);
    outb(PIC1_DATA, 0xff);      /* mask every IRQ */
    outb(PIC2_DATA, 0xff);
}

void
pic_unmask(int irq)
{
    uint16_t port = irq < 8 ? PIC1_DATA : PIC2_DATA;

    outb(port, inb(port) & ~(1 << (irq & 7)));
    if (irq >= 8)
        pic_unmask(2);          /* the cascade */
}

void
pic_eoi(int irq)
{
    if (irq >= 8)
        outb(PIC2_CMD, 0x20);
    outb(PIC1_CMD, 0x20);       /* non-specific end of interrupt */
}

/* pic.h — the 8259A interrupt controllers. */
#ifndef RINGLAB_PIC_H
#define RINGLAB_PIC_H

#define PIC_VECTOR_BASE 32      /* IRQ n arrives on vector 32 + n */

void pic_init(void);            /* remap to 32..47, everything masked */
void pic_unmask(int irq);
void pic_eoi(int irq);

#endif

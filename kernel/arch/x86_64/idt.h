/* idt.h — the Interrupt Descriptor Table. */
#ifndef RINGLAB_IDT_H
#define RINGLAB_IDT_H

#include <stdint.h>

#define VEC_DE  0    /* divide error */
#define VEC_BP  3    /* breakpoint (int3) */
#define VEC_UD  6    /* invalid opcode */
#define VEC_DF  8    /* double fault */
#define VEC_GP  13   /* general protection */
#define VEC_PF  14   /* page fault */
#define VEC_IRQ0 32  /* first hardware IRQ after the PIC is remapped */
#define VEC_SELFTEST 0xf0  /* ktests only: `int 0xf0` arrives on IST1 */

void idt_init(void);
void idt_set_ist(int vector, int ist);
void idt_set_user_callable(int vector);
/* The page the IDT fills (alone), for kmain to make read-only. */
const void *idt_page(void);
#if RINGLAB_LAB >= 5
/* Loads the IDT idt_init filled on this CPU too (lab 5: each AP's start). */
void idt_load(void);
#endif

#endif

; interrupt.asm — the entry and exit of every interrupt and exception.
;
;   void isr_common(void);                        /* reached from a stub */
;   void trap_dispatch(struct trap_frame *tf);    /* C, in trap.c */
;   void interrupt_exit(void);                    /* interrupt_return.asm */
;   extern uint64_t isr_stub_table[256];          /* for idt.c */
;
; On an interrupt or exception the CPU (SDM Vol. 3A §7.14 "64-bit mode
; interrupt handling"):
;   1. if the gate's IST field is non-zero, loads RSP from TSS.IST[n];
;      else, on a change to ring 0, loads RSP from TSS.RSP0;
;   2. aligns RSP down to 16 bytes;
;   3. pushes SS, RSP, RFLAGS, CS, RIP, and an error code for some vectors;
;   4. clears IF (interrupt gates), TF, NT, RF; loads CS:RIP from the gate.
;
; Registers on entry to a stub:
;
;   | register   | value                                                |
;   |------------|------------------------------------------------------|
;   | RSP        | points at the error code (or at RIP if none)         |
;   | GS base    | the *interrupted* context's: the user's if CS was 3  |
;   | all others | the interrupted context's, untouched                 |
;
; Which vectors push an error code (SDM Vol. 3A Table 7-1):
;   8 #DF, 10 #TS, 11 #NP, 12 #SS, 13 #GP, 14 #PF, 17 #AC, 21 #CP,
;   29 #VC, 30 #SX. For every other vector the stub pushes a 0 in its place,
;   so that struct trap_frame (trap_frame.h) has one shape for all.
;
; One stub per vector, and one table of them. From lab 3 on, the PIC's 16
; IRQs (vectors 32..47) have stubs of their own in irq_stubs.asm, and the
; table points there; before lab 3 the PIC is masked, and those vectors get
; the same stub as any other.

%include "asm_offsets.inc"
%include "arch/x86_64/frame.inc"

extern trap_dispatch, interrupt_exit

section .text
BITS 64

; isr_stub n: the stub of vector n. It makes the frame uniform (an error
; code slot for every vector) and jumps to isr_common.
%macro isr_stub 1
  %assign vec %1
align 16
isr_stub_ %+ vec:
  %if vec = 8 || vec = 10 || vec = 11 || vec = 12 || vec = 13 || vec = 14 || vec = 17 || vec = 21 || vec = 29 || vec = 30
        ; the CPU pushed an error code
  %else
        push 0                          ; error: the CPU pushed none
  %endif
        push vec                        ; vector
        jmp isr_common
%endmacro

%assign v 0
%rep 256
%if RINGLAB_LAB >= 3
  %if v < 32 || v >= 48                 ; lab 3: 32..47 are irq_stubs.asm's
        isr_stub v
  %endif
%else
        isr_stub v
%endif
    %assign v v + 1
%endrep

; isr_common: save the interrupted registers, call C, and leave through
; interrupt_exit (interrupt_return.asm), the one way back.
;
;   stack on entry (RSP at the top of this picture):
;     vector | error | rip | cs | rflags | rsp | ss
align 16
global isr_common
isr_common:
        ; From ring 3 the GS base is the user's; swap in the kernel's.
        ; (From ring 0 it is already the kernel's: swapping would give the
        ; kernel the user's GS — the "SWAPGS" class of bugs.)
        test byte [rsp + TF_CS - TF_VECTOR], 3
        jz .gs_ok_entry
        swapgs
.gs_ok_entry:
        push_registers                  ; rax .. r15 (frame.inc)
        ; RSP now points at a complete struct trap_frame (22 quadwords,
        ; still 16-byte aligned as the CPU left it).
        cld                             ; the C ABI assumes DF = 0
        mov rdi, rsp                    ; arg 1: struct trap_frame *
        xor ebp, ebp                    ; the handler's backtrace starts here
        call trap_dispatch
        jmp interrupt_exit              ; RSP = the frame, as C left it

; The table idt.c reads: the address of each vector's stub.
%if RINGLAB_LAB >= 3
  %assign irq 0
  %rep 16
extern irq_stub_ %+ irq                 ; lab 3: irq_stubs.asm
    %assign irq irq + 1
  %endrep
%endif
section .rodata
align 8
global isr_stub_table
isr_stub_table:
%assign v 0
%rep 256
%if RINGLAB_LAB >= 3
  %if v >= 32 && v < 48                 ; lab 3: the IRQ's own stub
    %assign irq v - 32
        dq irq_stub_ %+ irq
  %else
        dq isr_stub_ %+ v
  %endif
%else
        dq isr_stub_ %+ v
%endif
    %assign v v + 1
%endrep

section .note.GNU-stack noalloc noexec nowrite progbits

; irq_stubs.asm — entry stubs for the 16 hardware interrupts (lab 3).
;
;   void irq_stub_0(void) ... irq_stub_15(void);  /* vectors 32..47, in
;                                   interrupt.asm's isr_stub_table */
;
; An IRQ is not an exception: the CPU pushes SS, RSP, RFLAGS, CS and RIP,
; and never an error code. Each stub makes the frame the same shape as an
; exception's (trap_frame.h) and joins isr_common (interrupt.asm):
;
;   +-----------+
;   | ss        |  pushed by the CPU
;   | rsp       |
;   | rflags    |
;   | cs        |
;   | rip       |
;   | error = 0 |  pushed by the stub: the slot an exception's code fills
;   | vector    |  pushed by the stub: 32 + IRQ number
;   +-----------+  <- RSP when isr_common starts
;
; isr_common and the return path assume exactly this shape: they read CS at
; [rsp + TF_CS - TF_VECTOR], and drop two quadwords before `iretq`.

extern isr_common

section .text
BITS 64

%assign irq 0
%rep 16
align 16
global irq_stub_ %+ irq
irq_stub_ %+ irq:
%ifndef BUG_3_TIMER_IRET_FRAME
        push 0                          ; error: an IRQ has none
%endif
        push 32 + irq                   ; vector
        jmp isr_common
    %assign irq irq + 1
%endrep

section .note.GNU-stack noalloc noexec nowrite progbits

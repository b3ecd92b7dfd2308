; irq_stubs.asm — entry stubs for the 16 hardware interrupts (lab 3).
;
;   extern uint64_t irq_stub_table[16];     /* idt.c installs them at 32..47 */
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
irq_stub_ %+ irq:
%ifndef BUG_3_TIMER_IRET_FRAME
        push 0                          ; error: an IRQ has none
%endif
        push 32 + irq                   ; vector
        jmp isr_common
    %assign irq irq + 1
%endrep

section .rodata
align 8
global irq_stub_table
irq_stub_table:
%assign irq 0
%rep 16
        dq irq_stub_ %+ irq
    %assign irq irq + 1
%endrep

section .note.GNU-stack noalloc noexec nowrite progbits

; interrupt_return.asm — the one IRETQ way back from the kernel: after an
; interrupt or exception (isr_common), after a syscall that may not SYSRET,
; and into a process's first instruction (return_to_user).
;
;   void interrupt_exit(void);      /* jumped to: RSP = struct trap_frame */
;   void trace_iretq_to_ring3(struct trap_frame *tf);   /* C, trace.c (lab 3) */
;   void trace_marker(char c);                           /* C, trace.c (lab 3) */
;
; Registers on entry:
;
;   | register | value                                                 |
;   |----------|-------------------------------------------------------|
;   | RSP      | the struct trap_frame to return from (trap_frame.h)   |
;   | RFLAGS   | IF = 0: interrupts are off                            |
;   | GS base  | the kernel's                                          |
;   | CR3      | any process's, or the kernel's: the kernel half is    |
;   |          | the same in all of them                               |
;   | others   | scratch: the frame holds what will be restored        |
;
; The saved CS says where to: ring 0 (the kernel interrupted itself) or,
; from lab 2 on, ring 3. Only the way to ring 3 restores the user's GS base
; with `swapgs`; only it may switch CR3.
%if RINGLAB_LAB >= 3
;
; From lab 3 on the scheduler does not load the next process's CR3 itself:
; it leaves it in the per-CPU slot next_cr3 (GS:64, written only through
; mm/cr3_switch.h), and the way to ring 3 loads it right before iretq. The
; rule that makes this safe:
;
;   interrupts stay OFF from the moment next_cr3 is read until iretq,
;   and CR3 is switched only on a return to ring 3.
;
; With tracing on (`trace` on the kernel command line) the return to ring 3
; prints `$` when it loads a CR3, `Z`, a line from trace_iretq_to_ring3, and
; `Q`; the timer prints `T` for a tick from ring 3 and `t` from ring 0.
%endif

%include "asm_offsets.inc"
%include "arch/x86_64/frame.inc"
%if RINGLAB_LAB >= 6

extern signal_return_to_user
%endif
%if RINGLAB_LAB >= 3

extern trace_iretq_to_ring3, trace_marker, trace_enabled

; marker c: print one trace character (C clobbers only caller-saved
; registers, and the frame already holds all of the interrupted ones).
%macro marker 1
        mov edi, %1
        call trace_marker
%endmacro
%endif

section .text
BITS 64

global interrupt_exit
interrupt_exit:
%if RINGLAB_LAB >= 2
        test byte [rsp + TF_CS], 3
        jz interrupt_exit_to_ring0
%endif
%if RINGLAB_LAB >= 6
        ; --- full kernel: a signal to deliver (proc/signal.h) ------------
        cmp byte [gs:PERCPU_SIGNAL_WORK], 0
        je .no_signal
        mov rdi, rsp                            ; arg 1: the frame we return from
        call signal_return_to_user              ; may rewrite it, or never return
.no_signal:
%endif
%if RINGLAB_LAB >= 3

        ; --- back to ring 3: first the deferred CR3 switch ---------------
        mov rax, [gs:PERCPU_NEXT_CR3]
        test rax, rax
        jz .cr3_done
        mov cr3, rax                            ; the process's tables from here on
        mov qword [gs:PERCPU_NEXT_CR3], 0
        cmp byte [trace_enabled], 0
        je .cr3_done
        marker '$'
.cr3_done:
        ; --- then, if asked for, the trace ----------------------------------
        cmp byte [trace_enabled], 0
        je .trace_done
        marker 'Z'
%ifdef BUG_3_TIMER_CR3_RACE
        sti                                     ; the trace is slow: let the timer in
%endif
        mov rdi, rsp                            ; arg 1: the frame we return from
        call trace_iretq_to_ring3
%ifdef BUG_3_TIMER_CR3_RACE
        cli
%endif
        marker 'Q'
.trace_done:
        ; Interrupts are off, CR3 is this process's, GS is the kernel's.
%endif
%if RINGLAB_LAB >= 2
        ; --- back to ring 3 -------------------------------------------------
        pop_registers
        swapgs                                  ; GS base := the user's
        add rsp, TF_RIP - TF_VECTOR             ; drop vector and error code
global interrupt_iretq_to_ring3
interrupt_iretq_to_ring3:
        iretq                                   ; rip, cs, rflags, rsp, ss
%endif

        ; --- back to ring 0: an interrupt of the kernel itself -----------
        ; (GS stays the kernel's; CR3 is never switched here.)
interrupt_exit_to_ring0:
        pop_registers
        add rsp, TF_RIP - TF_VECTOR             ; drop vector and error code
global interrupt_iretq_to_ring0
interrupt_iretq_to_ring0:
        iretq                                   ; rip, cs, rflags, rsp, ss

section .note.GNU-stack noalloc noexec nowrite progbits

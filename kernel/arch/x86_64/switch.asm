; switch.asm — switching from one kernel stack to another.
;
;   void switch_context(struct context **save, struct context *load);
;
;   | register | on entry                        | on return (in the other thread) |
;   |----------|---------------------------------|---------------------------------|
;   | RDI      | where to store our saved RSP    | -                               |
;   | RSI      | the saved RSP to switch to      | -                               |
;   | RBX RBP R12-R15 | ours (callee-saved)      | the other thread's              |
;
; Only the callee-saved registers need saving: switch_context is an ordinary
; C call, so the caller already assumes the others are clobbered. The saved
; state *is* the stack: a struct context (context.h) sits at the saved RSP.
;
;   saved RSP -> | r15 | r14 | r13 | r12 | rbx | rbp | return address |

section .text
BITS 64

global switch_context
switch_context:
        push rbp                        ; context.rbp
        push rbx                        ; context.rbx
        push r12                        ; context.r12
        push r13                        ; context.r13
        push r14                        ; context.r14
        push r15                        ; context.r15
        mov [rdi], rsp                  ; *save = our context
        mov rsp, rsi                    ; the other thread's stack
        pop r15
        pop r14
        pop r13
        pop r12
        pop rbx
        pop rbp
        ret                             ; into the other thread

section .note.GNU-stack noalloc noexec nowrite progbits

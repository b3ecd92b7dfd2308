; syscall.asm — the one place a C program executes `syscall`.
;
;   long syscall6(long number, long a1, long a2, long a3, long a4,
;                 long a5, long a6);
;
; The C calling convention and the kernel's disagree in two places: C's
; first argument register carries the number, and C passes the 4th
; argument in rcx, which `syscall` itself overwrites with the return RIP.
; So every argument moves one register along:
;
;   register | C call gives us      | syscall wants
;   ---------+----------------------+---------------------------------
;   rdi      | number               | a1
;   rsi      | a1                   | a2
;   rdx      | a2                   | a3
;   rcx      | a3                   | (clobbered: return RIP)
;   r8       | a4                   | a5
;   r9       | a5                   | a6
;   [rsp+8]  | a6                   | -
;   rax      | -                    | number; the result comes back here
;   r10      | -                    | a4
;   r11      | -                    | (clobbered: RFLAGS)
;
; Returns rax as the kernel left it: the result, or -errno. rcx and r11
; are caller-saved in C, so their loss needs no saving here.

bits 64

section .text
global syscall6

syscall6:
    mov rax, rdi                ; number
    mov rdi, rsi                ; a1
    mov rsi, rdx                ; a2
    mov rdx, rcx                ; a3
    mov r10, r8                 ; a4
    mov r8, r9                  ; a5
    mov r9, [rsp + 8]           ; a6, the 7th C argument, on the stack
    syscall
    ret

; The stack need not be executable (without this, ld warns and assumes it is).
section .note.GNU-stack noalloc noexec nowrite progbits

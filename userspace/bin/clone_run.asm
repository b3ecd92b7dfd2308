; clone_run.asm — a child process on a stack of its own (sigtest's
; CLONE_VM checks; the full kernel).
;
;   long clone_run(unsigned long flags, void *stack_top,
;                  int (*fn)(void *), void *arg);
;
; clone(flags, stack_top, 0, 0, 0). The child starts with the parent's
; registers but RSP = stack_top, so it must never return through the
; parent's frames: with CLONE_VM they are the parent's live stack, which
; the child would overwrite under it. So the child runs fn(arg) here, on
; its own stack, and exits with fn's value; only the parent returns, with
; the child's pid or -errno. C cannot write this: after `syscall` both
; would come back into the same C function.
;
;   register | in (C)       | for `syscall`
;   ---------+--------------+-------------------------------------------
;   rdi      | flags        | a1: flags
;   rsi      | stack_top    | a2: the child's RSP (16-byte aligned, fn
;            |              |     and arg pushed below it first)
;   rdx      | fn           | a3: parent_tid = 0
;   rcx      | arg          | (clobbered by `syscall`: RIP)
;   r10, r8  | -            | a4: child_tid = 0, a5: tls = 0
;   rax      | -            | 56 (clone); the pid, 0 in the child

bits 64

section .text
global clone_run

clone_run:
    sub rsi, 16
    mov [rsi], rdx              ; the child's stack: fn ...
    mov [rsi + 8], rcx          ; ... and arg above it
    xor edx, edx                ; parent_tid
    xor r10d, r10d              ; child_tid
    xor r8d, r8d                ; tls
    mov eax, 56                 ; SYS_clone
    syscall
    test rax, rax
    jnz .parent                 ; the pid, or -errno
    pop rax                     ; the child, on stack_top - 16: fn
    pop rdi                     ; arg; RSP = stack_top, aligned for the call
    call rax
    mov edi, eax                ; fn's value is the exit status
    mov eax, 60                 ; SYS_exit
    syscall
    ud2                         ; (exit does not return)
.parent:
    ret

; The stack need not be executable (without this, ld warns and assumes it is).
section .note.GNU-stack noalloc noexec nowrite progbits

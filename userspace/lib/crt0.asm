; crt0.asm — _start, where every C program begins.
;
;   _Noreturn void _start(void);     /* not called: the kernel jumps here */
;
; exec enters in ring 3 with RSP pointing at the initial stack (the Linux
; x86-64 layout, System V AMD64 ABI §3.4.1), higher addresses up:
;
;           | strings: argv[], envp[], AT_RANDOM bytes ... |
;           | AT_NULL, 0                                    |
;           | auxv: type, value pairs (AT_PHDR, ...)       |
;           | NULL                                          |
;           | envp[0] .. envp[m-1]                          |
;           | NULL                                          |
;           | argv[0] .. argv[argc-1]                       |
;   RSP ->  | argc                                          |  RSP % 16 == 0
;
; Registers on entry (what exec left):
;   rsp     -> argc, 16-byte aligned
;   rdx     a function to register with atexit; 0 from a kernel (ignored)
;   others  undefined: assume nothing
;
; What _start sets up before calling C:
;   rbp     0, so a frame-pointer backtrace stops here
;   r12     argc          (callee-saved: survives the calls below)
;   r13     argv          = rsp + 8
;   r14     envp          = argv + 8 * (argc + 1)
;   rcx     &_DYNAMIC, RIP-relative: where the dynamic section really is in
;           a static-PIE; 0 in an ET_EXEC program, which has none (the
;           weak symbol is then 0)
;   rsp     16-byte aligned (a `call` needs rsp % 16 == 0), whatever the
;           kernel gave us: aligning costs one instruction
;
; Then: __libc_init(argc, argv, envp, dynamic)   (relocation, environ)
;       exit(main(argc, argv, envp))

bits 64
default rel

section .text
global _start
extern __libc_init, main, exit
extern _DYNAMIC:weak            ; made by the linker for a static-PIE only

_start:
    xor ebp, ebp                ; the outermost frame
    mov r12, [rsp]              ; argc
    lea r13, [rsp + 8]          ; argv
    lea r14, [r13 + r12*8 + 8]  ; envp: past argv[] and its NULL
    and rsp, -16                ; align the stack for the calls below

    mov rdi, r12
    mov rsi, r13
    mov rdx, r14
    lea rcx, [_DYNAMIC]         ; RIP-relative: the run-time address
    call __libc_init            ; must run before any other C code

    mov edi, r12d               ; int argc
    mov rsi, r13                ; char **argv
    mov rdx, r14                ; char **envp
    call main
    mov edi, eax                ; main's return value is the exit status
    call exit
    ud2                         ; exit never returns

; The stack need not be executable (without this, ld warns and assumes it is).
section .note.GNU-stack noalloc noexec nowrite progbits

; minimal.asm — /bin/minimal: the smallest program that proves a system
; call works. No libc, no stack use, two system calls:
;
;   write(1, "MINIMAL_TEST_PASS\n", 18);     rax = 1  (SYS_write)
;   exit(0);                                 rax = 60 (SYS_exit)
;
;   _Noreturn void _start(void);     /* the kernel jumps here, in ring 3 */
;
; Linked with `ld -n` (userspace/CMakeLists.txt): text and the message
; share ONE PT_LOAD segment, R-X, at 0x400000 + the ELF headers' size.
; Contrast /bin/sh, a static-PIE C program with several segments.
;
; Register use (the Linux x86-64 system call ABI):
;   register | write                 | exit
;   ---------+-----------------------+---------------------
;   rax      | 1, then bytes written | 60
;   rdi      | fd 1 (stdout)         | status 0
;   rsi      | the message           | -
;   rdx      | its length            | -
;   rcx, r11 | clobbered by `syscall` (return RIP and RFLAGS)
; Nothing is assumed about any register or the stack at entry.

bits 64
default rel

%define SYS_write 1
%define SYS_exit  60

section .text
global _start

_start:
    mov eax, SYS_write
    mov edi, 1                  ; fd: standard output
    lea rsi, [message]          ; RIP-relative: works at any address
    mov edx, message_len
    syscall                     ; rax = 18 if all went well (not checked)

    mov eax, SYS_exit
    xor edi, edi                ; status 0
    syscall
    ud2                         ; exit does not return: #UD if it does

message:    db "MINIMAL_TEST_PASS", 10
message_len equ $ - message

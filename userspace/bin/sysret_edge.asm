; sysret_edge.asm — /bin/sysret-edge: a syscall whose return address is not
; canonical (the trick behind CVE-2012-0217).
;
;   _Noreturn void _start(void);
;
; The program is linked at 0x7ffffffff000, the last page of the user half,
; and its `syscall` instruction is the last two bytes of that page. After
; it, the saved RIP (RCX) is 0x0000800000000000: the first non-canonical
; address. SYSRET to that RIP would fault — on Intel CPUs in ring 0 with the
; user's RSP, the vulnerability. The kernel must notice and return with
; IRETQ instead, which faults in ring 3: the process is killed, the kernel
; carries on.
;
; Register use:
;   rax  39 (SYS_getpid): a syscall that needs no arguments
;   rcx  after `syscall`: 0x0000800000000000, the return address

bits 64

%define SYS_getpid 39
%define PAGE 4096

section .text
global _start
_start:
        jmp last_two_bytes - 5          ; to the `mov eax` right before them
        times PAGE - 7 - ($ - $$) nop
        mov eax, SYS_getpid             ; 5 bytes
last_two_bytes:
        syscall                         ; 2 bytes: ends exactly at the page end

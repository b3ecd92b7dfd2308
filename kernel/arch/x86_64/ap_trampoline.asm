; ap_trampoline.asm — how an application processor (AP) gets from its
; STARTUP IPI, in real mode, to C in long mode (lab 5).
;
;   void ap_entry(int cpu);     /* smp.c: where the trampoline ends, never returns */
;
; smp.c copies the bytes from ap_trampoline_start to ap_trampoline_end to a
; page below 1 MiB, fills in the four parameters at the end, and sends the
; AP INIT, STARTUP, STARTUP with that page's number as the vector. The AP
; starts at CS:IP = (page >> 4):0000 with everything else as after a reset
; (Intel SDM Vol. 3A §10.1.1, §9.4.4): real mode, no paging, interrupts off.
; The code runs from wherever the page is, so it never uses an absolute
; address: EBX holds the page's physical address and every address is
; EBX + (label - ap_trampoline_start).
;
;   | register | in real mode        | at the jump into C (ap_entry)           |
;   |----------|---------------------|-----------------------------------------|
;   | CS       | page >> 4 (the SIPI)| KERNEL_CS-like 64-bit code (this GDT's) |
;   | EBX      | set here: the page  | the page (scratch from here on)         |
;   | SS:SP    | set here: the top of the page, for the far returns' pushes    |
;   | RSP      | -                   | ap_trampoline_stack: this CPU's stack,  |
;   |          |                     | a 0 return address pushed               |
;   | RDI      | -                   | ap_trampoline_cpu: the CPU's number     |
;   | RBP      | -                   | 0: the backtrace ends here              |
;   | CR3      | -                   | ap_trampoline_cr3: identity-maps this   |
;   |          |                     | page and holds the kernel half          |
;   | EFER     | -                   | LME | NXE (the kernel's tables use NX)  |
;
; The three steps are boot.asm's (SDM Vol. 3A §10.8.5), from real mode:
; a GDT and CR0.PE; then PAE, CR3, EFER.LME and CR0.PG; then a far jump
; through a 64-bit code descriptor. The far jumps are `retf` from pushed
; values, since their targets are known only at run time.

CODE32   equ 0x08                       ; this file's GDT, below
DATA32   equ 0x10
CODE64   equ 0x18

CR0_PE   equ 1 << 0
CR0_WP   equ 1 << 16
CR0_PG   equ 1 << 31
CR4_PAE  equ 1 << 5
MSR_EFER equ 0xc0000080
EFER_LME equ 1 << 8
EFER_NXE equ 1 << 11

%define OFF(label) ((label) - ap_trampoline_start)

; A stack at the top of the trampoline's page (the code is far shorter).
TRAMPOLINE_STACK equ 4096

section .rodata
align 16
global ap_trampoline_start, ap_trampoline_end
global ap_trampoline_cr3, ap_trampoline_stack, ap_trampoline_entry, ap_trampoline_cpu

BITS 16
ap_trampoline_start:
        cli
        cld
        mov ax, cs
        mov ds, ax                      ; data at OFF(label), as code
        mov ss, ax
        mov sp, TRAMPOLINE_STACK        ; the far returns need a stack
        movzx ebx, ax
        shl ebx, 4                      ; EBX = this page's physical address
        lea eax, [ebx + OFF(gdt)]
        mov [OFF(gdtr) + 2], eax        ; lgdt wants the GDT's linear address
        o32 lgdt [OFF(gdtr)]
        mov eax, cr0
        or eax, CR0_PE
        mov cr0, eax                    ; protected mode, still 16-bit code
        push dword CODE32               ; far return: CS ...
        lea eax, [ebx + OFF(protected32)]
        push eax                        ; ... and EIP
        o32 retf

BITS 32
protected32:
        mov ax, DATA32
        mov ds, ax
        mov es, ax
        mov ss, ax
        lea esp, [ebx + TRAMPOLINE_STACK]   ; the same stack, now flat
        mov eax, cr4
        or eax, CR4_PAE
        mov cr4, eax
        mov eax, [ebx + OFF(ap_trampoline_cr3)]
        mov cr3, eax
        mov ecx, MSR_EFER
        rdmsr
        or eax, EFER_LME | EFER_NXE
        wrmsr
        mov eax, cr0
        or eax, CR0_PG | CR0_WP
        mov cr0, eax                    ; long mode (compatibility mode so far)
        push CODE64                     ; far return: CS ...
        lea eax, [ebx + OFF(long64)]
        push eax                        ; ... and EIP
        retf

BITS 64
long64:
        mov ebx, ebx                    ; zero RBX's upper half: what 32-bit code
                                        ; left there is not to be relied on
        mov rsp, [rbx + OFF(ap_trampoline_stack)]
        mov edi, [rbx + OFF(ap_trampoline_cpu)]     ; arg 1: the CPU's number
        mov rax, [rbx + OFF(ap_trampoline_entry)]
        xor ebp, ebp
        push 0                          ; the backtrace's end
        jmp rax                         ; ap_entry, in the kernel's upper half

align 8
gdt:
        dq 0                            ; null
        dq 0x00cf9a000000ffff           ; 0x08: 32-bit code, 4 GiB
        dq 0x00cf92000000ffff           ; 0x10: data, 4 GiB
        dq 0x00af9a000000ffff           ; 0x18: 64-bit code (L=1)
gdt_end:
gdtr:
        dw gdt_end - gdt - 1
        dd 0                            ; filled in above

; The parameters smp.c writes before each STARTUP.
align 8
ap_trampoline_cr3:   dq 0               ; a PML4 below 4 GiB
ap_trampoline_stack: dq 0
ap_trampoline_entry: dq 0
ap_trampoline_cpu:   dq 0
ap_trampoline_end:

section .note.GNU-stack noalloc noexec nowrite progbits

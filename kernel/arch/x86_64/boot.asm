; boot.asm — from GRUB's hand-off to the higher-half C kernel.
;
;   void _start(void);           /* entered by GRUB, 32-bit protected mode */
;   void kmain(uint64_t mb2_info_phys);   /* called at the end, 64-bit, high */
;
; What GRUB leaves us (Multiboot2 spec, §3.3 "I386 machine state"):
;
;   | register | value                                                    |
;   |----------|----------------------------------------------------------|
;   | EAX      | 0x36d76289, the multiboot2 magic                         |
;   | EBX      | physical address of the multiboot2 information structure |
;   | CR0      | PE=1, PG=0: protected mode, no paging                    |
;   | CS, DS.. | flat 4 GiB segments, but the GDT itself is GRUB's:       |
;   |          | we must load our own before touching a segment register  |
;   | ESP      | undefined — we set up our own stack                      |
;   | EFLAGS   | IF=0 (interrupts off), VM=0                              |
;
; What we leave for kmain:
;
;   | register | value                                               |
;   |----------|-----------------------------------------------------|
;   | RDI      | physical address of the multiboot2 info (arg 1)     |
;   | RSP      | boot_stack_top - 8: a 0 "return address" is pushed  |
;   | RBP      | 0 — the end marker for the frame-pointer backtrace  |
;   | CR3      | boot_pml4 (identity + direct map + kernel window)   |
;
; The steps to long mode are those of Intel SDM Vol. 3A §10.8.5
; "Initializing IA-32e Mode" (numbered 1..5 below).
;
; Boot page tables (all physical addresses below 4 MiB are 4 KiB pages so
; that the page under the boot stack can stay unmapped as a guard page):
;
;   boot_pml4[0]   -> boot_pdpt_low   identity map, only for the jump high
;   boot_pml4[256] -> boot_pdpt_low   direct map 0xffff800000000000 + phys
;   boot_pml4[511] -> boot_pdpt_high  kernel window 0xffffffff80000000 + phys
;   boot_pdpt_low[0] = boot_pdpt_high[510] -> boot_pd   (the first 1 GiB)
;   boot_pd[0..1]  -> boot_pt (1024 4 KiB pages: 0 .. 4 MiB, minus the guard)
;   boot_pd[2..511]   2 MiB pages: 4 MiB .. 1 GiB

%include "asm_offsets.inc"       ; KERNEL_VMA, selectors: generated from C

MB2_MAGIC_HEADER equ 0xe85250d6     ; in our header (spec §3.1.1)
MB2_MAGIC_EAX    equ 0x36d76289     ; what GRUB puts in EAX
MB2_ARCH_I386    equ 0

PTE_P            equ 1 << 0         ; present
PTE_W            equ 1 << 1         ; writable
PTE_PS           equ 1 << 7         ; 2 MiB page (in a PD entry)

CR0_PE           equ 1 << 0
CR0_WP           equ 1 << 16        ; ring 0 honours read-only pages too
CR0_PG           equ 1 << 31
CR4_PAE          equ 1 << 5
MSR_EFER         equ 0xc0000080
EFER_LME         equ 1 << 8         ; long mode enable
EFER_NXE         equ 1 << 11        ; allow the NX bit in page tables

COM1             equ 0x3f8

extern kmain
extern __bss_start, __bss_end

; ---------------------------------------------------------------------------
; The multiboot2 header: must sit 8-byte aligned in the first 32 KiB of the
; file. The linker script puts this section first.
section .multiboot2 progbits alloc noexec nowrite align=8
mb2_header:
        dd MB2_MAGIC_HEADER
        dd MB2_ARCH_I386
        dd mb2_header_end - mb2_header                ; header length
        dd -(MB2_MAGIC_HEADER + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
        ; tag 6: page-align modules (the initrd and symbol table)
        align 8
        dw 6, 0
        dd 8
        ; end tag
        align 8
        dw 0, 0
        dd 8
mb2_header_end:

; call_nostack fn, fail_label: calls a leaf routine that returns CF=1 on
; failure, before we have a stack (the return address goes in EDX).
%macro call_nostack 2
        mov edx, %%back
        jmp %1
%%back: jc %2
%endmacro

; ---------------------------------------------------------------------------
section .boot.text progbits alloc exec nowrite align=16
BITS 32
global _start
_start:
        cli
        cld
        mov ebp, ebx                    ; keep the mb2 info pointer safe
        cmp eax, MB2_MAGIC_EAX
        jne .bad_magic
        call_nostack check_long_mode, .no_long_mode

        ; Zero the kernel's .bss (it also holds the boot stack).
        mov edi, __bss_start - KERNEL_VMA
        mov ecx, __bss_end - KERNEL_VMA
        sub ecx, edi
        shr ecx, 2
        xor eax, eax
        rep stosd

        mov esp, boot_stack_top - KERNEL_VMA   ; physical, until paging is on
        call build_boot_page_tables

        ; 1. Enable PAE (CR4.PAE = 1): long mode needs 64-bit page entries.
        mov eax, cr4
        or eax, CR4_PAE
        mov cr4, eax
        ; 2. Load CR3 with the physical address of the PML4.
        mov eax, boot_pml4
        mov cr3, eax
        ; 3. Set IA32_EFER.LME (and NXE, so later tables may use NX).
        mov ecx, MSR_EFER
        rdmsr
        or eax, EFER_LME | EFER_NXE
        wrmsr
        ; 4. Enable paging (CR0.PG = 1): the CPU is now in IA-32e mode,
        ;    still running 32-bit code (compatibility mode).
        mov eax, cr0
        or eax, CR0_PG | CR0_WP | CR0_PE
        mov cr0, eax
        ; 5. Load a GDT with a 64-bit code segment and jump through it.
        lgdt [boot_gdtr]
        jmp KERNEL_CS:long_mode_low

.bad_magic:
        mov esi, msg_bad_magic
        jmp boot_fail32
.no_long_mode:
        mov esi, msg_no_long_mode
        jmp boot_fail32

; check_long_mode: CF=0 when CPUID says long mode exists (EDX bit 29 of
; leaf 0x80000001). Returns by jumping to EDX. Clobbers EAX, EBX, ECX.
check_long_mode:
        mov esi, edx
        mov eax, 0x80000000
        cpuid
        cmp eax, 0x80000001
        jb .missing
        mov eax, 0x80000001
        cpuid
        bt edx, 29
        jnc .missing
        clc
        jmp esi
.missing:
        stc
        jmp esi

; build_boot_page_tables: fills the tables drawn at the top of this file.
; Clobbers EAX, ECX, EDI.
build_boot_page_tables:
        mov dword [boot_pml4 + 0 * 8], boot_pdpt_low + PTE_P + PTE_W
        mov dword [boot_pml4 + 256 * 8], boot_pdpt_low + PTE_P + PTE_W
        mov dword [boot_pml4 + 511 * 8], boot_pdpt_high + PTE_P + PTE_W
        mov dword [boot_pdpt_low + 0 * 8], boot_pd + PTE_P + PTE_W
        mov dword [boot_pdpt_high + 510 * 8], boot_pd + PTE_P + PTE_W
        mov dword [boot_pd + 0 * 8], boot_pt + PTE_P + PTE_W
        mov dword [boot_pd + 1 * 8], boot_pt + 4096 + PTE_P + PTE_W

        ; boot_pt: 1024 entries, entry i maps physical i * 4 KiB ...
        xor ecx, ecx
.next_4k:
        mov eax, ecx
        shl eax, 12
        cmp eax, boot_stack_guard - KERNEL_VMA
        je .skip                        ; ... except the stack guard page
        or eax, PTE_P + PTE_W
        mov [boot_pt + ecx * 8], eax
.skip:
        inc ecx
        cmp ecx, 1024
        jb .next_4k

        ; boot_pd[2..511]: 2 MiB pages for 4 MiB .. 1 GiB.
        mov ecx, 2
.next_2m:
        mov eax, ecx
        shl eax, 21
        or eax, PTE_P + PTE_W + PTE_PS
        mov [boot_pd + ecx * 8], eax
        inc ecx
        cmp ecx, 512
        jb .next_2m
        ret

; boot_fail32: print the NUL-terminated string at ESI on COM1 and halt.
; Used before any C code can run, so it talks to the UART directly.
boot_fail32:
        mov dx, COM1
.next:
        lodsb
        test al, al
        jz .halt
        out dx, al
        jmp .next
.halt:
        cli
        hlt
        jmp .halt

BITS 64
long_mode_low:
        ; 64-bit mode, still at a low (identity-mapped) address.
        mov ax, KERNEL_DS
        mov ds, ax
        mov es, ax
        mov ss, ax
        xor eax, eax
        mov fs, ax
        mov gs, ax
        mov rsp, boot_stack_top         ; the same stack, seen through the high map
        mov edi, ebp                    ; arg 1: mb2 info (physical; zero-extended)
        xor ebp, ebp                    ; the backtrace stops at RBP = 0 ...
        push 0                          ; ... and at return address 0
        mov rax, kmain
        jmp rax                         ; into C, running high; never returns

; ---------------------------------------------------------------------------
section .boot.data progbits alloc noexec write align=4096
align 4096
boot_pml4:      times 4096 db 0
boot_pdpt_low:  times 4096 db 0
boot_pdpt_high: times 4096 db 0
boot_pd:        times 4096 db 0
boot_pt:        times 8192 db 0         ; two page tables: 0..2 MiB, 2..4 MiB

boot_gdt:
        dq 0                            ; 0x00: the null descriptor
        dq 0x00af9a000000ffff           ; 0x08: 64-bit code, DPL 0 (L=1)
        dq 0x00cf92000000ffff           ; 0x10: data, DPL 0
boot_gdt_end:
boot_gdtr:
        dw boot_gdt_end - boot_gdt - 1
        dq boot_gdt

msg_bad_magic:
        db "ringlab: bad multiboot2 magic in EAX (not booted by a multiboot2 loader?); halting", 13, 10, 0
msg_no_long_mode:
        db "ringlab: this CPU has no long mode (CPUID 0x80000001 EDX bit 29); halting", 13, 10, 0

global boot_pml4                 ; C reads it as a physical address

; ---------------------------------------------------------------------------
; The boot stack, in the high .bss. The page below it is left out of the boot
; page tables, so running off the end is a page fault (then a #DF on IST1),
; not silent corruption of whatever lies below.
section .bss nobits alloc noexec write align=4096
global boot_stack_guard, boot_stack_top
boot_stack_guard:
        resb 4096                       ; unmapped guard page
boot_stack:
        resb 16384
boot_stack_top:

section .note.GNU-stack noalloc noexec nowrite progbits

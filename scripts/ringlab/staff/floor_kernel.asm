; floor_kernel.asm — the least a multiboot2 kernel can be: make bench's
; floor for boot_over_floor (bench.py builds it, GRUB boots it the way it
; boots ours, and ringlab's boot is timed against it; docs/performance.md).
;
;   void _start(void)   GRUB jumps here in 32-bit protected mode; it never
;                       returns: it powers QEMU off at once
;
;   register   use
;   dx         the isa-debug-exit port (0xf4, as in kernel/drivers/poweroff.h)
;   eax        16: QEMU exits with (16 << 1) | 1 = 33, ringlab's "success"

bits 32

MB2_MAGIC equ 0xe85250d6
MB2_ARCH  equ 0                         ; i386, protected mode

section .multiboot
align 8
header:
    dd MB2_MAGIC, MB2_ARCH, header_end - header
    dd -(MB2_MAGIC + MB2_ARCH + (header_end - header))
    dw 0, 0                             ; the end tag: type 0, flags 0,
    dd 8                                ; size 8
header_end:

section .text
global _start
_start:
    mov dx, 0xf4
    mov eax, 16
    out dx, eax
.halt:                                  ; (if the device were missing)
    hlt
    jmp .halt

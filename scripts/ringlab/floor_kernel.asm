; floor_kernel.asm — the least a multiboot2 kernel can be: GRUB alone, with
; nothing of ours after it. grub_image.py builds it (floor_iso): make
; bench's boot_over_floor times ringlab's boot against it
; (docs/performance.md), and grub_image.py's self-test boots it built with
; -DSHOW_SCREEN, to read what GRUB printed (an error, if any).
;
;   void _start(void)   GRUB jumps here in 32-bit protected mode; it never
;                       returns: it powers QEMU off at once (with
;                       SHOW_SCREEN, after copying the text screen GRUB
;                       wrote to the serial line: 25 lines of 80 characters)
;
;   register   use
;   dx         the isa-debug-exit port (0xf4, as in kernel/drivers/poweroff.h)
;   eax        16: QEMU exits with (16 << 1) | 1 = 33, ringlab's "success"
;   esi        SHOW_SCREEN: the next character cell of the text screen
;   ebx, ecx   SHOW_SCREEN: cells left in the line, lines left

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
%ifdef SHOW_SCREEN
    mov esi, 0xb8000                    ; the VGA text screen: a character
    mov ecx, 25                         ; byte and a colour byte per cell
.line:
    mov ebx, 80
.cell:
    mov al, [esi]
    call serial_putc
    add esi, 2
    dec ebx
    jnz .cell
    mov al, 10
    call serial_putc
    loop .line
%endif
    mov dx, 0xf4
    mov eax, 16
    out dx, eax
.halt:                                  ; (if the device were missing)
    hlt
    jmp .halt

%ifdef SHOW_SCREEN
; void serial_putc(char al): COM1 (0x3f8), once its transmitter is empty
; (line status 0x3fd, bit 5). Keeps every register but dx.
serial_putc:
    push eax                            ; (al: the character)
    mov dx, 0x3fd
.wait:
    in al, dx
    test al, 0x20
    jz .wait
    pop eax
    mov dx, 0x3f8
    out dx, al
    ret
%endif

; syscall_entry.asm — the SYSCALL entry, and the two ways back to ring 3:
; SYSRET, or IRETQ through interrupt_exit (interrupt_return.asm).
;
;   void syscall_entry(void);                       /* MSR_LSTAR points here */
;   int  syscall_dispatch(struct trap_frame *tf);   /* C: 0 = SYSRET may return */
;   void return_to_user(struct trap_frame *tf);     /* first entry to ring 3 */
;   void interrupt_exit(void);                      /* interrupt_return.asm */
;
; What SYSCALL did before the first instruction here (Intel SDM Vol. 2B,
; "SYSCALL"; AMD APM Vol. 3 agrees):
;
;   | register | value                                                      |
;   |----------|------------------------------------------------------------|
;   | RCX      | the user RIP: the instruction after `syscall`              |
;   | R11      | the user RFLAGS                                            |
;   | RFLAGS   | the user's with the FMASK bits cleared: IF, TF, DF, AC     |
;   | CS, SS   | STAR[47:32] = 0x08 and 0x08 + 8 = 0x10: ring 0             |
;   | RSP      | STILL THE USER'S STACK: SYSCALL does not switch stacks     |
;   | GS base  | still the user's: `swapgs` must come first                 |
;   | RAX      | the syscall number; RDI RSI RDX R10 R8 R9 = arguments 1-6  |
;
; Interrupts are off from SYSCALL until SYSRET/IRETQ (FMASK clears IF), so
; nothing can run between `swapgs` and the switch to the kernel stack.
;
; The frame built on the kernel stack is a struct trap_frame (trap_frame.h),
; the same one interrupts build, so C sees one kind of saved user state.

%include "asm_offsets.inc"
%include "arch/x86_64/frame.inc"

extern syscall_dispatch, interrupt_exit

section .text
BITS 64

global syscall_entry
syscall_entry:
        swapgs                                  ; GS base := &percpu (kernel)
        mov [gs:PERCPU_USER_RSP], rsp           ; park the user RSP ...
        mov rsp, [gs:PERCPU_KERNEL_RSP]         ; ... and take the kernel stack
        ; The part of the frame an interrupt's CPU would have pushed:
        push USER_DS                            ; trap_frame.ss
        push qword [gs:PERCPU_USER_RSP]         ; trap_frame.rsp
        push r11                                ; trap_frame.rflags (saved by SYSCALL)
        push USER_CS                            ; trap_frame.cs
        push rcx                                ; trap_frame.rip (saved by SYSCALL)
        push 0                                  ; trap_frame.error
        push SYSCALL_VECTOR                     ; trap_frame.vector: "a syscall"
        push rax                                ; trap_frame.rax: the syscall number
        push rbx                                ; trap_frame.rbx
        push rcx                                ; trap_frame.rcx
        push rdx                                ; trap_frame.rdx: argument 3
        push rsi                                ; trap_frame.rsi: argument 2
        push rdi                                ; trap_frame.rdi: argument 1
        push rbp                                ; trap_frame.rbp
        push r8                                 ; trap_frame.r8: argument 5
        push r9                                 ; trap_frame.r9: argument 6
        push r10                                ; trap_frame.r10: argument 4
        push r11                                ; trap_frame.r11
        push r12                                ; trap_frame.r12
        push r13                                ; trap_frame.r13
        push r14                                ; trap_frame.r14
        push r15                                ; trap_frame.r15
%ifdef BUG_2_SYSCALL_CR3_SWITCH
        ; Run the handler on the kernel's own page tables, and keep the
        ; user's CR3 to put back on the way out.
        mov rax, [gs:PERCPU_KERNEL_CR3]
        mov cr3, rax
        mov rax, cr3
        mov [gs:PERCPU_USER_CR3_SAVED], rax
%elifdef RINGLAB_SYSCALL_CR3_SWITCH
        ; (lab 2's cost comparison: incident A's design as it was meant to
        ; be — the user's CR3 saved first — only to measure two CR3 writes)
        mov rax, cr3
        mov [gs:PERCPU_USER_CR3_SAVED], rax
        mov rax, [gs:PERCPU_KERNEL_CR3]
        mov cr3, rax
%endif
        ; GS is the kernel's here; CR3 is the process's (it maps the kernel
        ; too: every PML4 shares L4[256..511]); interrupts are off.
        cld                                     ; the C ABI assumes DF = 0
        mov rdi, rsp                            ; arg 1: struct trap_frame *
        xor ebp, ebp                            ; backtraces end here
        call syscall_dispatch
%ifdef BUG_2_SYSCALL_CR3_SWITCH
        mov rcx, [gs:PERCPU_USER_CR3_SAVED]     ; back to the "user" CR3
        mov cr3, rcx
%elifdef RINGLAB_SYSCALL_CR3_SWITCH
        mov rcx, [gs:PERCPU_USER_CR3_SAVED]
        mov cr3, rcx
%endif
        test eax, eax
        jnz syscall_return_slow                 ; C said: not with SYSRET
%if RINGLAB_LAB >= 6
        cmp byte [gs:PERCPU_SIGNAL_WORK], 0     ; a signal to deliver (proc/signal.h):
        jne syscall_return_slow                 ; interrupt_exit does it
%endif

; The fast way back: SYSRET loads RIP from RCX and RFLAGS from R11, and
; CS/SS from STAR[63:48] + 16 and + 8, with RPL 3 (0x23, 0x1b).
; syscall_dispatch checked that the saved RIP is canonical: SYSRET with a
; non-canonical RCX raises #GP — on Intel CPUs in ring 0 *with the user's
; RSP already loaded* (CVE-2012-0217), on AMD and under QEMU's TCG in ring 3.
global syscall_return_fast
syscall_return_fast:
%if RINGLAB_LAB >= 3
        ; A syscall may have scheduled another process (exit, yield): its
        ; CR3 waits in next_cr3 (mm/cr3_switch.h). Interrupts are off
        ; (FMASK) from here to sysret: no window.
        mov rax, [gs:PERCPU_NEXT_CR3]
        test rax, rax
        jz .cr3_done
        mov cr3, rax
        mov qword [gs:PERCPU_NEXT_CR3], 0
.cr3_done:
%endif
        pop_registers                           ; rax: the return value, set by C
        mov rcx, [rsp + TF_RIP - TF_VECTOR]     ; SYSRET's RIP
        mov r11, [rsp + TF_RFLAGS - TF_VECTOR]  ; SYSRET's RFLAGS
        mov rsp, [rsp + TF_RSP - TF_VECTOR]     ; the user stack, from here on
        swapgs                                  ; GS base := the user's
global syscall_sysret
syscall_sysret:
        o64 sysret                              ; to ring 3: RIP = RCX, RFLAGS = R11

; The slow way back, with IRETQ, from any struct trap_frame: a syscall that
; C refused to SYSRET from, or a process's first entry to ring 3. Both make
; the frame safe to return to, then leave as an interrupt does.
;
;   return_to_user:       called from C, RDI = the frame; never returns.
;                         The caller has interrupts off and has set
;                         GS:PERCPU_KERNEL_RSP and TSS.RSP0 for the process.
;   syscall_return_slow:  jumped to, RSP = the frame.
;
; The CS and SS in the frame are not trusted: they are set to the user
; selectors here, so no frame can IRETQ into ring 0.
global return_to_user
return_to_user:
        mov rsp, rdi                            ; the frame becomes the stack
syscall_return_slow:
        mov qword [rsp + TF_CS], USER_CS        ; CS: user code, RPL 3
%ifdef BUG_2_SYSCALL_IRET_SS
        mov qword [rsp + TF_SS], GDT_USER_DATA  ; SS: user data
%else
        mov qword [rsp + TF_SS], USER_DS        ; SS: user data, RPL 3
%endif
        jmp interrupt_exit                      ; the one IRETQ way back

section .note.GNU-stack noalloc noexec nowrite progbits

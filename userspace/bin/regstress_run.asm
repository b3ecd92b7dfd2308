; regstress_run.asm — hold every register still while the kernel runs.
;
;   void regs_run(struct regs_job *job);        /* regstress.c */
;
; Loads the job's patterns into all 15 general-purpose registers (every one
; but RSP), the 16 XMM registers, MXCSR and the x87 control word; then
; keeps them there while
;
;   1. it spins: `dec qword [rsp]` / `jnz` — only memory and flags change,
;      so the timer interrupts ring 3 with every register live;
;   2. it makes job->calls system calls, number job->nr each (getpid,
;      sched_yield, nanosleep, fork ...): the ABI lets the kernel change
;      only RAX (the result), RCX and R11 (SYSCALL's RIP and RFLAGS);
;
; and then dumps them all — and the word at %fs:0, which tells whether the
; FS base is still this process's — into the job, for C to compare.
;
; struct regs_job (regstress.c; the offsets below are its fields):
;
;   | offset | field     | what                                           |
;   |--------|-----------|------------------------------------------------|
;   |   0    | xmm[16]   | 16 bytes each: loaded into xmm0..xmm15         |
;   | 256    | gpr[15]   | rax rbx rcx rdx rsi rdi rbp r8 .. r15          |
;   | 376    | spins     | iterations of the busy loop                    |
;   | 384    | calls     | system calls to make after it                  |
;   | 392    | nr        | their number (RAX before each)                 |
;   | 400    | mxcsr     | 4 bytes; then fcw, 2 bytes at 404              |
;   | 416    | xmm_out   | what the registers held at the end             |
;   | 672    | gpr_out   |                                                |
;   | 792    | mxcsr_out | 4 bytes; fcw_out 2 bytes at 796                |
;   | 800    | fs_out    | the quadword at %fs:0                          |
;
; Registers: RDI = job on entry; RBX RBP R12-R15 are restored before the
; return (the C ABI's callee-saved ones), everything else is the job's.
; The stack while the patterns are loaded (no register is free):
;
;   [rsp + 0]    spins left      [rsp + 16]   the syscall number
;   [rsp + 8]    calls left      [rsp + 24]   job

bits 64
default rel

%define XMM       0
%define GPR       256
%define SPINS     376
%define CALLS     384
%define NR        392
%define MXCSR     400
%define FCW       404
%define XMM_OUT   416
%define GPR_OUT   672
%define MXCSR_OUT 792
%define FCW_OUT   796
%define FS_OUT    800

section .text
global regs_run
regs_run:
        push rbx                        ; callee-saved: ours to give back
        push rbp
        push r12
        push r13
        push r14
        push r15
        push rdi                        ; [rsp + 24]: job
        push qword [rdi + NR]           ; [rsp + 16]: the syscall number
        push qword [rdi + CALLS]        ; [rsp + 8]: calls left
        push qword [rdi + SPINS]        ; [rsp + 0]: spins left

%assign i 0
%rep 16
        movdqu xmm %+ i, [rdi + XMM + 16 * i]
%assign i i + 1
%endrep
        ldmxcsr [rdi + MXCSR]
        fldcw [rdi + FCW]
        mov rax, [rdi + GPR + 0 * 8]
        mov rbx, [rdi + GPR + 1 * 8]
        mov rcx, [rdi + GPR + 2 * 8]
        mov rdx, [rdi + GPR + 3 * 8]
        mov rsi, [rdi + GPR + 4 * 8]
        mov rbp, [rdi + GPR + 6 * 8]
        mov r8,  [rdi + GPR + 7 * 8]
        mov r9,  [rdi + GPR + 8 * 8]
        mov r10, [rdi + GPR + 9 * 8]
        mov r11, [rdi + GPR + 10 * 8]
        mov r12, [rdi + GPR + 11 * 8]
        mov r13, [rdi + GPR + 12 * 8]
        mov r14, [rdi + GPR + 13 * 8]
        mov r15, [rdi + GPR + 14 * 8]
        mov rdi, [rdi + GPR + 5 * 8]    ; the base register goes last
        ; ---- every register holds its pattern from here to the dump ----
        cmp qword [rsp], 0
        je .spun
.spin:
        dec qword [rsp]                 ; memory and flags only
        jnz .spin
.spun:
        cmp qword [rsp + 8], 0
        je .dump
.call:
        mov rax, [rsp + 16]             ; the number; RAX comes back the result
        syscall                         ; RCX, R11: clobbered by the ABI
        dec qword [rsp + 8]
        jnz .call
.dump:
        push rax                        ; [rsp + 14 * 8] after the 15 pushes
        push rbx
        push rcx
        push rdx
        push rsi
        push rdi
        push rbp
        push r8
        push r9
        push r10
        push r11
        push r12
        push r13
        push r14
        push r15                        ; [rsp + 0]
        mov rax, [rsp + 15 * 8 + 24]    ; job
%assign i 0
%rep 15
        mov rcx, [rsp + (14 - i) * 8]   ; gpr i, pushed (14 - i) slots up
        mov [rax + GPR_OUT + 8 * i], rcx
%assign i i + 1
%endrep
%assign i 0
%rep 16
        movdqu [rax + XMM_OUT + 16 * i], xmm %+ i
%assign i i + 1
%endrep
        stmxcsr [rax + MXCSR_OUT]
        fnstcw [rax + FCW_OUT]
        mov rcx, [abs fs:0]             ; the TLS word: whose FS base is it?
        mov [rax + FS_OUT], rcx
        add rsp, 15 * 8 + 32            ; the dump, the counters and job
        pop r15
        pop r14
        pop r13
        pop r12
        pop rbp
        pop rbx
        ret

section .note.GNU-stack noalloc noexec nowrite progbits

/* usertests_faults.c — faults in ring 3: each kills only its own process.
 *
 * Every case runs in a child: this program exec'd with argv[0] =
 * "fault-<name>", so the kernel's report names it ("user fault: pid 9
 * (fault-cli) #GP vec=13 ..."). The parent checks the child's wait status:
 * killed by the signal Linux would send for that exception (SIGSEGV for
 * #GP and #PF, SIGILL for #UD, SIGFPE for #DE, SIGTRAP for #DB and #BP)
 * — and goes on. A child that returns from its fault exits with 99.
 *
 * Privileged instructions fault with #GP(0) at CPL 3 (SDM Vol. 3A §5.9);
 * in/out because IOPL is 0 and the TSS has no I/O bitmap; `int n` because
 * every gate but int3's has DPL 0 (idt.c) — so a user cannot fake a timer
 * interrupt (int 0x20) or a page fault (int 14). */
#include "usertests.h"
#include <ringlab/syscall.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define SIGILL  4
#define SIGTRAP 5
#define SIGFPE  8
#define SIGSEGV 11
#define ANY_OF(a, b) ((a) | (b) << 8)   /* either signal is right */

static volatile uint64_t zero;          /* a 0 the compiler cannot see */

static void f_cli(void) { __asm__ volatile("cli"); }
static void f_sti(void) { __asm__ volatile("sti"); }
static void f_hlt(void) { __asm__ volatile("hlt"); }
static void f_in(void) { __asm__ volatile("inb $0x60, %%al" : : : "rax"); }
static void f_in_serial(void) { __asm__ volatile("mov $0x3f8, %%dx; inb %%dx, %%al" : : : "rax", "rdx"); }
/* isa-debug-exit: a write here would power QEMU off */
static void f_out_poweroff(void) { __asm__ volatile("mov $0x31, %%al; outb %%al, $0xf4" : : : "rax"); }
static void f_out_serial(void) { __asm__ volatile("mov $0x3f8, %%dx; mov $'!', %%al; outb %%al, %%dx" : : : "rax", "rdx"); }
static void f_rdmsr(void) { __asm__ volatile("mov $0xc0000080, %%ecx; rdmsr" : : : "rax", "rcx", "rdx"); }
/* LSTAR: where SYSCALL jumps in ring 0 */
static void f_wrmsr(void) { __asm__ volatile("mov $0xc0000082, %%ecx; xor %%eax, %%eax; xor %%edx, %%edx; wrmsr" : : : "rax", "rcx", "rdx"); }
static void f_mov_from_cr0(void) { __asm__ volatile("mov %%cr0, %%rax" : : : "rax"); }
static void f_mov_from_cr3(void) { __asm__ volatile("mov %%cr3, %%rax" : : : "rax"); }
static void f_mov_to_cr3(void) { __asm__ volatile("xor %%eax, %%eax; mov %%rax, %%cr3" : : : "rax"); }
static void f_mov_to_cr4(void) { __asm__ volatile("xor %%eax, %%eax; mov %%rax, %%cr4" : : : "rax"); }
static void f_mov_to_dr7(void) { __asm__ volatile("xor %%eax, %%eax; mov %%rax, %%dr7" : : : "rax"); }
static uint8_t table_image[10];
static void f_lgdt(void) { __asm__ volatile("lgdt %0" : : "m"(table_image)); }
/* UMIP (CR4.UMIP): reading where the kernel's tables are is ring 0's too */
static void f_sgdt(void) { __asm__ volatile("sgdt %0" : "=m"(table_image)); }
static void f_sidt(void) { __asm__ volatile("sidt %0" : "=m"(table_image)); }
static void f_sldt(void) { __asm__ volatile("sldt %%ax" : : : "rax"); }
static void f_str(void) { __asm__ volatile("str %%ax" : : : "rax"); }
static void f_smsw(void) { __asm__ volatile("smsw %%eax" : : : "rax"); }
static void f_lidt(void) { __asm__ volatile("lidt %0" : : "m"(table_image)); }
static void f_lldt(void) { __asm__ volatile("xor %%eax, %%eax; lldt %%ax" : : : "rax"); }
static void f_ltr(void) { __asm__ volatile("mov $0x28, %%eax; ltr %%ax" : : : "rax"); }
static void f_invlpg(void) { __asm__ volatile("invlpg %0" : : "m"(table_image)); }
static void f_wbinvd(void) { __asm__ volatile("wbinvd"); }
static void f_invd(void) { __asm__ volatile("invd"); }
static void f_clts(void) { __asm__ volatile("clts"); }
static void f_swapgs(void) { __asm__ volatile("swapgs"); }
static void f_sysret(void) { __asm__ volatile("sysretq"); }
static void f_sysexit(void) { __asm__ volatile("sysexitq"); }
static void f_sysenter(void) { __asm__ volatile("sysenter"); }
static void f_rdpmc(void) { __asm__ volatile("xor %%ecx, %%ecx; rdpmc" : : : "rax", "rcx", "rdx"); }
static void f_xsetbv(void) { __asm__ volatile("xor %%ecx, %%ecx; mov $3, %%eax; xor %%edx, %%edx; xsetbv" : : : "rax", "rcx", "rdx"); }
/* IRETQ to ring 0: RIP, CS = the kernel's 0x08, RFLAGS, RSP, SS */
static void
f_iretq_to_ring0(void)
{
    __asm__ volatile("mov %%rsp, %%rax\n\t"
                     "pushq $0x10\n\tpushq %%rax\n\tpushfq\n\tpushq $0x08\n\t"
                     "lea 1f(%%rip), %%rax\n\tpushq %%rax\n\tiretq\n1:" : : : "rax", "memory");
}
/* far return and far jump to the kernel's code segment */
static void
f_lret_to_ring0(void)
{
    __asm__ volatile("pushq $0x08\n\tlea 1f(%%rip), %%rax\n\tpushq %%rax\n\tlretq\n1:"
                     : : : "rax", "memory");
}
static struct { uint64_t rip; uint16_t cs; } __attribute__((packed)) far_target;
static void
f_ljmp_to_ring0(void)
{
    far_target.rip = (uint64_t)f_ljmp_to_ring0;
    far_target.cs = 0x08;
    __asm__ volatile("rex64 ljmp *%0" : : "m"(far_target));
}
static void f_mov_ss_kernel(void) { __asm__ volatile("mov $0x10, %%eax; mov %%eax, %%ss" : : : "rax"); }
static void f_mov_ds_kernel_code(void) { __asm__ volatile("mov $0x08, %%eax; mov %%eax, %%ds" : : : "rax"); }
static void f_int_0x80(void) { __asm__ volatile("int $0x80"); }
static void f_int_timer(void) { __asm__ volatile("int $0x20"); }
static void f_int_double_fault(void) { __asm__ volatile("int $8"); }
static void f_int_page_fault(void) { __asm__ volatile("int $14"); }
/* POPF in ring 3 leaves IOPL alone: cli still faults */
static void
f_popf_iopl3_cli(void)
{
    __asm__ volatile("pushfq; orq $0x3000, (%%rsp); popfq; cli" : : : "memory", "cc");
}
static void f_ud2(void) { __asm__ volatile("ud2"); }
static void f_into(void) { __asm__ volatile(".byte 0xce"); }   /* #UD in 64-bit mode */
static void
f_div_zero(void)
{
    __asm__ volatile("xor %%edx, %%edx; mov $1, %%eax; xor %%ecx, %%ecx; div %%rcx"
                     : : : "rax", "rcx", "rdx");
}
static void
f_idiv_overflow(void)                   /* INT64_MIN / -1 does not fit */
{
    __asm__ volatile("mov $0x8000000000000000, %%rax; cqo; mov $-1, %%rcx; idiv %%rcx"
                     : : : "rax", "rcx", "rdx");
}
static void f_int3(void) { __asm__ volatile("int3"); }
static void f_int1_icebp(void) { __asm__ volatile(".byte 0xf1"); }
static void
f_single_step(void)                     /* RFLAGS.TF: #DB after one instruction */
{
    __asm__ volatile("pushfq; orq $0x100, (%%rsp); popfq; nop; nop" : : : "memory", "cc");
}
/* TF set when `syscall` runs (the instruction right after the popf that
 * sets it): FMASK clears TF for the kernel, so no #DB in ring 0; SYSRET
 * puts it back, and the #DB comes in ring 3. */
static void
f_single_step_syscall(void)
{
    __asm__ volatile("mov $39, %%eax\n\t"
                     "pushfq; orq $0x100, (%%rsp); popfq\n\t"
                     "syscall; nop" : : : "rax", "rcx", "r11", "memory", "cc");
}
static void f_null_read(void) { (void)*(volatile long *)zero; }
static void f_null_write(void) { *(volatile long *)zero = 1; }
static void f_null_call(void) { ((void (*)(void))zero)(); }
static void f_read_kernel(void) { (void)*(volatile long *)KERNEL_TEXT; }
static void f_write_kernel(void) { *(volatile long *)KERNEL_TEXT = 1; }
static void f_call_kernel(void) { ((void (*)(void))KERNEL_TEXT)(); }
static void f_read_direct_map(void) { (void)*(volatile long *)DIRECT_MAP; }
static void f_read_non_canonical(void) { (void)*(volatile long *)(NON_CANON + zero); }
static void f_jump_non_canonical(void) { ((void (*)(void))(NON_CANON + zero))(); }
static void f_write_text(void) { *(volatile uint8_t *)(uint64_t)f_write_text = 0xc3; }
static const uint8_t ro_ret[] = { 0xc3 };
static void f_write_rodata(void) { *(volatile uint8_t *)ro_ret = 0x90; }
static uint8_t data_ret[] = { 0xc3 };
static void f_exec_data(void) { ((void (*)(void))data_ret)(); }
static void f_exec_rodata(void) { ((void (*)(void))ro_ret)(); }
static void
f_exec_stack(void)
{
    volatile uint8_t code[16] = { 0xc3 };
    ((void (*)(void))code)();
}
static void
f_exec_heap(void)
{
    uint8_t *heap = (uint8_t *)SYSCALL1(SYS_brk, 0);
    SYSCALL1(SYS_brk, heap + 4096);
    heap[0] = 0xc3;
    ((void (*)(void))heap)();
}
static void f_read_stack_guard(void) { (void)*(volatile long *)STACK_GUARD; }
static void f_write_past_heap(void) { *(volatile long *)SYSCALL1(SYS_brk, 0) = 1; }
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winfinite-recursion"
static int __attribute__((noinline))
recurse(int depth)
{
    volatile char frame[512];
    frame[0] = (char)depth;
    return recurse(depth + 1) + frame[0];
}
#pragma GCC diagnostic pop
static void f_stack_overflow(void) { recurse(0); }
static void f_none(void) { _exit(0); }      /* the warm-up: no fault at all */

struct fault {
    const char *name;
    void (*fn)(void);
    int signal;                             /* or ANY_OF(two) */
};

static const struct fault faults[] = {
    { "cli", f_cli, SIGSEGV }, { "sti", f_sti, SIGSEGV }, { "hlt", f_hlt, SIGSEGV },
    { "in", f_in, SIGSEGV }, { "in-serial", f_in_serial, SIGSEGV },
    { "out-poweroff", f_out_poweroff, SIGSEGV }, { "out-serial", f_out_serial, SIGSEGV },
    { "rdmsr", f_rdmsr, SIGSEGV }, { "wrmsr-lstar", f_wrmsr, SIGSEGV },
    { "mov-from-cr0", f_mov_from_cr0, SIGSEGV }, { "mov-from-cr3", f_mov_from_cr3, SIGSEGV },
    { "mov-to-cr3", f_mov_to_cr3, SIGSEGV }, { "mov-to-cr4", f_mov_to_cr4, SIGSEGV },
    { "mov-to-dr7", f_mov_to_dr7, SIGSEGV },
    { "lgdt", f_lgdt, SIGSEGV }, { "lidt", f_lidt, SIGSEGV }, { "lldt", f_lldt, SIGSEGV },
    { "ltr", f_ltr, SIGSEGV }, { "invlpg", f_invlpg, SIGSEGV }, { "wbinvd", f_wbinvd, SIGSEGV },
    { "sgdt", f_sgdt, SIGSEGV }, { "sidt", f_sidt, SIGSEGV }, { "sldt", f_sldt, SIGSEGV },
    { "str", f_str, SIGSEGV }, { "smsw", f_smsw, SIGSEGV },
    { "invd", f_invd, SIGSEGV }, { "clts", f_clts, SIGSEGV }, { "swapgs", f_swapgs, SIGSEGV },
    { "sysret", f_sysret, SIGSEGV }, { "sysexit", f_sysexit, ANY_OF(SIGSEGV, SIGILL) },
    { "sysenter", f_sysenter, ANY_OF(SIGSEGV, SIGILL) },
    { "rdpmc", f_rdpmc, SIGSEGV }, { "xsetbv", f_xsetbv, ANY_OF(SIGSEGV, SIGILL) },
    { "iretq-to-ring0", f_iretq_to_ring0, SIGSEGV },
    { "lret-to-ring0", f_lret_to_ring0, SIGSEGV }, { "ljmp-to-ring0", f_ljmp_to_ring0, SIGSEGV },
    { "mov-ss-kernel", f_mov_ss_kernel, SIGSEGV },
    { "mov-ds-kernel-code", f_mov_ds_kernel_code, SIGSEGV },
    { "int-0x80", f_int_0x80, SIGSEGV }, { "int-timer", f_int_timer, SIGSEGV },
    { "int-double-fault", f_int_double_fault, SIGSEGV },
    { "int-page-fault", f_int_page_fault, SIGSEGV },
    { "popf-iopl3-cli", f_popf_iopl3_cli, SIGSEGV },
    { "ud2", f_ud2, SIGILL }, { "into", f_into, SIGILL },
    { "div-zero", f_div_zero, SIGFPE }, { "idiv-overflow", f_idiv_overflow, SIGFPE },
    /* icebp is INT1, a #DB; QEMU's TCG raises #UD for it */
    { "int3", f_int3, SIGTRAP }, { "int1-icebp", f_int1_icebp, ANY_OF(SIGTRAP, SIGILL) },
    { "single-step", f_single_step, SIGTRAP },
    { "single-step-syscall", f_single_step_syscall, SIGTRAP },
    { "null-read", f_null_read, SIGSEGV }, { "null-write", f_null_write, SIGSEGV },
    { "null-call", f_null_call, SIGSEGV },
    { "read-kernel", f_read_kernel, SIGSEGV }, { "write-kernel", f_write_kernel, SIGSEGV },
    { "call-kernel", f_call_kernel, SIGSEGV }, { "read-direct-map", f_read_direct_map, SIGSEGV },
    { "read-non-canonical", f_read_non_canonical, SIGSEGV },
    { "jump-non-canonical", f_jump_non_canonical, SIGSEGV },
    { "write-text", f_write_text, SIGSEGV }, { "write-rodata", f_write_rodata, SIGSEGV },
    { "exec-data", f_exec_data, SIGSEGV }, { "exec-rodata", f_exec_rodata, SIGSEGV },
    { "exec-stack", f_exec_stack, SIGSEGV }, { "exec-heap", f_exec_heap, SIGSEGV },
    { "read-stack-guard", f_read_stack_guard, SIGSEGV },
    { "write-past-heap", f_write_past_heap, SIGSEGV },
    { "stack-overflow", f_stack_overflow, SIGSEGV },
};

#define NFAULTS (sizeof(faults) / sizeof(faults[0]))

/* In the exec'd child: do the fault named `name`. */
int
ut_fault_main(const char *name)
{
    if (strcmp(name, "none") == 0)
        f_none();
    for (unsigned i = 0; i < NFAULTS; i++)
        if (strcmp(faults[i].name, name) == 0)
            faults[i].fn();
    return 99;                          /* no fault happened */
}

static int
signal_ok(int got, int want)
{
    return got == (want & 0xff) || (want >> 8 && got == want >> 8);
}

void
ut_faults(void)
{
    char test[48], child[48];

    for (unsigned i = 0; i < NFAULTS; i++) {
        const struct fault *f = &faults[i];
        snprintf(test, sizeof(test), "fault-%s", f->name);
        strlcpy(child, test, sizeof(child));
        char *argv[] = { child, 0 };
        int status = ut_exec_child(ut.self, argv);
        ut_check(test, status != -1 && WIFSIGNALED(status) && signal_ok(WTERMSIG(status), f->signal),
                 "wait status 0x%x (signal %d, exit %d), want signal %d", status,
                 WTERMSIG(status), WEXITSTATUS(status), f->signal & 0xff);
    }
    /* CVE-2012-0217: a syscall whose return address is not canonical */
    char *argv[] = { "/bin/sysret-edge", 0 };
    int status = ut_exec_child("/bin/sysret-edge", argv);
    ut_check("fault-sysret-non-canonical", WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
             "wait status 0x%x", status);
}

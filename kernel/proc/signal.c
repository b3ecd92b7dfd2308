/* signal.c — sending and delivering signals (the full kernel).
 *
 * One thread per process, so a process is also its only thread: kill,
 * tkill and tgkill all land here. Standard signals do not queue: a second
 * SIGINT while one is pending is the same pending bit (realtime signals,
 * 32..64, are treated the same way here).
 *
 * Default actions (Linux's signal(7)): SIGCHLD, SIGCONT, SIGURG, SIGWINCH
 * are ignored; the stop signals too (there is no job control); every other
 * signal terminates, the core-dump ones included (no core file is written),
 * and wait4 reports the signal (WIFSIGNALED). */
#include "proc/signal.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/kernel_lock.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/syscall.h"
#include "lib/errno.h"
#include "lib/kprintf.h"
#include "lib/string.h"
#include "mm/cr3_switch.h"
#include "mm/usercopy.h"
#include "proc/process.h"
#include "proc/sched.h"

#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))
#define IGNORED_BY_DEFAULT (SIGBIT(SIGCHLD) | SIGBIT(SIGCONT) | SIGBIT(SIGURG) | \
                            SIGBIT(SIGWINCH) | SIGBIT(SIGSTOP) | SIGBIT(SIGTSTP) | \
                            SIGBIT(SIGTTIN) | SIGBIT(SIGTTOU))
#define RED_ZONE 128                /* the ABI's: below RSP, the leaf function's */

int
signal_pgid(const struct process *p)
{
    return p->sig.pgid ? p->sig.pgid : p->pid;
}

int
signal_pending(const struct process *p)
{
    return (p->sig.pending & ~p->sig.blocked) != 0;
}

void
signal_work_refresh(struct process *p)
{
    this_cpu()->signal_work = signal_pending(p);
}

/* Would delivering sig to p do nothing at all? Then it is not even queued
 * (unless blocked: the action may change before it is unblocked). */
static int
ignored(const struct process *p, int sig)
{
    uint64_t h = p->sig.action[sig - 1].handler;

    if (p->sig.blocked & SIGBIT(sig))
        return 0;
    return h == SIG_IGN || (h == SIG_DFL && (IGNORED_BY_DEFAULT & SIGBIT(sig)));
}

void
signal_send_info(struct process *p, int sig, int code, int pid, uint64_t addr)
{
    if (p->state == PROC_FREE || p->state == PROC_ZOMBIE || (sig != SIGKILL && ignored(p, sig)))
        return;
    if (!(p->sig.pending & SIGBIT(sig)))
        p->sig.info[sig - 1] = (struct sig_info){ code, pid, addr };
    p->sig.pending |= SIGBIT(sig);
    if (!signal_pending(p))
        return;                     /* blocked: it waits for the unblock */
    sched_wakeup(p);                /* a blocking syscall gives up for it */
    if (p == current_process())
        this_cpu()->signal_work = 1;
}

void
signal_send(struct process *p, int sig)
{
    signal_send_info(p, sig, SI_KERNEL, 0, 0);
}

int
signal_send_group(int pgid, int sig, int code, int pid)
{
    int n = 0;

    for (int i = 0; i < process_slots_used(); i++) {
        struct process *q = process_slot(i);
        if (q->state != PROC_FREE && q->state != PROC_ZOMBIE && signal_pgid(q) == pgid) {
            if (sig)
                signal_send_info(q, sig, code, pid, 0);
            n++;
        }
    }
    return n;
}

int64_t
signal_interrupted(int nr)
{
    struct process *p = current_process();

    p->sig.restart = 1;
    p->sig.restart_nr = nr;
    this_cpu()->signal_work = 1;    /* the way out turns -ERESTARTSYS into something */
    return -ERESTARTSYS;
}

/* The siginfo code and address Linux gives for a fault on `vector`. */
static void
fault_info(const struct trap_frame *tf, int32_t *code, uint64_t *addr)
{
    *addr = tf->rip;
    switch (tf->vector) {
    case VEC_PF: *code = (tf->error & 1) ? SEGV_ACCERR : SEGV_MAPERR; *addr = read_cr2(); break;
    case VEC_UD: *code = ILL_ILLOPN; break;
    case VEC_DE: *code = FPE_INTDIV; break;
    case 19:     *code = FPE_FLTINV; break;            /* #XM: an unmasked SSE exception */
    case 17:     *code = BUS_ADRALN; break;            /* #AC */
    case 1:      *code = TRAP_TRACE; break;            /* #DB */
    default:     *code = SI_KERNEL, *addr = 0; break;  /* #GP, #BP: no address */
    }
}

int
signal_user_fault(struct process *p, struct trap_frame *tf, int sig)
{
    uint64_t h = p->sig.action[sig - 1].handler;
    int32_t code;
    uint64_t addr;

    if (h == SIG_DFL || h == SIG_IGN || (p->sig.blocked & SIGBIT(sig)))
        return 0;                   /* Linux forces the default: killed */
    fault_info(tf, &code, &addr);
    p->sig.fault_trapno = tf->vector;
    p->sig.fault_err = tf->error;
    p->sig.fault_cr2 = tf->vector == VEC_PF ? addr : 0;
    p->sig.pending |= SIGBIT(sig);
    p->sig.info[sig - 1] = (struct sig_info){ code, 0, addr };
    this_cpu()->signal_work = 1;
    return 1;
}

void
signal_fork(struct process *child, const struct process *parent)
{
    memcpy(child->sig.action, parent->sig.action, sizeof(child->sig.action));
    child->sig.blocked = parent->sig.blocked;
    child->sig.pgid = signal_pgid(parent);
    child->sig.alt_sp = parent->sig.alt_sp, child->sig.alt_size = parent->sig.alt_size;
}

/* execve: the handlers are in the old program, gone; what was ignored
 * stays ignored, the mask and the pending signals stay; the alternate
 * stack was the old program's memory. */
void
signal_exec(struct process *p)
{
    for (int i = 0; i < NSIG_MAX; i++)
        if (p->sig.action[i].handler != SIG_IGN)
            p->sig.action[i] = (struct k_sigaction){ SIG_DFL, 0, 0, 0 };
    p->sig.alt_sp = p->sig.alt_size = 0;
}

void
signal_mask_during_wait(struct process *p, uint64_t mask)
{
    p->sig.saved_blocked = p->sig.blocked;
    p->sig.restore_blocked = 1;
    p->sig.blocked = mask & ~UNBLOCKABLE;
}

void
signal_mask_after_wait(struct process *p)
{
    p->sig.blocked = p->sig.saved_blocked;
    p->sig.restore_blocked = 0;
}

/* ------------------------------------------------------------ sigaltstack */

static int
on_alt_stack(const struct process *p, uint64_t rsp)
{
    return p->sig.alt_size && rsp > p->sig.alt_sp && rsp - p->sig.alt_sp <= p->sig.alt_size;
}

int
signal_altstack(struct process *p, const stack_t *ss, stack_t *old, uint64_t rsp)
{
    if (old) {
        old->ss_sp = p->sig.alt_sp, old->ss_size = p->sig.alt_size, old->_pad = 0;
        old->ss_flags = !p->sig.alt_size ? SS_DISABLE : on_alt_stack(p, rsp) ? SS_ONSTACK : 0;
    }
    if (!ss)
        return 0;
    if (on_alt_stack(p, rsp))
        return -EPERM;              /* not while a handler runs on it */
    if (ss->ss_flags == SS_DISABLE) {
        p->sig.alt_sp = p->sig.alt_size = 0;
        return 0;
    }
    if (ss->ss_flags != 0 && ss->ss_flags != SS_ONSTACK)
        return -EINVAL;             /* (SS_AUTODISARM too: not kept here) */
    if (ss->ss_size < MINSIGSTKSZ)
        return -ENOMEM;
    p->sig.alt_sp = ss->ss_sp, p->sig.alt_size = ss->ss_size;
    return 0;
}

/* ------------------------------------------------------------ the frame */

/* The FPU state a handler starts with (what fninit and a reset MXCSR give). */
static uint8_t fpu_initial[512] __attribute__((aligned(16))) = {
    [0] = 0x7f, [1] = 0x03,         /* FCW: every x87 exception masked */
    [24] = 0x80, [25] = 0x1f,       /* MXCSR: every SSE exception masked */
};

/* The bits of RFLAGS a frame may change (Linux's FIX_EFLAGS): the
 * arithmetic flags, DF, TF, AC, RF. Never IF, IOPL, NT, VM & co. */
#define RFLAGS_USER_CHANGEABLE 0x50dd5UL

static void
save_registers(struct sigcontext *sc, const struct trap_frame *tf)
{
    *sc = (struct sigcontext){
        .r8 = tf->r8, .r9 = tf->r9, .r10 = tf->r10, .r11 = tf->r11,
        .r12 = tf->r12, .r13 = tf->r13, .r14 = tf->r14, .r15 = tf->r15,
        .rdi = tf->rdi, .rsi = tf->rsi, .rbp = tf->rbp, .rbx = tf->rbx,
        .rdx = tf->rdx, .rax = tf->rax, .rcx = tf->rcx, .rsp = tf->rsp,
        .rip = tf->rip, .eflags = tf->rflags, .cs = USER_CS, .ss = USER_DS,
    };
}

static void
restore_registers(struct trap_frame *tf, const struct sigcontext *sc)
{
    tf->r8 = sc->r8, tf->r9 = sc->r9, tf->r10 = sc->r10, tf->r11 = sc->r11;
    tf->r12 = sc->r12, tf->r13 = sc->r13, tf->r14 = sc->r14, tf->r15 = sc->r15;
    tf->rdi = sc->rdi, tf->rsi = sc->rsi, tf->rbp = sc->rbp, tf->rbx = sc->rbx;
    tf->rdx = sc->rdx, tf->rax = sc->rax, tf->rcx = sc->rcx, tf->rsp = sc->rsp;
    tf->rip = sc->rip;
    tf->rflags = (tf->rflags & ~RFLAGS_USER_CHANGEABLE) | (sc->eflags & RFLAGS_USER_CHANGEABLE);
    tf->cs = USER_CS, tf->ss = USER_DS;     /* whatever the frame says */
}

/* Writes the rt_sigframe for sig below tf->rsp and points tf at the
 * handler. Returns 0, or -EFAULT if the stack cannot take it. */
static int
setup_frame(struct process *p, struct trap_frame *tf, int sig, const struct k_sigaction *a)
{
    static uint8_t fpu[512] __attribute__((aligned(16)));
    struct rt_sigframe f;
    /* below the red zone; or, SA_ONSTACK, at the top of the alternate
     * stack unless already on it */
    int alt = (a->flags & SA_ONSTACK) && p->sig.alt_size && !on_alt_stack(p, tf->rsp);
    uint64_t sp = alt ? p->sig.alt_sp + p->sig.alt_size : tf->rsp - RED_ZONE;
    uint64_t fp = (sp - sizeof(fpu)) & ~63UL;
    uint64_t frame = ((fp - sizeof(f)) & ~15UL) - 8;    /* as after a call */
    struct sig_info *si = &p->sig.info[sig - 1];
    uint64_t mask = p->sig.restore_blocked ? p->sig.saved_blocked : p->sig.blocked;

    if (!(a->flags & SA_RESTORER) || sp < sizeof(fpu) + sizeof(f) + 64 || sp > USER_TOP)
        return -EFAULT;             /* x86-64 has no default restorer (Linux agrees) */
    memset(&f, 0, sizeof(f));
    f.pretcode = a->restorer;
    f.uc.uc_flags = 0x6;            /* UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS */
    signal_altstack(p, 0, &f.uc.uc_stack, tf->rsp);
    save_registers(&f.uc.uc_mcontext, tf);
    f.uc.uc_mcontext.err = p->sig.fault_err;
    f.uc.uc_mcontext.trapno = p->sig.fault_trapno;
    f.uc.uc_mcontext.cr2 = p->sig.fault_cr2;
    f.uc.uc_mcontext.oldmask = mask;
    f.uc.uc_mcontext.fpstate = fp;
    f.uc.uc_sigmask = mask;         /* what rt_sigreturn puts back */
    f.info.si_signo = sig;
    f.info.si_code = si->code;
    if (si->code == SI_USER || si->code == SI_TKILL)
        f.info.f.kill.pid = si->pid;
    else
        f.info.f.fault.addr = si->addr;
    fxsave(fpu);                    /* the live registers are the process's */
    memset(fpu + 464, 0, 48);       /* no xsave magic: a plain fxsave area */
    if (copy_to_user(fp, fpu, sizeof(fpu)) || copy_to_user(frame, &f, sizeof(f)))
        return -EFAULT;
    tf->rdi = (uint64_t)sig;
    tf->rsi = frame + __builtin_offsetof(struct rt_sigframe, info);
    tf->rdx = frame + __builtin_offsetof(struct rt_sigframe, uc);
    tf->rax = 0;                    /* no vector registers used by a varargs call */
    tf->rsp = frame;
    tf->rip = a->handler;
    tf->rflags &= ~(RFLAGS_DF | RFLAGS_TF | (1UL << 16));   /* DF, TF, RF */
    tf->cs = USER_CS, tf->ss = USER_DS;
    fxrstor(fpu_initial);           /* the handler starts with a clean FPU */
    p->sig.restore_blocked = 0;     /* ppoll's mask: this frame brings it back */
    return 0;
}

/* The MXCSR bits this CPU lets fxrstor set (the others raise #GP). */
static uint32_t
mxcsr_mask(void)
{
    static uint32_t mask;
    static uint8_t area[512] __attribute__((aligned(16)));

    if (!mask) {
        memset(area, 0, sizeof(area));
        fxsave(area);
        memcpy(&mask, area + 28, 4);
        if (!mask)
            mask = 0xffbf;          /* SDM Vol. 1 §11.6.6: the default */
    }
    return mask;
}

int64_t
signal_return(struct trap_frame *tf)
{
    static uint8_t fpu[512] __attribute__((aligned(16)));
    struct process *p = current_process();
    struct ucontext uc;
    uint32_t mxcsr;

    /* The restorer's `ret` popped pretcode: RSP is the ucontext. */
    if (copy_from_user(&uc, tf->rsp, sizeof(uc)) || uc.uc_mcontext.rip >= USER_TOP ||
        (uc.uc_mcontext.fpstate && copy_from_user(fpu, uc.uc_mcontext.fpstate, sizeof(fpu)))) {
        kprintf("signal: pid %d (%s): rt_sigreturn with a bad frame at 0x%lx: killed\n",
                p->pid, p->name, tf->rsp);
        process_kill(p, SIGSEGV);
    }
    restore_registers(tf, &uc.uc_mcontext);
    if (uc.uc_mcontext.fpstate) {
        memcpy(&mxcsr, fpu + 24, 4);
        mxcsr &= mxcsr_mask();      /* a reserved bit would #GP in fxrstor */
        memcpy(fpu + 24, &mxcsr, 4);
        fxrstor(fpu);
    } else {
        fxrstor(fpu_initial);
    }
    p->sig.blocked = uc.uc_sigmask & ~UNBLOCKABLE;
    p->sig.restart = 0;
    this_cpu()->signal_work = 1;    /* leave with IRETQ: SYSRET loses RCX, R11 */
    return (int64_t)tf->rax;
}

/* ------------------------------------------------------------ delivery */

/* A syscall interrupted with -ERESTARTSYS: run it again (its arguments are
 * still in the frame) or make it -EINTR. */
static void
finish_syscall(struct process *p, struct trap_frame *tf, int again)
{
    if (!p->sig.restart)
        return;
    p->sig.restart = 0;
    if ((int64_t)tf->rax != -ERESTARTSYS)
        return;
    if (again) {
        tf->rax = (uint64_t)p->sig.restart_nr;
        tf->rip -= 2;               /* back onto the `syscall` instruction */
    } else {
        tf->rax = (uint64_t)-EINTR;
    }
}

static int
next_signal(const struct process *p)
{
    uint64_t ready = p->sig.pending & ~p->sig.blocked;

    return ready ? __builtin_ctzll(ready) + 1 : 0;
}

void
signal_return_to_user(struct trap_frame *tf)
{
    struct process *p = current_process();
    bool taken = kernel_lock_enter();   /* (interrupt_exit runs after the lock's release) */
    int sig;

    cr3_apply_now();                /* the frame goes on this process's stack */
    while ((sig = next_signal(p))) {
        struct k_sigaction a = p->sig.action[sig - 1];
        p->sig.pending &= ~SIGBIT(sig);
        if (a.handler == SIG_IGN || (a.handler == SIG_DFL && (IGNORED_BY_DEFAULT & SIGBIT(sig))))
            continue;
        if (a.handler == SIG_DFL)
            process_kill(p, sig);   /* terminate: wait4 shows the signal */
        finish_syscall(p, tf, a.flags & SA_RESTART);
        if (setup_frame(p, tf, sig, &a)) {
            kprintf("signal: pid %d (%s): cannot write signal %d's frame below RSP=0x%lx "
                    "(no room, or no SA_RESTORER): killed\n", p->pid, p->name, sig, tf->rsp);
            process_kill(p, SIGSEGV);
        }
        if (a.flags & SA_RESETHAND)
            p->sig.action[sig - 1] = (struct k_sigaction){ SIG_DFL, 0, 0, 0 };
        p->sig.blocked |= (a.mask | (a.flags & SA_NODEFER ? 0 : SIGBIT(sig))) & ~UNBLOCKABLE;
    }
    finish_syscall(p, tf, 1);       /* nothing ran a handler: restart */
    if (p->sig.restore_blocked)     /* ppoll's mask, and no handler ran */
        signal_mask_after_wait(p);
    signal_work_refresh(p);
    kernel_lock_leave(taken);
}

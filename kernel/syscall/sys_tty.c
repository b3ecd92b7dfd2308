/* sys_tty.c — the console as a terminal (the full kernel).
 *
 * Input comes from COM1's receive interrupt (IRQ 4), through a small line
 * discipline, into a buffer that read() of a console fd takes from:
 *
 *   IRQ 4 --byte--> ISIG: ^C, ^\ send SIGINT, SIGQUIT to the foreground
 *                   group (and drop the input); ICRNL: CR becomes NL;
 *                   ICANON: ERASE, KILL edit the line, NL or ^D end it;
 *                   ECHO: what was typed goes back to the console
 *           --a whole line (ICANON) or each byte--> in[] --read()-->
 *
 * The interrupt is turned on the first time a process uses the console as
 * a terminal (a read, an ioctl), as a UART is started when its tty is
 * first opened: bytes typed before wait in the UART. The foreground group
 * is init's (every program init= started) until TIOCSPGRP names one.
 * A read blocks until there is input (a line, in ICANON mode) or a signal
 * arrives: -EINTR, or, with SA_RESTART, the read starts again. */
#include "syscall/handlers.h"
#include "arch/x86_64/trap.h"
#include "drivers/console.h"
#include "drivers/pic.h"
#include "drivers/serial.h"
#include "lib/errno.h"
#include "mm/usercopy.h"
#include "proc/process.h"
#include "proc/sched.h"
#include "proc/signal.h"
#include "ringlab/abi.h"
#include "ringlab/syscall_numbers.h"

#define IRQ_COM1  4
#define IN_SIZE   1024              /* committed input, read() takes from here */
#define LINE_MAX  256               /* the line being edited (ICANON) */
#define CTRL(c)   ((c) & 0x1f)

static struct termios termios = {
    .c_iflag = ICRNL | IXON, .c_oflag = OPOST | ONLCR, .c_cflag = 0277,  /* B38400 CS8 CREAD HUPCL */
    .c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
    .c_cc = { [VINTR] = CTRL('C'), [VQUIT] = CTRL('\\'), [VERASE] = 0x7f, [VKILL] = CTRL('U'),
              [VEOF] = CTRL('D'), [VMIN] = 1 },
};
static struct winsize winsize = { .ws_row = 24, .ws_col = 80 };
static int foreground;              /* process group; 0: init's */
static int started;

static char in[IN_SIZE];
static unsigned in_head, in_len;    /* a ring: in_len bytes from in_head */
static int in_eof;                  /* ^D on an empty line: one read returns 0 */
static char line[LINE_MAX];
static unsigned line_len;
static uint64_t readers;            /* process slots blocked in tty_read */

static void
echo(char c)
{
    if (!(termios.c_lflag & ECHO))
        return;
    if ((unsigned char)c < ' ' && c != '\n' && c != '\t' && (termios.c_lflag & ECHOCTL)) {
        console_putc('^');
        c = (char)(c + '@');
    }
    console_putc(c);
}

/* line[] (or one byte) becomes readable; readers wake up. */
static void
commit(const char *s, unsigned n)
{
    for (unsigned i = 0; i < n && in_len < IN_SIZE; i++, in_len++)
        in[(in_head + in_len) % IN_SIZE] = s[i];
    for (int i = 0; readers; i++)
        if (readers & (1ULL << i)) {
            readers &= ~(1ULL << i);
            sched_wakeup(process_slot(i));
        }
}

static void
flush_input(void)
{
    in_len = line_len = 0;
    in_eof = 0;
}

/* Ctrl-C and friends: to the foreground group, or to init's groups. */
static void
signal_foreground(int sig)
{
    if (foreground) {
        signal_send_group(foreground, sig, SI_KERNEL, 0);
        return;
    }
    for (int i = 0; i < process_slots_used(); i++) {
        struct process *q = process_slot(i);
        if (q->is_init && q->state != PROC_FREE && q->state != PROC_ZOMBIE)
            signal_send_group(signal_pgid(q), sig, SI_KERNEL, 0);
    }
}

static void
input(char c)
{
    const uint8_t *cc = termios.c_cc;

    if (c == '\r' && (termios.c_iflag & ICRNL))
        c = '\n';
    if ((termios.c_lflag & ISIG) && c && (c == cc[VINTR] || c == cc[VQUIT])) {
        echo(c);
        flush_input();
        signal_foreground(c == cc[VINTR] ? SIGINT : SIGQUIT);
        return;
    }
    if (!(termios.c_lflag & ICANON)) {
        echo(c);
        commit(&c, 1);
        return;
    }
    if (c == cc[VERASE] || c == '\b') {
        if (line_len && (termios.c_lflag & ECHO)) {
            line_len--;
            console_write("\b \b", 3);
        }
    } else if (c == cc[VKILL]) {
        for (; line_len && (termios.c_lflag & ECHO); line_len--)
            console_write("\b \b", 3);
        line_len = 0;
    } else if (c == cc[VEOF]) {
        in_eof = line_len == 0;
        commit(line, line_len);
        line_len = 0;
    } else {
        echo(c);
        if (line_len < LINE_MAX)
            line[line_len++] = c;
        if (c == '\n' || line_len == LINE_MAX) {
            commit(line, line_len);
            line_len = 0;
        }
    }
}

static void
tty_interrupt(struct trap_frame *tf)
{
    pic_eoi(IRQ_COM1);
    while (serial_can_read())
        input((char)serial_getc());
}

/* The first use of the console as a terminal starts its input. */
static void
tty_start(void)
{
    if (started)
        return;
    started = 1;
    trap_set_irq_handler(PIC_VECTOR_BASE + IRQ_COM1, tty_interrupt);
    serial_rx_interrupts_on();
    pic_unmask(IRQ_COM1);           /* a byte already waiting interrupts at once */
}

/* read() of a console fd: at least one byte, at most one line (ICANON). */
int64_t
tty_read(uint64_t buf, uint64_t len)
{
    struct process *p = current_process();
    char chunk[LINE_MAX];
    unsigned n = 0;

    if (!user_range_ok(buf, len))
        return -EFAULT;
    tty_start();
    while (!in_len && len) {
        if (in_eof) {
            in_eof = 0;
            return 0;
        }
        if (signal_pending(p))
            return signal_interrupted(SYS_read);
        readers |= 1ULL << p->slot;
        sched_block();              /* until commit() or a signal wakes it */
        readers &= ~(1ULL << p->slot);
    }
    while (n < len && n < in_len && n < sizeof(chunk)) {
        chunk[n] = in[(in_head + n) % IN_SIZE];
        if (chunk[n++] == '\n' && (termios.c_lflag & ICANON))
            break;
    }
    if (copy_to_user(buf, chunk, n))
        return -EFAULT;             /* the input stays for the next read */
    in_head = (in_head + n) % IN_SIZE;
    in_len -= n;
    return n;
}

static int
tty_foreground(void)
{
    if (foreground)
        return foreground;
    for (int i = 0; i < process_slots_used(); i++) {
        struct process *q = process_slot(i);
        if (q->is_init && q->state != PROC_FREE && q->state != PROC_ZOMBIE)
            return signal_pgid(q);
    }
    return 0;
}

/* ioctl() of a console fd. Unknown requests: -ENOTTY, as Linux. */
int64_t
tty_ioctl(uint64_t request, uint64_t arg)
{
    struct termios t;
    int pgrp;

    tty_start();
    switch (request) {
    case TCGETS:
        return copy_to_user(arg, &termios, sizeof(termios));
    case TCSETS: case TCSETSW: case TCSETSF:
        if (copy_from_user(&t, arg, sizeof(t)))
            return -EFAULT;
        if (request == TCSETSF)
            flush_input();
        if ((termios.c_lflag & ICANON) && !(t.c_lflag & ICANON)) {
            commit(line, line_len); /* a half-typed line becomes readable */
            line_len = 0;
        }
        termios = t;
        return 0;
    case TIOCGWINSZ:
        return copy_to_user(arg, &winsize, sizeof(winsize));
    case TIOCSWINSZ:
        return copy_from_user(&winsize, arg, sizeof(winsize));
    case TIOCGPGRP:
        pgrp = tty_foreground();
        return copy_to_user(arg, &pgrp, sizeof(pgrp));
    case TIOCSPGRP:
        if (copy_from_user(&pgrp, arg, sizeof(pgrp)))
            return -EFAULT;
        if (pgrp <= 0)
            return -EINVAL;
        if (!signal_send_group(pgrp, 0, 0, 0))
            return -ESRCH;          /* no such group */
        foreground = pgrp;
        return 0;
    default:
        return -ENOTTY;
    }
}

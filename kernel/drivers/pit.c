/* pit.c — the PIT as a periodic timer.
 *
 * Channel 0 in mode 2 ("rate generator") raises IRQ 0 every `divisor`
 * input clocks; the input runs at 1.193182 MHz (Intel 8254 datasheet). */
#include "drivers/pit.h"
#include "arch/x86_64/cpu.h"

#define PIT_CHANNEL0 0x40
#define PIT_COMMAND  0x43
#define PIT_CH0_LOHI_MODE2 0x34   /* channel 0, low then high byte, mode 2 */

void
pit_start(unsigned hz)
{
    unsigned divisor = PIT_INPUT_HZ / hz;

    outb(PIT_COMMAND, PIT_CH0_LOHI_MODE2);
    outb(PIT_CHANNEL0, divisor & 0xff);
    outb(PIT_CHANNEL0, divisor >> 8);
}
#if RINGLAB_LAB >= 5

/* Channel 2 is the PC speaker's: its gate and its output are bits 0 and 5
 * of port 0x61 (bit 1 would connect it to the speaker: kept off). In mode
 * 0 ("interrupt on terminal count") the output goes high when the count
 * reaches zero. */
#define PIT_CHANNEL2 0x42
#define PIT_CH2_LOHI_MODE0 0xb0
#define PORT_B 0x61
#define PORT_B_GATE2 0x01
#define PORT_B_SPEAKER 0x02
#define PORT_B_OUT2 0x20

void
pit_wait_us(unsigned us)
{
    unsigned count = (unsigned)((uint64_t)PIT_INPUT_HZ * us / 1000000);

    outb(PORT_B, (inb(PORT_B) & ~PORT_B_SPEAKER) | PORT_B_GATE2);
    outb(PIT_COMMAND, PIT_CH2_LOHI_MODE0);
    outb(PIT_CHANNEL2, count & 0xff);
    outb(PIT_CHANNEL2, count >> 8);     /* counting starts now */
    /* (No `pause` in this loop: each `inb` already takes about a
     * microsecond on hardware, and under QEMU's -icount every `pause`
     * ends the CPU's turn, which made the 10 ms INIT wait of smp.c two
     * million turns — seconds of host time per boot.) */
    while (!(inb(PORT_B) & PORT_B_OUT2))
        ;
}
#endif

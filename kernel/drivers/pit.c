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

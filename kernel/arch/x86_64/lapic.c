/* lapic.c — the local APIC's registers, its timer, and sending IPIs (lab 5).
 *
 *   offset  register                      used for
 *   0x020   ID (bits 31..24)              which CPU am I
 *   0x080   task priority                 0: accept every vector
 *   0x0b0   EOI                           write 0: the interrupt is done
 *   0x0f0   spurious vector (bit 8: on)   software enable
 *   0x300   ICR low: vector, delivery     writing it sends the IPI;
 *           mode, bit 12 "send pending"   bit 12 clears once delivered
 *   0x310   ICR high: destination (31..24)
 *   0x320   LVT timer: vector, bit 16 mask, bits 17..18 mode (1 periodic)
 *   0x380   timer initial count, 0x390 current count
 *   0x3e0   timer divide configuration (0b0011: by 16)
 *
 * Every register is 32 bits wide at a 16-byte aligned offset; each access
 * must be one aligned 32-bit load or store (hence `volatile uint32_t`). */
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/cpu.h"
#include "drivers/pit.h"

#define LAPIC_ID        0x020
#define LAPIC_TPR       0x080
#define LAPIC_EOI       0x0b0
#define LAPIC_SVR       0x0f0
#define LAPIC_ICR_LOW   0x300
#define LAPIC_ICR_HIGH  0x310
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CUR 0x390
#define LAPIC_TIMER_DIV 0x3e0

#define SVR_ENABLE      (1u << 8)
#define ICR_INIT        (5u << 8)       /* delivery mode INIT */
#define ICR_STARTUP     (6u << 8)       /* delivery mode STARTUP (SIPI) */
#define ICR_ASSERT      (1u << 14)
#define ICR_PENDING     (1u << 12)      /* delivery status: send pending */
#define TIMER_PERIODIC  (1u << 17)
#define TIMER_MASKED    (1u << 16)
#define TIMER_DIV_16    0x3

#define CALIBRATE_US    1000            /* the PIT interval the timer is timed over */

static volatile uint32_t *regs;
static uint32_t timer_count;            /* initial count for one tick */

static uint32_t
rd(unsigned reg)
{
    return regs[reg / 4];
}

static void
wr(unsigned reg, uint32_t v)
{
    regs[reg / 4] = v;
}

void
lapic_set_base(volatile void *mmio)
{
    regs = mmio;
}

void
lapic_enable(void)
{
    wr(LAPIC_TPR, 0);
    wr(LAPIC_SVR, SVR_ENABLE | VEC_SPURIOUS);
}

uint32_t
lapic_id(void)
{
    return rd(LAPIC_ID) >> 24;
}

void
lapic_eoi(void)
{
    wr(LAPIC_EOI, 0);
}

/* Writes the ICR (high first: writing the low half sends) and waits until
 * the APIC has delivered the message. */
static int
send(uint32_t apic_id, uint32_t low)
{
    wr(LAPIC_ICR_HIGH, apic_id << 24);
    wr(LAPIC_ICR_LOW, low);
    for (int i = 0; i < 1000000; i++)
        if (!(rd(LAPIC_ICR_LOW) & ICR_PENDING))
            return 0;
    return -1;
}

int
lapic_send_init(uint32_t apic_id)
{
    return send(apic_id, ICR_INIT | ICR_ASSERT);
}

/* The AP starts in real mode at CS:IP = (start_phys >> 4):0, so the code
 * must sit on a page boundary below 1 MiB: the vector is its page number. */
int
lapic_send_startup(uint32_t apic_id, uint64_t start_phys)
{
    return send(apic_id, ICR_STARTUP | ICR_ASSERT | (uint32_t)(start_phys >> 12));
}

int
lapic_send_ipi(uint32_t apic_id, int vector)
{
    return send(apic_id, ICR_ASSERT | (uint32_t)vector);
}

/* The timer counts down at the bus clock divided by 16, a rate no CPUID
 * leaf of QEMU's reports: count how far it gets while the PIT, whose
 * rate is fixed, measures CALIBRATE_US. Under -icount both run on the
 * same virtual clock, so the result is the same in every run. */
void
lapic_timer_calibrate(unsigned hz)
{
    uint32_t elapsed;

    wr(LAPIC_TIMER_DIV, TIMER_DIV_16);
    wr(LAPIC_LVT_TIMER, TIMER_MASKED | VEC_LAPIC_TIMER);
    wr(LAPIC_TIMER_INIT, 0xffffffff);
    pit_wait_us(CALIBRATE_US);
    elapsed = 0xffffffff - rd(LAPIC_TIMER_CUR);
    wr(LAPIC_TIMER_INIT, 0);                    /* stop it */
    timer_count = (uint32_t)((uint64_t)elapsed * 1000000 / CALIBRATE_US / hz);
    if (!timer_count)
        timer_count = 1;
}

void
lapic_timer_start(void)
{
    wr(LAPIC_TIMER_DIV, TIMER_DIV_16);
    wr(LAPIC_LVT_TIMER, TIMER_PERIODIC | VEC_LAPIC_TIMER);
    wr(LAPIC_TIMER_INIT, timer_count);
}

/* acpi.c — finding the MADT and reading the local APICs from it (lab 5).
 *
 * Only what starting the other CPUs needs: the tables are read, never
 * written, and each one's checksum is checked before it is believed (all
 * its bytes add up to 0 mod 256, ACPI 6.5 §5.2.5.3 and §5.2.6). Layouts:
 *
 *   RSDP   "RSD PTR " (8) checksum (1) OEM ID (6) revision (1)
 *          RSDT address (u32)  ... revision >= 2: length (u32)
 *          XSDT address (u64)
 *   header of every other table (36 bytes): signature (4) length (u32)
 *          revision, checksum, OEM ID, OEM table ID, revisions, creator
 *   RSDT   header, then u32 physical addresses of tables; XSDT: u64
 *   MADT   header, local APIC address (u32), flags (u32), then entries
 *          { type (u8), length (u8), ... }:
 *            type 0, a processor's local APIC: processor UID (u8),
 *                    APIC ID (u8), flags (u32: bit 0 enabled,
 *                    bit 1 online capable)
 *            type 5, a 64-bit local APIC address that overrides the u32
 */
#include "arch/x86_64/acpi.h"
#include "arch/x86_64/memlayout.h"
#include "lib/string.h"

#define SDT_HEADER 36
#define MADT_LOCAL_APIC          0
#define MADT_LOCAL_APIC_OVERRIDE 5
#define LAPIC_ENABLED        (1u << 0)
#define LAPIC_ONLINE_CAPABLE (1u << 1)

static uint32_t
get32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, 4);
    return v;
}

static uint64_t
get64(const uint8_t *p)
{
    uint64_t v;

    memcpy(&v, p, 8);
    return v;
}

static int
checksum_ok(const uint8_t *p, uint32_t len)
{
    uint8_t sum = 0;

    for (uint32_t i = 0; i < len; i++)
        sum += p[i];
    return sum == 0;
}

/* The table at `phys` if its header and checksum say it is `sig`. */
static const uint8_t *
table_at(uint64_t phys, const char *sig)
{
    const uint8_t *t = phys_to_virt(phys);

    if (memcmp(t, sig, 4) != 0 || get32(t + 4) < SDT_HEADER || !checksum_ok(t, get32(t + 4)))
        return 0;
    return t;
}

/* The MADT, from the RSDT's or the XSDT's list of tables. */
static const uint8_t *
find_madt(const uint8_t *rsdp, const char **why)
{
    int xsdt = rsdp[15] >= 2 && get64(rsdp + 24);   /* revision 2+: 64-bit list */
    const uint8_t *list = xsdt ? table_at(get64(rsdp + 24), "XSDT")
                               : table_at(get32(rsdp + 16), "RSDT");
    int width = xsdt ? 8 : 4;

    if (!list) {
        *why = "no valid RSDT/XSDT";
        return 0;
    }
    for (uint32_t off = SDT_HEADER; off + width <= get32(list + 4); off += width) {
        uint64_t phys = xsdt ? get64(list + off) : get32(list + off);
        const uint8_t *t = table_at(phys, "APIC");
        if (t)
            return t;
    }
    *why = "no MADT (\"APIC\" table)";
    return 0;
}

static void
add_cpu(struct acpi_cpus *out, const uint8_t *e)
{
    if (!(get32(e + 4) & (LAPIC_ENABLED | LAPIC_ONLINE_CAPABLE)))
        return;                         /* a CPU that cannot be started */
    if (out->count < ACPI_MAX_CPUS)
        out->apic_id[out->count++] = e[3];
}

int
acpi_find_cpus(uint64_t rsdp_phys, struct acpi_cpus *out, const char **why)
{
    const uint8_t *rsdp = phys_to_virt(rsdp_phys), *madt;

    memset(out, 0, sizeof(*out));
    if (!rsdp_phys || memcmp(rsdp, "RSD PTR ", 8) != 0 || !checksum_ok(rsdp, 20)) {
        *why = "no valid RSDP (multiboot2 tag 14/15)";
        return -1;
    }
    if (!(madt = find_madt(rsdp, why)))
        return -1;
    out->lapic_phys = get32(madt + SDT_HEADER);
    for (uint32_t off = SDT_HEADER + 8; off + 2 <= get32(madt + 4);) {
        const uint8_t *e = madt + off;
        if (e[1] < 2)
            break;                      /* a broken entry: stop, not loop */
        if (e[0] == MADT_LOCAL_APIC && e[1] >= 8)
            add_cpu(out, e);
        else if (e[0] == MADT_LOCAL_APIC_OVERRIDE && e[1] >= 12)
            out->lapic_phys = get64(e + 4);
        off += e[1];
    }
    if (!out->count) {
        *why = "the MADT lists no usable local APIC";
        return -1;
    }
    return 0;
}

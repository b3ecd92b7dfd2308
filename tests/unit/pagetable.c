/* Unit tests of the index and canonical-address arithmetic in pagetable.h. */
#include "check.h"
#include "arch/x86_64/pagetable.h"

int
main(void)
{
    uint64_t kmain_va = 0xffffffff80100000UL;

    CHECK(pt_index(kmain_va, 4) == 511);
    CHECK(pt_index(kmain_va, 3) == 510);
    CHECK(pt_index(kmain_va, 2) == 0);
    CHECK(pt_index(kmain_va, 1) == 256);
    CHECK(pt_index(0xffff800000000000UL, 4) == 256);
    CHECK(pt_index(0x400000, 2) == 2 && pt_index(0x400000, 1) == 0);

    CHECK(pt_level_size(1) == 4096);
    CHECK(pt_level_size(2) == 2UL << 20);
    CHECK(pt_level_size(3) == 1UL << 30);

    CHECK(is_canonical(0) && is_canonical(0x00007fffffffffffUL));
    CHECK(!is_canonical(0x0000800000000000UL));
    CHECK(!is_canonical(0xffff7fffffffffffUL));
    CHECK(is_canonical(0xffff800000000000UL));

    /* an address rebuilt from indices needs bit 47 copied up */
    uint64_t rebuilt = (uint64_t)256 << 39;
    CHECK(!is_canonical(rebuilt));
    CHECK(sign_extend_48(rebuilt) == 0xffff800000000000UL);
    CHECK(sign_extend_48(0x400000) == 0x400000);

    CHECK(pte_addr(0x8000000000123067UL) == 0x123000);
    return check_done();
}

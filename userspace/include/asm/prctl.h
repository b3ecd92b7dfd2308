/* asm/prctl.h — arch_prctl(): the FS and GS base registers.
 * The ARCH_* codes are in <ringlab/abi.h>. */
#ifndef _ASM_PRCTL_H
#define _ASM_PRCTL_H

#include <ringlab/abi.h>

/* For ARCH_SET_*, addr is the new base; for ARCH_GET_*, addr points to
 * an unsigned long that receives it. */
int arch_prctl(int code, unsigned long addr);

#endif

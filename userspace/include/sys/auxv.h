/* sys/auxv.h — reading the auxiliary vector exec left on the stack. */
#ifndef _SYS_AUXV_H
#define _SYS_AUXV_H

#include <ringlab/abi.h>

/* The value of entry `type` (AT_PAGESZ, AT_PHDR ...), or 0 if absent. */
unsigned long getauxval(unsigned long type);

#endif

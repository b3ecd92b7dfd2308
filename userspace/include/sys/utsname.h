/* sys/utsname.h — the name of the running kernel. */
#ifndef _SYS_UTSNAME_H
#define _SYS_UTSNAME_H

#include <ringlab/abi.h>

int uname(struct utsname *buf);

#endif

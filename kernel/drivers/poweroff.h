/* poweroff.h — ending a run: QEMU's isa-debug-exit device.
 *
 * Writing v to port 0xf4 makes QEMU exit with status (v << 1) | 1, so the
 * status is always odd and a plain 0 can never mean success (a triple fault
 * under -no-reboot also exits 0). scripts/ringlab/qemu.py decodes these:
 *
 *   what                     value written     QEMU's exit status
 *   success                  0x10              33
 *   FATAL (kernel fault)     0x11              35
 *   init exited with s>0     0x40 | (s & 63)   129 + 2*(s & 63)
 */
#ifndef RINGLAB_POWEROFF_H
#define RINGLAB_POWEROFF_H

#define DEBUG_EXIT_PORT     0xf4
#define DEBUG_EXIT_SUCCESS  0x10
#define DEBUG_EXIT_FATAL    0x11
#define DEBUG_EXIT_STATUS   0x40

#define POWEROFF_SUCCESS 0
#define POWEROFF_FATAL   (-1)

/* status: POWEROFF_SUCCESS, POWEROFF_FATAL, or an exit status 1..255. */
void poweroff(int status) __attribute__((noreturn));

#endif

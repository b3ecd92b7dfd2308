/* fault.c — /bin/fault KIND: fault in ring 3 on purpose. The kernel must
 * kill only this process, with a one-line report, and carry on.
 *
 *   null     read address 0            #PF, CR2 = 0
 *   write    write to our own code     #PF (a present, read-only page)
 *   kernel   read a kernel address     #PF (the page has no U bit)
 *   gp       execute `cli`             #GP (IOPL is 0: ring 3 may not)
 *   ud       execute `ud2`             #UD
 *   div      divide by zero            #DE
 *   int3     a breakpoint              #BP
 */
#include <stdio.h>
#include <string.h>

static volatile long zero;     /* a null pointer the compiler can't see */

int
main(int argc, char **argv)
{
    const char *kind = argc > 1 ? argv[1] : "null";

    printf("fault: %s\n", kind);
    if (strcmp(kind, "null") == 0)
        return (int)*(volatile long *)zero;
    if (strcmp(kind, "write") == 0)
        *(volatile char *)main = 0;
    if (strcmp(kind, "kernel") == 0)
        return (int)*(volatile long *)0xffffffff80100000UL;
    if (strcmp(kind, "gp") == 0)
        __asm__ volatile("cli");
    if (strcmp(kind, "ud") == 0)
        __asm__ volatile("ud2");
    if (strcmp(kind, "div") == 0)
        __asm__ volatile("xor %%edx, %%edx; mov $1, %%eax; xor %%ecx, %%ecx; div %%ecx"
                         : : : "rax", "rcx", "rdx");
    if (strcmp(kind, "int3") == 0)
        __asm__ volatile("int3");
    printf("fault: no fault happened\n");
    return 1;
}

/* usercopy.c — copy_from_user / copy_to_user with exception fixups. */
#include "mm/usercopy.h"
#include "arch/x86_64/memlayout.h"
#include "lib/errno.h"

/* True if [addr, addr+n) is entirely in the user half (no wrap-around). */
int
user_range_ok(uint64_t addr, size_t n)
{
    return addr + n >= addr && addr + n <= USER_TOP;
}

/* rep movsb with AC set; a fault at label 1 resumes at 3, which makes the
 * result -EFAULT. The __ex_table entry pairs the two addresses. */
static int
copy_with_fixup(void *dst, const void *src, size_t n)
{
    int err = 0;

    __asm__ volatile("stac\n"
                     "1:\trep movsb\n"
                     "2:\tclac\n"
                     ".pushsection .text.fixup, \"ax\"\n"
                     "3:\tmovl %[efault], %[err]\n"
                     "\tjmp 2b\n"
                     ".popsection\n"
                     ".pushsection __ex_table, \"a\"\n"
                     "\t.balign 8\n"
                     "\t.quad 1b, 3b\n"
                     ".popsection\n"
                     : [err] "+r"(err), "+D"(dst), "+S"(src), "+c"(n)
                     : [efault] "i"(-EFAULT)
                     : "memory");
    return err;
}

int
copy_from_user(void *dst, uint64_t user_src, size_t n)
{
    if (!user_range_ok(user_src, n))
        return -EFAULT;
    return copy_with_fixup(dst, (const void *)user_src, n);
}

int
copy_to_user(uint64_t user_dst, const void *src, size_t n)
{
    if (!user_range_ok(user_dst, n))
        return -EFAULT;
    return copy_with_fixup((void *)user_dst, src, n);
}

long
copy_string_from_user(char *dst, uint64_t user_src, size_t max)
{
    for (size_t i = 0; i < max; i++) {
        int err = copy_from_user(&dst[i], user_src + i, 1);
        if (err)
            return err;
        if (dst[i] == '\0')
            return (long)i;
    }
    if (max)
        dst[max - 1] = '\0';
    return -ENAMETOOLONG;
}

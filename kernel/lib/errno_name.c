/* errno_name.c — the names of error numbers, for traces and messages
 * (`strace`'s "= -2 ENOENT", init's "exec ... failed: -ENOENT"). */
#include "lib/errno.h"

const char *
errno_name(long err)
{
    static const char *const names[] = {
        [EPERM] = "EPERM", [ENOENT] = "ENOENT", [ESRCH] = "ESRCH", [EINTR] = "EINTR",
        [EIO] = "EIO", [E2BIG] = "E2BIG", [ENOEXEC] = "ENOEXEC", [EBADF] = "EBADF",
        [ECHILD] = "ECHILD", [EAGAIN] = "EAGAIN", [ENOMEM] = "ENOMEM",
        [EFAULT] = "EFAULT", [ENOTDIR] = "ENOTDIR", [EISDIR] = "EISDIR",
        [EINVAL] = "EINVAL", [EMFILE] = "EMFILE", [ENOTTY] = "ENOTTY",
        [ENAMETOOLONG] = "ENAMETOOLONG", [ENOSYS] = "ENOSYS", [EROFS] = "EROFS",
        [EEXIST] = "EEXIST", [ESPIPE] = "ESPIPE", [ENFILE] = "ENFILE", [EACCES] = "EACCES",
#if RINGLAB_LAB >= 6
        [EBUSY] = "EBUSY", [EXDEV] = "EXDEV", [EFBIG] = "EFBIG", [ENOSPC] = "ENOSPC",
        [EPIPE] = "EPIPE", [ERANGE] = "ERANGE", [ENOTEMPTY] = "ENOTEMPTY",
        [ETIMEDOUT] = "ETIMEDOUT",
#endif
    };

    if (err < 0)
        err = -err;
    if (err < (long)(sizeof(names) / sizeof(names[0])) && names[err])
        return names[err];
    return "E?";
}

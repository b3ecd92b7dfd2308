/* sysfuzz.h — what sysfuzz.c (the batches) and sysfuzz_args.c (the calls
 * and their arguments) share. */
#ifndef SYSFUZZ_H
#define SYSFUZZ_H

#include <stdint.h>

struct fuzz {
    uint64_t rng;               /* the random stream's state */
    int verbose;                /* -v: print each call first */
    uint64_t heap_end;          /* our heap's end: unmapped above */
    int children;               /* forked and not waited for */
};
extern struct fuzz fz;

uint64_t fuzz_rand(void);
/* Per batch: the heap page, open files. */
void fuzz_setup(void);
/* Makes call number `i` (for -v); `last`: the batch's last call. */
void fuzz_one(long i, int last);
/* Once, before the frame count: the kernel heap grows to its size. */
void run_warm_up(void);
/* At the end: removes what the batches created in /tmp. */
void fuzz_cleanup(void);

#endif

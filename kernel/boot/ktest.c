/* ktest.c — running in-kernel tests by name, and (stage 1) the grader's proof.
 *
 *   ktest=NAME          runs the test NAME
 *   ktest=NAME:NONCE    stage 1: the same; if it passes, also prints
 *                       "proof: <16 hex digits>" (the grader does this)
 *
 * Lab 1's graded tests are ktests, so stage 1 proves them here; from stage
 * 2 on the graded tests run user programs, which print their own proof
 * (userspace/lib/proof.c), and the kernel carries neither key nor digest.
 *
 * The proof is SipHash-2-4 (Aumasson & Bernstein, 2012), keyed with
 * ktest_proof_key, of "ktest NAME: PASS NONCE". The key in the tree is a
 * placeholder; the grader writes a fresh random key over it in the copy of
 * the kernel it boots, and computes the digest itself
 * (scripts/ringlab/proof.py): the line matches only if this file's code ran
 * the test to PASS with this run's key. Code that only prints the expected
 * lines knows the nonce (it is on the command line) but not the key.
 * userspace/lib/proof.c is the same function for user programs. */
#include <stdint.h>

#include "boot/ktest.h"
#include "lib/format.h"
#include "lib/kprintf.h"
#include "lib/string.h"

extern const struct ktest __ktest_start[], __ktest_end[];

#if RINGLAB_LAB == 1
#include "ringlab/siphash.h"

#define PROOF_PLACEHOLDER "ringlab:proofkey"
/* Not const, not static: read from memory at run time, never folded. */
unsigned char ktest_proof_key[16] = PROOF_PLACEHOLDER;

/* "proof: <digest>" for a test that passed. (Only the grader passes a
 * nonce; the placeholder's 16 bytes must appear nowhere else in the
 * kernel, or the grader would write its key there too and refuses.) */
static void
print_proof(const char *name, const char *nonce)
{
    char message[128];
    int n = ksnprintf(message, sizeof(message), "ktest %s: PASS %s", name, nonce);

    if (n > 0 && (size_t)n < sizeof(message))
        kprintf("proof: %016lx\n", siphash24(ktest_proof_key, message, (size_t)n));
}
#endif

static void
list_tests(void)
{
    kprintf("ktest: available tests:\n");
    for (const struct ktest *t = __ktest_start; t < __ktest_end; t++)
        kprintf("  %-12s %s\n", t->name, t->what);
}

int
ktest_run(const char *arg)
{
#if RINGLAB_LAB == 1
    char name[64];
    const char *nonce = "";
    char *colon;

    strlcpy(name, arg, sizeof(name));
    if ((colon = strchr(name, ':'))) {  /* NAME:NONCE */
        *colon = '\0';
        nonce = colon + 1;
    }
#else
    const char *name = arg;
#endif
    if (strcmp(name, "list") == 0) {
        list_tests();
        return 0;
    }
    for (const struct ktest *t = __ktest_start; t < __ktest_end; t++) {
        if (strcmp(t->name, name) == 0) {
            kprintf("ktest %s: %s\n", t->name, t->what);
            int r = t->fn();
            kprintf("ktest %s: %s\n", t->name, r == 0 ? "PASS" : "FAIL");
#if RINGLAB_LAB == 1
            if (r == 0 && *nonce)
                print_proof(t->name, nonce);
#endif
            return r;
        }
    }
    kprintf("ktest: no test named '%s'\n", name);
    list_tests();
    return -1;
}

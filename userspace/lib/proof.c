/* proof.c — the "proof:" line (see <ringlab/proof.h>); the digest is
 * <ringlab/siphash.h>'s SipHash-2-4. */
#include <ringlab/proof.h>
#include <ringlab/siphash.h>
#include <stdio.h>
#include <string.h>

/* Not const, not static: the compiler must read the key from memory at
 * run time, never fold the placeholder into the code. */
unsigned char proof_key[16] = PROOF_PLACEHOLDER;

/* The placeholder's two halves, apart: its 16 bytes in a row must be
 * found only in proof_key, the one place the grader is to write its key. */
static const char placeholder_head[] = "ringlab:", placeholder_tail[] = "proofkey";

void
proof_print(const char *what, const char *nonce)
{
    char message[256];
    int n;

    if (memcmp(proof_key, placeholder_head, 8) == 0 &&
        memcmp(proof_key + 8, placeholder_tail, 8) == 0)
        return;                 /* not a grader's boot: no key, no line */
    n = snprintf(message, sizeof(message), "%s %s", what, nonce);
    if (n < 0 || (size_t)n >= sizeof(message)) {
        printf("proof: (message too long)\n");
        return;
    }
    printf("proof: %016lx\n", siphash24(proof_key, message, (size_t)n));
}

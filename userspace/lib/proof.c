/* proof.c — SipHash-2-4 and the "proof:" line (see <ringlab/proof.h>).
 *
 * SipHash keeps its state in four 64-bit words v0..v3, mixes each 8-byte
 * little-endian block of the message in with 2 "SipRounds", and finishes
 * with 4 more; the key seeds the state, so without it the 64-bit result
 * cannot be predicted (the paper's reference implementation and test
 * vector: https://github.com/veorq/SipHash). scripts/ringlab/proof.py is
 * the same function in Python, checked against the same vector. */
#include <ringlab/proof.h>
#include <stdio.h>
#include <string.h>

/* Not const, not static: the compiler must read the key from memory at
 * run time, never fold the placeholder into the code. */
unsigned char proof_key[16] = PROOF_PLACEHOLDER;

#define ROTL(x, b) (((x) << (b)) | ((x) >> (64 - (b))))

static void
sipround(uint64_t v[4])
{
    v[0] += v[1]; v[1] = ROTL(v[1], 13); v[1] ^= v[0]; v[0] = ROTL(v[0], 32);
    v[2] += v[3]; v[3] = ROTL(v[3], 16); v[3] ^= v[2];
    v[0] += v[3]; v[3] = ROTL(v[3], 21); v[3] ^= v[0];
    v[2] += v[1]; v[1] = ROTL(v[1], 17); v[1] ^= v[2]; v[2] = ROTL(v[2], 32);
}

static uint64_t
load_le64(const unsigned char *p, size_t n)
{
    uint64_t x = 0;

    for (size_t i = 0; i < n; i++)
        x |= (uint64_t)p[i] << (8 * i);
    return x;
}

uint64_t
siphash24(const unsigned char key[16], const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t k0 = load_le64(key, 8), k1 = load_le64(key + 8, 8);
    uint64_t v[4] = { k0 ^ 0x736f6d6570736575ULL, k1 ^ 0x646f72616e646f6dULL,
                      k0 ^ 0x6c7967656e657261ULL, k1 ^ 0x7465646279746573ULL };
    uint64_t m;
    size_t i;

    for (i = 0; i + 8 <= len; i += 8) {         /* every whole 8-byte block */
        m = load_le64(p + i, 8);
        v[3] ^= m;
        sipround(v);
        sipround(v);
        v[0] ^= m;
    }
    m = load_le64(p + i, len - i) | (uint64_t)(len & 0xff) << 56;  /* the tail */
    v[3] ^= m;
    sipround(v);
    sipround(v);
    v[0] ^= m;
    v[2] ^= 0xff;                               /* finalization */
    for (int r = 0; r < 4; r++)
        sipround(v);
    return v[0] ^ v[1] ^ v[2] ^ v[3];
}

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

/* ringlab/siphash.h — SipHash-2-4, for the grader's "proof:" lines.
 *
 * One implementation for the two places that print a proof: our libc
 * (userspace/lib/proof.c, the programs' lines) and lab 1's in-kernel tests
 * (kernel/boot/ktest.c). scripts/ringlab/proof.py is the grader's copy in
 * Python, checked against the paper's test vectors (ctest userspace.proof).
 *
 * SipHash keeps its state in four 64-bit words v0..v3, mixes each 8-byte
 * little-endian block of the message in with 2 "SipRounds", and finishes
 * with 4 more; the key seeds the state, so without it the 64-bit result
 * cannot be predicted (Aumasson & Bernstein, 2012). */
#ifndef RINGLAB_SIPHASH_H
#define RINGLAB_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

#define SIPHASH_ROTL(x, b) (((x) << (b)) | ((x) >> (64 - (b))))

static inline void
siphash_round(uint64_t v[4])
{
    v[0] += v[1]; v[1] = SIPHASH_ROTL(v[1], 13); v[1] ^= v[0]; v[0] = SIPHASH_ROTL(v[0], 32);
    v[2] += v[3]; v[3] = SIPHASH_ROTL(v[3], 16); v[3] ^= v[2];
    v[0] += v[3]; v[3] = SIPHASH_ROTL(v[3], 21); v[3] ^= v[0];
    v[2] += v[1]; v[1] = SIPHASH_ROTL(v[1], 17); v[1] ^= v[2]; v[2] = SIPHASH_ROTL(v[2], 32);
}

/* n (at most 8) bytes at p as a little-endian number */
static inline uint64_t
siphash_load_le64(const unsigned char *p, size_t n)
{
    uint64_t x = 0;

    for (size_t i = 0; i < n; i++)
        x |= (uint64_t)p[i] << (8 * i);
    return x;
}

/* SipHash-2-4 of data[0..len) under a 16-byte key. */
static inline uint64_t
siphash24(const unsigned char key[16], const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t k0 = siphash_load_le64(key, 8), k1 = siphash_load_le64(key + 8, 8);
    uint64_t v[4] = { k0 ^ 0x736f6d6570736575ULL, k1 ^ 0x646f72616e646f6dULL,
                      k0 ^ 0x6c7967656e657261ULL, k1 ^ 0x7465646279746573ULL };
    uint64_t m;
    size_t i;

    for (i = 0; i + 8 <= len; i += 8) {         /* every whole 8-byte block */
        m = siphash_load_le64(p + i, 8);
        v[3] ^= m;
        siphash_round(v);
        siphash_round(v);
        v[0] ^= m;
    }
    m = siphash_load_le64(p + i, len - i) | (uint64_t)(len & 0xff) << 56;  /* the tail */
    v[3] ^= m;
    siphash_round(v);
    siphash_round(v);
    v[0] ^= m;
    v[2] ^= 0xff;                               /* finalization */
    for (int r = 0; r < 4; r++)
        siphash_round(v);
    return v[0] ^ v[1] ^ v[2] ^ v[3];
}

#endif

/* ringlab/proof.h — a line that shows the grader this program really ran.
 *
 *   proof_print("ENOSYS OK", nonce);   prints "proof: 5f1c0e2a9b7d4e63"
 *                                      (in the grader's boots only)
 *
 * The 16 hex digits are SipHash-2-4 (Aumasson & Bernstein, 2012), keyed
 * with proof_key, of the message "<what> <nonce>". The grader passes a
 * fresh nonce on the command line, writes a fresh random key into the
 * copy of /bin/<program> it boots (over the placeholder bytes below) and
 * computes the same digest itself (scripts/ringlab/proof.py): the line
 * matches only if this program's code ran and reached `what`, with this
 * run's key. A kernel that merely prints the expected text knows the nonce
 * (it is on its command line) but not the key. */
#ifndef RINGLAB_PROOF_H
#define RINGLAB_PROOF_H

#include <stddef.h>
#include <stdint.h>

/* The key in every program built from the tree is the placeholder
 * "ringlab:proofkey"; the grader replaces these 16 bytes in the copy of
 * the initrd it boots. With the placeholder, proof_print prints nothing,
 * so the programs' output outside the grader is as it always was. */
#define PROOF_PLACEHOLDER "ringlab:proofkey"
extern unsigned char proof_key[16];

/* Prints "proof: <digest of '<what> <nonce>'>" on stdout. */
void proof_print(const char *what, const char *nonce);

#endif

/* rng.h — the demo's one deterministic generator (splitmix64): each part of the demo keeps a
 * stream of its own, seeded from the demo's seed, so one part's draws never shift another's. */
#ifndef CR_DEMO_RNG_H
#define CR_DEMO_RNG_H

#include <stddef.h>

struct cr_rng {
	unsigned long long state;
};

/* Starts a stream at state (the same state gives the same draws). */
void cr_rng_seed(struct cr_rng *r, unsigned long long state);
/* The next 64 random bits. */
unsigned long long cr_rng_next(struct cr_rng *r);
/* Uniform in [0, 1), 53 bits. */
double cr_rng_unit(struct cr_rng *r);
/* Uniform in 0 … n-1 (n > 0). */
size_t cr_rng_below(struct cr_rng *r, size_t n);

#endif

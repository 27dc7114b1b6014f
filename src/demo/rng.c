/* rng.c — splitmix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators",
 * OOPSLA 2014), the demo's one generator. It must keep no state of its own: the caller's stream
 * holds it. */
#include "demo/rng.h"

void cr_rng_seed(struct cr_rng *r, unsigned long long state)
{
	r->state = state;
}

unsigned long long cr_rng_next(struct cr_rng *r)
{
	unsigned long long z = (r->state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

double cr_rng_unit(struct cr_rng *r)
{
	return (double)(cr_rng_next(r) >> 11) / 9007199254740992.0;
}

size_t cr_rng_below(struct cr_rng *r, size_t n)
{
	return (size_t)(cr_rng_unit(r) * (double)n);
}

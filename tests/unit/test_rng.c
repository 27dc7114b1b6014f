/* test_rng.c — the demo's generator against splitmix64's published first outputs from state 0,
 * and streams that do not disturb each other (the demo's counts depend on both). */
#include "demo/rng.h"
#include "harness.h"

TEST(rng_splitmix64_reference_outputs)
{
	struct cr_rng r;
	cr_rng_seed(&r, 0);
	OK(cr_rng_next(&r) == 0xe220a8397b1dcdafULL);
	OK(cr_rng_next(&r) == 0x6e789e6aa1b965f4ULL);
	OK(cr_rng_next(&r) == 0x06c45d188009454fULL);
}

TEST(rng_unit_below_and_separate_streams)
{
	struct cr_rng a, b;
	cr_rng_seed(&a, 42);
	cr_rng_seed(&b, 42);
	DBL_NEAR(cr_rng_unit(&a), 0.7415648787718233, 1e-15);
	(void)cr_rng_next(&b);
	INT_EQ((long long)cr_rng_below(&a, 10), 1);
	INT_EQ((long long)cr_rng_below(&b, 10), 1); /* b is where a is: a's draws left it alone */
	for (int i = 0; i < 1000; i++) {
		double u = cr_rng_unit(&a);
		OK(u >= 0 && u < 1);
	}
}

/* test_grow.c — cr_grow (core/grow.h): capacities double from the minimum, a size that
 * overflows size_t is refused, and a failed growth leaves the array and its capacity as they
 * were. */
#include <stdint.h>
#include <stdlib.h>

#include "core/grow.h"
#include "harness.h"

TEST(grow_doubles_from_the_minimum_and_keeps_contents)
{
	long long *a = NULL;
	size_t cap = 0;
	OK(CR_GROW(a, cap, 1) == 0);
	INT_EQ(cap, 8); /* 64 bytes' worth of 8-byte elements */
	for (size_t i = 0; i < 8; i++)
		a[i] = (long long)i * 3;
	OK(CR_GROW(a, cap, 8) == 0); /* room enough: nothing moves */
	INT_EQ(cap, 8);
	OK(CR_GROW(a, cap, 9) == 0);
	INT_EQ(cap, 16);
	OK(CR_GROW(a, cap, 100) == 0); /* more than twice: exactly what is needed */
	INT_EQ(cap, 100);
	OK(CR_GROW(a, cap, 101) == 0);
	INT_EQ(cap, 200);
	for (size_t i = 0; i < 8; i++)
		INT_EQ(a[i], (long long)i * 3);
	free(a);

	char *s = NULL;
	size_t scap = 0;
	OK(CR_GROW(s, scap, 1) == 0);
	INT_EQ(scap, 64);
	free(s);

	struct big {
		char b[100];
	} *b = NULL;
	size_t bcap = 0;
	OK(CR_GROW(b, bcap, 1) == 0);
	INT_EQ(bcap, 1); /* an element larger than the minimum: one */
	OK(CR_GROW(b, bcap, 2) == 0);
	INT_EQ(bcap, 2);
	free(b);
}

TEST(grow_refuses_an_overflowing_size_and_keeps_the_array)
{
	int *a = NULL;
	size_t cap = 0;
	OK(CR_GROW(a, cap, 3) == 0);
	a[0] = 7, a[1] = 8, a[2] = 9;
	int *was = a;
	size_t capwas = cap;
	OK(CR_GROW(a, cap, SIZE_MAX / sizeof *a + 1) == -1);
	OK(a == was);
	INT_EQ(cap, capwas);
	OK(CR_GROW(a, cap, SIZE_MAX) == -1);
	OK(a == was);
	INT_EQ(cap, capwas);
	INT_EQ(a[0] + a[1] + a[2], 24);
	free(a);
}

TEST(grow_failure_leaves_the_old_array)
{
	/* a size that does not overflow size_t but that no allocator gives (ASan returns NULL for
	 * it: tests/unit/main.c sets allocator_may_return_null) */
	char *s = NULL;
	size_t cap = 0;
	OK(CR_GROW(s, cap, 10) == 0);
	memcpy(s, "kept", 5);
	char *was = s;
	size_t capwas = cap;
	OK(CR_GROW(s, cap, SIZE_MAX / 2) == -1);
	OK(s == was);
	INT_EQ(cap, capwas);
	STR_EQ(s, "kept");
	/* doubling near the top of size_t stops at the largest size, never wraps */
	size_t huge = SIZE_MAX / 2 + 10;
	OK(cr_grow((void **)&s, &huge, SIZE_MAX / 2 + 11, 1) == -1);
	INT_EQ(huge == SIZE_MAX / 2 + 10, 1);
	OK(s == was);
	free(s);
}

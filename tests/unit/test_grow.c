/* test_grow.c — cr_grow (core/grow.h): capacities double from the minimum, a size that
 * overflows size_t is refused, doubling stops at the top of size_t, and a failed growth leaves
 * the array and its capacity as they were. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

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

TEST(grow_capacity_doubles_and_stops_at_the_top_of_size_t)
{
	INT_EQ(cr_grow_capacity(5, 5, 8), 5); /* room enough */
	INT_EQ(cr_grow_capacity(0, 1, 8), 8);
	INT_EQ(cr_grow_capacity(8, 9, 8), 16);
	INT_EQ(cr_grow_capacity(16, 100, 8), 100);
	INT_EQ(cr_grow_capacity(0, 1, 100), 1);
	INT_EQ(cr_grow_capacity(0, 1, 0), 64); /* a size of 0 counts as 1 */
	/* doubling near the top of size_t stops at the largest count, never wraps: twice this
	 * capacity wrapped would be 18, and the growth would ask for exactly what is needed */
	size_t top = SIZE_MAX / 2 + 10;
	OK(cr_grow_capacity(top, top + 1, 1) == SIZE_MAX);
	OK(cr_grow_capacity(SIZE_MAX / 16 + 1, SIZE_MAX / 16 + 2, 8) == SIZE_MAX / 8);
	/* need elements whose bytes overflow size_t: none */
	INT_EQ(cr_grow_capacity(0, SIZE_MAX / 8 + 1, 8), 0);
	INT_EQ(cr_grow_capacity(0, SIZE_MAX, 2), 0);
}

/* Bytes of address space the process holds now (VmSize). */
static size_t address_space(void)
{
	size_t pages = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (f) {
		if (fscanf(f, "%zu", &pages) != 1)
			pages = 0;
		fclose(f);
	}
	return pages * (size_t)sysconf(_SC_PAGESIZE);
}

TEST(grow_failure_leaves_the_old_array)
{
	/* realloc fails for want of address space: for the one call the process may map only
	 * 256 MiB more (RLIMIT_AS) and asks for 4 GiB. A size past what the allocator supports
	 * would fail too, but ASan prints a warning for each such request (allocator_may_return_null
	 * returns NULL quietly only when the memory itself cannot be had, tests/unit/main.c). */
	char *s = NULL;
	size_t cap = 0;
	OK(CR_GROW(s, cap, 10) == 0);
	memcpy(s, "kept", 5);
	char *was = s;
	size_t capwas = cap;
	struct rlimit old;
	OK(getrlimit(RLIMIT_AS, &old) == 0);
	size_t held = address_space();
	OK(held > 0);
	struct rlimit tight = { (rlim_t)held + ((rlim_t)256 << 20), old.rlim_max };
	int limited = setrlimit(RLIMIT_AS, &tight);
	int rc = CR_GROW(s, cap, (size_t)4 << 30);
	OK(setrlimit(RLIMIT_AS, &old) == 0);
	INT_EQ(limited, 0);
	INT_EQ(rc, -1);
	OK(s == was);
	INT_EQ(cap, capwas);
	STR_EQ(s, "kept");
	/* the same growth with the address space back: it succeeds, so the limit made it fail */
	OK(CR_GROW(s, cap, 1 << 20) == 0);
	STR_EQ(s, "kept");
	free(s);
}

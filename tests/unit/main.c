/* main.c — runs every registered unit test and prints "N passed, N failed".
 * An optional argument runs only the tests whose name contains it. */
#include <stdlib.h>

#include "harness.h"

#define MAX_TESTS 2048

struct test {
	const char *name, *file;
	cr_test_fn fn;
};
static struct test tests[MAX_TESTS];
static int ntests;
int cr_test_current_failed;

void cr_test_register(const char *name, const char *file, cr_test_fn fn)
{
	if (ntests == MAX_TESTS) {
		fprintf(stderr, "too many tests; raise MAX_TESTS\n");
		exit(2);
	}
	tests[ntests++] = (struct test){ name, file, fn };
}

void cr_test_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "  FAIL %s:%d: %s\n", file, line, what);
	cr_test_current_failed = 1;
}

/* Under ASan an allocation that cannot be had returns NULL, as malloc would, rather than ending
 * the run: test_grow.c checks that a failed growth leaves the array as it was. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;
	for (int i = 0; i < ntests; i++) {
		if (argc > 1 && !strstr(tests[i].name, argv[1]))
			continue;
		cr_test_current_failed = 0;
		tests[i].fn();
		if (cr_test_current_failed) {
			fprintf(stderr, "not ok %s (%s)\n", tests[i].name, tests[i].file);
			failed++;
		} else {
			passed++;
		}
	}
	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}

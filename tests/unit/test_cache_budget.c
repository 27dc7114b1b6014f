/* test_cache_budget.c — the memory budget (--cache-mb): its default at the boundaries, the
 * query cache keeping no more text than its share, and the process memory reader. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "io/process_memory.h"
#include "store/cache_budget.h"
#include "store/query_cache.h"

#define MiB ((long long)1 << 20)

TEST(cache_budget_default_is_a_quarter_of_the_data_within_bounds)
{
	INT_EQ(cr_cache_budget_default(0), 96 * MiB);
	INT_EQ(cr_cache_budget_default(384 * MiB - 4), 96 * MiB);
	INT_EQ(cr_cache_budget_default(384 * MiB), 96 * MiB);
	INT_EQ(cr_cache_budget_default(384 * MiB + 4), 96 * MiB + 1);
	INT_EQ(cr_cache_budget_default(800 * MiB), 200 * MiB);
	INT_EQ(cr_cache_budget_default(4096 * MiB), 1024 * MiB);
	INT_EQ(cr_cache_budget_default(8192 * MiB), 1024 * MiB);
	INT_EQ(cr_cache_budget_default(80000 * MiB), 1024 * MiB);
}

TEST(query_cache_keeps_no_more_text_than_its_budget)
{
	char *big = malloc(600);
	memset(big, 'x', 599);
	big[599] = 0;
	cr_query_cache_budget(1000); /* room for one 600-byte text, not two */
	cr_count_cache_invalidate();
	cr_text_cache_put("budget-a", big);
	cr_text_cache_put("budget-b", big);
	char *a = cr_text_cache_get("budget-a"), *b = cr_text_cache_get("budget-b");
	OK(a && strcmp(a, big) == 0);
	OK(b == NULL);
	free(a);
	/* replacing a text gives its bytes back first */
	cr_text_cache_put("budget-a", "small");
	cr_text_cache_put("budget-b", big);
	b = cr_text_cache_get("budget-b");
	OK(b && strlen(b) == 599);
	free(b);
	/* totals take no text budget */
	long long t = 0;
	cr_count_cache_put("budget-total", 42);
	OK(cr_count_cache_get("budget-total", &t) && t == 42);
	cr_query_cache_budget(SIZE_MAX);
	cr_count_cache_invalidate();
	free(big);
}

TEST(process_memory_splits_anonymous_and_file_pages)
{
	struct cr_process_memory m;
	INT_EQ(cr_process_memory(&m), 0);
	OK(m.rss > 0 && m.anon > 0 && m.file > 0 && m.virt >= m.rss);
	OK(m.anon + m.file + m.shmem == m.rss);
}

/* cache_budget.c — 60 % of the budget to the units' JSON texts (about 600 bytes a unit: 45 MB
 * at Suzhou's 73,728 units; a unit whose text is not cached is built for every page, which
 * halves the list's throughput), a quarter to the page caches split evenly over the connections
 * (with the file memory-mapped, the page cache mostly holds what mmap cannot: pages being
 * written, temporary b-trees), 15 % to cached query results (totals and statistics). */
#include "store/cache_budget.h"
#include "store/db.h"
#include "store/query_cache.h"
#include "store/unit_index.h"

#define MiB ((size_t)1 << 20)

static size_t budget;

size_t cr_cache_budget_default(long long db_bytes)
{
	size_t b = db_bytes > 0 ? (size_t)db_bytes / 4 : 0;
	return b < 96 * MiB ? 96 * MiB : b > 1024 * MiB ? 1024 * MiB : b;
}

void cr_cache_budget_set(size_t bytes, int connections)
{
	budget = bytes;
	cr_db_page_cache(bytes / 4 / (size_t)(connections > 0 ? connections : 1));
	cr_unit_index_budget(bytes / 100 * 60);
	cr_query_cache_budget(bytes / 100 * 15);
}

size_t cr_cache_budget(void)
{
	return budget;
}

/* cache_budget.h — one memory budget (--cache-mb) shared by every cache the server keeps: the
 * database page caches (one per connection), the units' JSON texts and the query results. */
#ifndef CR_CACHE_BUDGET_H
#define CR_CACHE_BUDGET_H

#include <stddef.h>

/* The default for a database of db_bytes (the SQLite file, or PostgreSQL's database size): a
 * quarter of it, between 96 MiB and 1 GiB — the hot part of a city's data (units' texts, query
 * results) fits, and so does a province's every unit text (60 % of 1 GiB against some 450 MB
 * for 737,280 units), leaving room under 2 GB for the in-memory indexes (about 60 bytes a risk
 * point and 100 a unit, outside the budget: the answers come from them). */
size_t cr_cache_budget_default(long long db_bytes);

/* Splits bytes over the caches, connections being the most that can be open at once (the
 * server's threads plus the main thread and streamed exports). Call before they open. */
void cr_cache_budget_set(size_t bytes, int connections);
/* The budget set (0 when none was). */
size_t cr_cache_budget(void);

#endif

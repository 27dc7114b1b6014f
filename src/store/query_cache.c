/* query_cache.c — a small fixed-size, mutex-guarded map from query key to a total or a text. It
 * must never return a result older than the last write any connection has told it about. */
#include "store/query_cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/db.h"

#define SLOTS 1024
/* Writes are noticed through cr_count_cache_invalidate (this connection's commits, and other
 * connections' via PRAGMA data_version in db.c); the TTL only bounds what a missed signal costs. */
#define TTL_NS 60000000000LL

struct slot {
	char *key;
	char *text; /* NULL for a total */
	long long total;
	unsigned long gen;
	unsigned tables; /* 0: kept until any write; else until a write to these tables */
	long long at_ns;
};

static struct slot slots[SLOTS];
/* Bytes of cached texts and their budget (--cache-mb): a text that would pass it is not kept. */
static size_t text_bytes, text_budget = SIZE_MAX;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_ulong generation = 1;
/* One generation per table told apart (CR_QC_*), moved after a commit that changed the table
 * and by every write another connection made. */
#define NTABLES 2
static atomic_ulong table_gen[NTABLES];
static const char *const table_names[NTABLES] = { "hazards", "departments" };

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static struct slot *slot_for(const char *key)
{
	size_t h = 1469598103934665603ULL;
	for (const char *s = key; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return &slots[h % SLOTS];
}

unsigned long cr_query_cache_tables_generation(unsigned tables)
{
	/* A sum of counters that only grow: equal only while none of them has moved. */
	unsigned long g = 0;
	for (int i = 0; i < NTABLES; i++)
		if (tables & (1u << i))
			g += atomic_load(&table_gen[i]);
	return g;
}

unsigned cr_query_cache_table_bit(const char *table)
{
	for (int i = 0; i < NTABLES; i++)
		if (strcmp(table, table_names[i]) == 0)
			return 1u << i;
	return 0;
}

void cr_query_cache_tables_changed(unsigned tables)
{
	for (int i = 0; i < NTABLES; i++)
		if (tables & (1u << i))
			atomic_fetch_add(&table_gen[i], 1);
}

/* Caller holds the lock. */
static bool fresh(const struct slot *sl, const char *key, bool want_text, unsigned tables)
{
	unsigned long gen =
		tables ? cr_query_cache_tables_generation(tables) : atomic_load(&generation);
	return sl->key && sl->tables == tables && sl->gen == gen && now_ns() - sl->at_ns < TTL_NS &&
	       (sl->text != NULL) == want_text && strcmp(sl->key, key) == 0;
}

static void store_gen(const char *key, const char *text, long long total, unsigned tables,
		      unsigned long gen)
{
	/* an answer read from the replica may be older than the last write the cache has heard of:
	 * only the primary's answers are kept */
	if (cr_db_reading_replica())
		return;
	size_t len = text ? strlen(text) + 1 : 0;
	struct slot *sl = slot_for(key);
	pthread_mutex_lock(&lock);
	if (sl->text)
		text_bytes -= strlen(sl->text) + 1;
	free(sl->key);
	free(sl->text);
	*sl = (struct slot){ 0 };
	if (text_bytes + len <= text_budget) {
		sl->key = strdup(key);
		sl->text = text ? strdup(text) : NULL;
		if (!sl->key || (text && !sl->text)) {
			free(sl->key);
			free(sl->text);
			*sl = (struct slot){ 0 };
		} else {
			sl->total = total;
			sl->gen = gen;
			sl->tables = tables;
			sl->at_ns = now_ns();
			text_bytes += len;
		}
	}
	pthread_mutex_unlock(&lock);
}

static void store(const char *key, const char *text, long long total)
{
	store_gen(key, text, total, 0, atomic_load(&generation));
}

bool cr_count_cache_get(const char *key, long long *total)
{
	struct slot *sl = slot_for(key);
	pthread_mutex_lock(&lock);
	bool hit = fresh(sl, key, false, 0);
	if (hit)
		*total = sl->total;
	pthread_mutex_unlock(&lock);
	return hit;
}

void cr_count_cache_put(const char *key, long long total)
{
	store(key, NULL, total);
}

char *cr_text_cache_get(const char *key)
{
	struct slot *sl = slot_for(key);
	char *out = NULL;
	pthread_mutex_lock(&lock);
	if (fresh(sl, key, true, 0))
		out = strdup(sl->text);
	pthread_mutex_unlock(&lock);
	return out;
}

char *cr_text_cache_get_tables(const char *key, unsigned tables)
{
	struct slot *sl = slot_for(key);
	char *out = NULL;
	pthread_mutex_lock(&lock);
	if (tables && fresh(sl, key, true, tables))
		out = strdup(sl->text);
	pthread_mutex_unlock(&lock);
	return out;
}

void cr_text_cache_put_tables(const char *key, const char *text, unsigned tables, unsigned long gen)
{
	if (tables)
		store_gen(key, text, 0, tables, gen);
}

void cr_text_cache_put(const char *key, const char *text)
{
	store(key, text, 0);
}

void cr_query_cache_budget(size_t bytes)
{
	pthread_mutex_lock(&lock);
	text_budget = bytes;
	pthread_mutex_unlock(&lock);
}

unsigned long cr_query_cache_generation(void)
{
	return atomic_load(&generation);
}

void cr_count_cache_invalidate(void)
{
	atomic_fetch_add(&generation, 1);
}

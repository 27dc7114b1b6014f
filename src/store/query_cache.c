/* query_cache.c — a small fixed-size, mutex-guarded map from query key to a total or a text. It
 * must never return a result older than the last write any connection has told it about. */
#include "store/query_cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
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
	long long ttl_ns;
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
	return sl->key && sl->tables == tables && sl->gen == gen &&
	       cr_clock_mono_ns() - sl->at_ns < sl->ttl_ns && (sl->text != NULL) == want_text &&
	       strcmp(sl->key, key) == 0;
}

static void store_gen(const char *key, const char *text, long long total, unsigned tables,
		      unsigned long gen, long long ttl_ns)
{
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
			sl->at_ns = cr_clock_mono_ns();
			sl->ttl_ns = ttl_ns;
			text_bytes += len;
		}
	}
	pthread_mutex_unlock(&lock);
}

/* An answer read on the read replica (cr_db_reading_replica) may be older than the last write
 * the cache has heard of, by as much as the replica lags: it is kept apart, under its key with
 * REPLICA_PREFIX, for REPLICA_TTL_NS, and only reads on the replica see it (they see the
 * primary's answers first). So the writer's reads, on the primary, never meet it. */
#define REPLICA_PREFIX "replica|"
#define REPLICA_TTL_NS 500000000LL

/* The key an answer of this thread is kept under: key itself, or its replica key in buf (NULL
 * when it does not fit: not kept). */
static const char *own_key(const char *key, char *buf, size_t cap, long long *ttl_ns)
{
	*ttl_ns = TTL_NS;
	if (!cr_db_reading_replica())
		return key;
	*ttl_ns = REPLICA_TTL_NS;
	return (size_t)snprintf(buf, cap, REPLICA_PREFIX "%s", key) < cap ? buf : NULL;
}

static void store(const char *key, const char *text, long long total, unsigned tables,
		  unsigned long gen)
{
	char buf[512];
	long long ttl;
	const char *k = own_key(key, buf, sizeof buf, &ttl);
	if (k)
		store_gen(k, text, total, tables, gen, ttl);
}

/* The slot holding key's answer, locked, or NULL (unlocked); on the replica the primary's
 * answer first, then the replica's own. */
static struct slot *find(const char *key, bool want_text, unsigned tables)
{
	char buf[512];
	long long ttl;
	const char *keys[2] = { key, own_key(key, buf, sizeof buf, &ttl) };
	for (int i = 0; i < 2 && keys[i] && (i == 0 || keys[1] != key); i++) {
		struct slot *sl = slot_for(keys[i]);
		pthread_mutex_lock(&lock);
		if (fresh(sl, keys[i], want_text, tables))
			return sl;
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

bool cr_count_cache_get(const char *key, long long *total)
{
	struct slot *sl = find(key, false, 0);
	if (!sl)
		return false;
	*total = sl->total;
	pthread_mutex_unlock(&lock);
	return true;
}

void cr_count_cache_put(const char *key, long long total)
{
	store(key, NULL, total, 0, atomic_load(&generation));
}

void cr_count_cache_put_fresh(const char *key, long long total)
{
	store_gen(key, NULL, total, 0, atomic_load(&generation), TTL_NS);
}

char *cr_text_cache_get(const char *key)
{
	struct slot *sl = find(key, true, 0);
	if (!sl)
		return NULL;
	char *out = strdup(sl->text);
	pthread_mutex_unlock(&lock);
	return out;
}

char *cr_text_cache_get_tables(const char *key, unsigned tables)
{
	struct slot *sl = tables ? find(key, true, tables) : NULL;
	if (!sl)
		return NULL;
	char *out = strdup(sl->text);
	pthread_mutex_unlock(&lock);
	return out;
}

void cr_text_cache_put_tables(const char *key, const char *text, unsigned tables, unsigned long gen)
{
	if (tables)
		store(key, text, 0, tables, gen);
}

void cr_text_cache_put(const char *key, const char *text)
{
	store(key, text, 0, 0, atomic_load(&generation));
}

void cr_query_cache_budget(size_t bytes)
{
	pthread_mutex_lock(&lock);
	text_budget = bytes;
	pthread_mutex_unlock(&lock);
}

size_t cr_query_cache_bytes(void)
{
	pthread_mutex_lock(&lock);
	size_t n = text_bytes;
	pthread_mutex_unlock(&lock);
	return n;
}

unsigned long cr_query_cache_generation(void)
{
	return atomic_load(&generation);
}

void cr_count_cache_invalidate(void)
{
	atomic_fetch_add(&generation, 1);
}

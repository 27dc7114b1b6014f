/* query_cache.c — a small fixed-size, mutex-guarded map from query key to a total or a text. It
 * must never return a result older than the last write any connection has told it about. */
#include "store/query_cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SLOTS 1024
/* Writes are noticed through cr_count_cache_invalidate (this connection's commits, and other
 * connections' via PRAGMA data_version in db.c); the TTL only bounds what a missed signal costs. */
#define TTL_NS 60000000000LL

struct slot {
	char *key;
	char *text; /* NULL for a total */
	long long total;
	unsigned long gen;
	long long at_ns;
};

static struct slot slots[SLOTS];
/* Bytes of cached texts and their budget (--cache-mb): a text that would pass it is not kept. */
static size_t text_bytes, text_budget = SIZE_MAX;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_ulong generation = 1;

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

/* Caller holds the lock. */
static bool fresh(const struct slot *sl, const char *key, bool want_text)
{
	return sl->key && sl->gen == atomic_load(&generation) && now_ns() - sl->at_ns < TTL_NS &&
	       (sl->text != NULL) == want_text && strcmp(sl->key, key) == 0;
}

static void store(const char *key, const char *text, long long total)
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
			sl->gen = atomic_load(&generation);
			sl->at_ns = now_ns();
			text_bytes += len;
		}
	}
	pthread_mutex_unlock(&lock);
}

bool cr_count_cache_get(const char *key, long long *total)
{
	struct slot *sl = slot_for(key);
	pthread_mutex_lock(&lock);
	bool hit = fresh(sl, key, false);
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
	if (fresh(sl, key, true))
		out = strdup(sl->text);
	pthread_mutex_unlock(&lock);
	return out;
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

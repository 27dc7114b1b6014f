/* query_cache.c — a small fixed-size, mutex-guarded map from query key to a total or a text. It
 * must never return a result older than the last write any connection has told it about. */
#include "store/query_cache.h"

#include <pthread.h>
#include <stdatomic.h>
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
	char *k = strdup(key), *t = text ? strdup(text) : NULL;
	if (!k || (text && !t)) {
		free(k);
		free(t);
		return;
	}
	struct slot *sl = slot_for(key);
	pthread_mutex_lock(&lock);
	free(sl->key);
	free(sl->text);
	*sl = (struct slot){ k, t, total, atomic_load(&generation), now_ns() };
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

unsigned long cr_query_cache_generation(void)
{
	return atomic_load(&generation);
}

void cr_count_cache_invalidate(void)
{
	atomic_fetch_add(&generation, 1);
}

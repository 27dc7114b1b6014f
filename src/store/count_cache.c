/* count_cache.c — a small fixed-size, mutex-guarded map from query key to total. It must never
 * return a total older than the last write of this process; writes by other processes (the CLI
 * importing beside a running server) show within a second. */
#include "store/count_cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SLOTS 1024
#define TTL_NS 1000000000LL

struct slot {
	char *key;
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

static size_t hash(const char *s)
{
	size_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h % SLOTS;
}

bool cr_count_cache_get(const char *key, long long *total)
{
	struct slot *sl = &slots[hash(key)];
	bool hit = false;
	pthread_mutex_lock(&lock);
	if (sl->key && sl->gen == atomic_load(&generation) && now_ns() - sl->at_ns < TTL_NS &&
	    strcmp(sl->key, key) == 0) {
		*total = sl->total;
		hit = true;
	}
	pthread_mutex_unlock(&lock);
	return hit;
}

void cr_count_cache_put(const char *key, long long total)
{
	char *copy = strdup(key);
	if (!copy)
		return;
	struct slot *sl = &slots[hash(key)];
	pthread_mutex_lock(&lock);
	free(sl->key);
	*sl = (struct slot){ copy, total, atomic_load(&generation), now_ns() };
	pthread_mutex_unlock(&lock);
}

void cr_count_cache_invalidate(void)
{
	atomic_fetch_add(&generation, 1);
}

/* login_guard.c — in-memory delays for failed log-ins (per login, per address) and the password
 * hashing semaphore. It must not know HTTP or the database; auth.c and api_session.c call it. */
#include "service/login_guard.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define SLOTS 4096
#define KEY_LEN 72 /* "l:" + a 63-character login, or "a:" + an IPv6 address */

struct slot {
	char key[KEY_LEN];
	int failures;
	double last;  /* time of the last failure (or fade step) */
	double until; /* no attempt before this */
};

static struct slot slots[SLOTS];
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

double cr_guard_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void make_key(char out[KEY_LEN], char kind, const char *v)
{
	snprintf(out, KEY_LEN, "%c:%s", kind, v ? v : "");
}

/* An address's failures fade with time; a login's wait for a success. */
static void fade(struct slot *s, double now)
{
	if (s->key[0] != 'a' || s->failures == 0)
		return;
	int steps = (int)((now - s->last) / CR_GUARD_ADDR_FADE_S);
	if (steps <= 0)
		return;
	s->failures = steps >= s->failures ? 0 : s->failures - steps;
	s->last += steps * (double)CR_GUARD_ADDR_FADE_S;
}

/* The slot of key, or NULL; with make, a new one in place of an empty slot, else the one idle
 * (no failures, no delay) longest, else the oldest. */
static struct slot *find(const char *key, bool make, double now)
{
	struct slot *victim = NULL;
	int vrank = 3;
	for (size_t i = 0; i < SLOTS; i++) {
		struct slot *s = &slots[i];
		if (s->key[0] && strcmp(s->key, key) == 0) {
			fade(s, now);
			return s;
		}
		int rank = !s->key[0] ? 0 : (s->failures == 0 && s->until <= now) ? 1 : 2;
		if (make && (rank < vrank || (rank == vrank && s->last < victim->last))) {
			victim = s;
			vrank = rank;
		}
	}
	if (!victim)
		return NULL;
	memset(victim, 0, sizeof *victim);
	snprintf(victim->key, KEY_LEN, "%s", key);
	victim->last = now;
	return victim;
}

static int wait_of(const char *key, double now)
{
	struct slot *s = find(key, false, now);
	if (!s || s->until <= now)
		return 0;
	double left = s->until - now;
	int secs = (int)left;
	return secs < left ? secs + 1 : secs;
}

int cr_guard_wait(const char *login, const char *addr, double now)
{
	char lk[KEY_LEN], ak[KEY_LEN];
	make_key(lk, 'l', login);
	make_key(ak, 'a', addr);
	pthread_mutex_lock(&mu);
	int a = wait_of(lk, now), b = addr ? wait_of(ak, now) : 0;
	pthread_mutex_unlock(&mu);
	return a > b ? a : b;
}

static void fail(const char *key, int free, double now)
{
	struct slot *s = find(key, true, now);
	s->failures++;
	s->last = now;
	if (s->failures < free)
		return;
	int over = s->failures - free;
	double delay = over >= 10 ? CR_GUARD_MAX_DELAY_S : (double)(1 << over);
	s->until = now + (delay > CR_GUARD_MAX_DELAY_S ? CR_GUARD_MAX_DELAY_S : delay);
}

void cr_guard_failed(const char *login, const char *addr, double now)
{
	char lk[KEY_LEN], ak[KEY_LEN];
	make_key(lk, 'l', login);
	make_key(ak, 'a', addr);
	pthread_mutex_lock(&mu);
	fail(lk, CR_GUARD_LOGIN_FREE, now);
	if (addr)
		fail(ak, CR_GUARD_ADDR_FREE, now);
	pthread_mutex_unlock(&mu);
}

void cr_guard_passed(const char *login)
{
	char lk[KEY_LEN];
	make_key(lk, 'l', login);
	pthread_mutex_lock(&mu);
	struct slot *s = find(lk, false, 0);
	if (s)
		memset(s, 0, sizeof *s);
	pthread_mutex_unlock(&mu);
}

void cr_guard_reset(void)
{
	pthread_mutex_lock(&mu);
	memset(slots, 0, sizeof slots);
	pthread_mutex_unlock(&mu);
}

/* ===== The hashing semaphore ===== */

static pthread_mutex_t hash_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hash_cv = PTHREAD_COND_INITIALIZER;
static int hashing;

bool cr_guard_hash_begin(int wait_ms)
{
	struct timespec deadline;
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += wait_ms / 1000;
	deadline.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&hash_mu);
	int rc = 0;
	while (hashing >= CR_GUARD_HASHES && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&hash_cv, &hash_mu, &deadline);
	bool got = hashing < CR_GUARD_HASHES;
	if (got)
		hashing++;
	pthread_mutex_unlock(&hash_mu);
	return got;
}

void cr_guard_hash_end(void)
{
	pthread_mutex_lock(&hash_mu);
	hashing--;
	pthread_cond_signal(&hash_cv);
	pthread_mutex_unlock(&hash_mu);
}

/* login_guard.c — the arithmetic of delays after failed log-ins (per login, per address) and the
 * password hashing semaphore. It must not know HTTP or the database: service/auth.c keeps the
 * counts in the database (store/login_throttle.c), so every server on it holds the same. */
#include "service/login_guard.h"

#include <errno.h>
#include <pthread.h>
#include <time.h>

double cr_guard_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cr_guard_fade(struct cr_guard_count *s, double now)
{
	if (s->failures == 0)
		return;
	int steps = (int)((now - s->last) / CR_GUARD_ADDR_FADE_S);
	if (steps <= 0)
		return;
	s->failures = steps >= s->failures ? 0 : s->failures - steps;
	s->last += steps * (double)CR_GUARD_ADDR_FADE_S;
}

int cr_guard_wait_of(const struct cr_guard_count *s, double now)
{
	if (s->until <= now)
		return 0;
	double left = s->until - now;
	int secs = (int)left;
	return secs < left ? secs + 1 : secs;
}

void cr_guard_fail(struct cr_guard_count *s, int free, double now)
{
	s->failures++;
	s->last = now;
	if (s->failures < free)
		return;
	int over = s->failures - free;
	double delay = over >= 10 ? CR_GUARD_MAX_DELAY_S : (double)(1 << over);
	s->until = now + (delay > CR_GUARD_MAX_DELAY_S ? CR_GUARD_MAX_DELAY_S : delay);
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

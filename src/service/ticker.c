/* ticker.c — the one periodic background thread: run, wait for the period, a kick or the stop,
 * run again. It knows no job. */
#include "service/ticker.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

struct cr_ticker {
	struct cr_db *db;
	int period_s;
	cr_ticker_fn fn;
	void *ctx;
	bool stop, kicked;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t thread;
};

static void *ticker_main(void *arg)
{
	struct cr_ticker *t = arg;
	struct cr_conn *c = cr_db_conn(t->db);
	pthread_mutex_lock(&t->mu);
	while (!t->stop) {
		t->kicked = false;
		pthread_mutex_unlock(&t->mu);
		bool again = t->fn(c, t->ctx);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += t->period_s;
		pthread_mutex_lock(&t->mu);
		while (!t->stop && !t->kicked && !again &&
		       pthread_cond_timedwait(&t->cv, &t->mu, &until) == 0)
			;
	}
	pthread_mutex_unlock(&t->mu);
	cr_db_thread_done();
	return NULL;
}

struct cr_ticker *cr_ticker_start(struct cr_db *db, int period_s, cr_ticker_fn fn, void *ctx)
{
	struct cr_ticker *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	*t = (struct cr_ticker){
		.db = db, .period_s = period_s > 0 ? period_s : 60, .fn = fn, .ctx = ctx
	};
	pthread_mutex_init(&t->mu, NULL);
	pthread_cond_init(&t->cv, NULL);
	if (pthread_create(&t->thread, NULL, ticker_main, t) != 0) {
		pthread_mutex_destroy(&t->mu);
		pthread_cond_destroy(&t->cv);
		free(t);
		return NULL;
	}
	return t;
}

void cr_ticker_kick(struct cr_ticker *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&t->mu);
	t->kicked = true;
	pthread_cond_signal(&t->cv);
	pthread_mutex_unlock(&t->mu);
}

void cr_ticker_stop(struct cr_ticker *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&t->mu);
	t->stop = true;
	pthread_cond_signal(&t->cv);
	pthread_mutex_unlock(&t->mu);
	pthread_join(t->thread, NULL);
	pthread_mutex_destroy(&t->mu);
	pthread_cond_destroy(&t->cv);
	free(t);
}

/* ticker.c — a background job on the one periodic thread (core/periodic.h) with a database
 * connection of its own, run by the server that leads it. It knows no job. */
#include "service/ticker.h"

#include <stdlib.h>

#include "core/periodic.h"

struct cr_ticker {
	struct cr_db *db;
	const char *job;
	cr_ticker_fn fn;
	void *ctx;
	struct cr_conn *c; /* the thread's, opened at its first run */
	bool opened;
	struct cr_periodic *thread;
};

static bool ticker_step(void *arg)
{
	struct cr_ticker *t = arg;
	if (!t->opened) {
		t->c = cr_db_conn(t->db);
		t->opened = true;
	}
	/* several servers on one database: the job runs on the one that leads it */
	return t->c && (!t->job || cr_db_job_lead(t->c, t->job)) ? t->fn(t->c, t->ctx) : false;
}

static void ticker_end(void *arg)
{
	(void)arg;
	cr_db_thread_done();
}

struct cr_ticker *cr_ticker_start(struct cr_db *db, const char *job, int period_s, cr_ticker_fn fn,
				  void *ctx)
{
	return cr_ticker_start_ms(db, job, (period_s > 0 ? period_s : 60) * 1000, fn, ctx);
}

struct cr_ticker *cr_ticker_start_ms(struct cr_db *db, const char *job, int period_ms,
				     cr_ticker_fn fn, void *ctx)
{
	struct cr_ticker *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	*t = (struct cr_ticker){ .db = db, .job = job, .fn = fn, .ctx = ctx };
	if (!(t->thread = cr_periodic_start(period_ms > 0 ? period_ms : 1000, ticker_step,
					    ticker_end, t))) {
		free(t);
		return NULL;
	}
	return t;
}

void cr_ticker_kick(struct cr_ticker *t)
{
	if (t)
		cr_periodic_kick(t->thread);
}

void cr_ticker_stop(struct cr_ticker *t)
{
	if (!t)
		return;
	cr_periodic_stop(t->thread);
	free(t);
}

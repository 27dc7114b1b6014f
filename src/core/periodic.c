/* periodic.c — a thread that runs a step, then waits for its period, a kick or the stop
 * (periodic.h). It must not know what the step does. */
#include "core/periodic.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

struct cr_periodic {
	int period_ms;
	cr_periodic_fn step;
	cr_periodic_end_fn end;
	void *ctx;
	bool stop, kicked;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t thread;
};

static void *periodic_main(void *arg)
{
	struct cr_periodic *p = arg;
	pthread_mutex_lock(&p->mu);
	while (!p->stop) {
		p->kicked = false;
		pthread_mutex_unlock(&p->mu);
		bool again = p->step(p->ctx);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += p->period_ms / 1000;
		until.tv_nsec += (long)(p->period_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_mutex_lock(&p->mu);
		while (!p->stop && !p->kicked && !again &&
		       pthread_cond_timedwait(&p->cv, &p->mu, &until) == 0)
			;
	}
	pthread_mutex_unlock(&p->mu);
	if (p->end)
		p->end(p->ctx);
	return NULL;
}

struct cr_periodic *cr_periodic_start(int period_ms, cr_periodic_fn step, cr_periodic_end_fn end,
				      void *ctx)
{
	struct cr_periodic *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	*p = (struct cr_periodic){
		.period_ms = period_ms > 0 ? period_ms : 1, .step = step, .end = end, .ctx = ctx
	};
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	if (pthread_create(&p->thread, NULL, periodic_main, p) != 0) {
		pthread_mutex_destroy(&p->mu);
		pthread_cond_destroy(&p->cv);
		free(p);
		return NULL;
	}
	return p;
}

/* Under nothing: sets flag (kicked or stop) and wakes the thread. */
static void signal_thread(struct cr_periodic *p, bool stop)
{
	pthread_mutex_lock(&p->mu);
	if (stop)
		p->stop = true;
	else
		p->kicked = true;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

void cr_periodic_kick(struct cr_periodic *p)
{
	if (p)
		signal_thread(p, false);
}

void cr_periodic_stop(struct cr_periodic *p)
{
	if (!p)
		return;
	signal_thread(p, true);
	pthread_join(p->thread, NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p);
}

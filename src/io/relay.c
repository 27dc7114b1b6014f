/* relay.c — see relay.h. */
#include "io/relay.h"

static void *run(void *arg)
{
	struct cr_relay *r = arg;
	pthread_mutex_lock(&r->mu);
	for (;;) {
		while (r->done == r->passed && !r->stop)
			pthread_cond_wait(&r->work, &r->mu);
		if (r->done == r->passed)
			break;
		size_t slot = r->done % r->n;
		pthread_mutex_unlock(&r->mu);
		r->consume(r->ctx, slot);
		pthread_mutex_lock(&r->mu);
		r->done++;
		pthread_cond_signal(&r->space);
	}
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

void cr_relay_init(struct cr_relay *r, size_t n, void (*consume)(void *ctx, size_t slot), void *ctx)
{
	*r = (struct cr_relay){ .n = n, .consume = consume, .ctx = ctx };
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->work, NULL);
	pthread_cond_init(&r->space, NULL);
}

int cr_relay_start(struct cr_relay *r)
{
	if (!r->started)
		r->started = pthread_create(&r->thread, NULL, run, r) == 0;
	return r->started ? 0 : -1;
}

size_t cr_relay_slot(const struct cr_relay *r)
{
	return r->passed % r->n;
}

void cr_relay_pass(struct cr_relay *r)
{
	if (!r->started) {
		r->consume(r->ctx, r->passed % r->n);
		return;
	}
	pthread_mutex_lock(&r->mu);
	r->passed++;
	pthread_cond_signal(&r->work);
	while (r->passed - r->done >= r->n)
		pthread_cond_wait(&r->space, &r->mu);
	pthread_mutex_unlock(&r->mu);
}

void cr_relay_wait(struct cr_relay *r)
{
	if (!r->started)
		return;
	pthread_mutex_lock(&r->mu);
	while (r->done != r->passed)
		pthread_cond_wait(&r->space, &r->mu);
	pthread_mutex_unlock(&r->mu);
}

void cr_relay_end(struct cr_relay *r)
{
	if (r->started) {
		pthread_mutex_lock(&r->mu);
		r->stop = true;
		pthread_cond_signal(&r->work);
		pthread_mutex_unlock(&r->mu);
		pthread_join(r->thread, NULL);
		r->started = false;
	}
	pthread_mutex_destroy(&r->mu);
	pthread_cond_destroy(&r->work);
	pthread_cond_destroy(&r->space);
}

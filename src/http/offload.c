/* offload.c — slow answers made on threads of their own. libmicrohttpd's pool gives each
 * connection to one pool thread for its whole life, and that thread serves its connections one
 * call at a time: a handler that works for seconds there (a city report, a city-wide workbook)
 * would hold every other connection the thread owns for as long. The server suspends such a
 * request's connection instead and queues its handler here; a worker runs it and resumes the
 * connection, whose pool thread then sends the answer. */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "http/offload.h"

struct task {
	void (*fn)(void *);
	void *arg;
	struct task *next;
};

static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct task *head, *tail;
	unsigned queued, busy;
	pthread_t workers[CR_OFFLOAD_WORKERS];
	unsigned nworkers;
	bool closing;
} q = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };

/* Takes tasks until told to close and nothing is left: a queued answer is still made at a stop,
 * because its connection is suspended and the daemon must not stop with it so. */
static void *worker(void *unused)
{
	(void)unused;
	pthread_mutex_lock(&q.mu);
	for (;;) {
		while (!q.head && !q.closing)
			pthread_cond_wait(&q.cv, &q.mu);
		struct task *t = q.head;
		if (!t)
			break;
		q.head = t->next;
		if (!q.head)
			q.tail = NULL;
		q.queued--;
		q.busy++;
		pthread_mutex_unlock(&q.mu);
		t->fn(t->arg);
		free(t);
		pthread_mutex_lock(&q.mu);
		q.busy--;
	}
	pthread_mutex_unlock(&q.mu);
	return NULL;
}

int cr_offload_start(void)
{
	pthread_mutex_lock(&q.mu);
	q.closing = false;
	while (q.nworkers < CR_OFFLOAD_WORKERS &&
	       pthread_create(&q.workers[q.nworkers], NULL, worker, NULL) == 0)
		q.nworkers++;
	bool ok = q.nworkers == CR_OFFLOAD_WORKERS;
	pthread_mutex_unlock(&q.mu);
	if (!ok)
		cr_offload_stop();
	return ok ? 0 : -1;
}

int cr_offload_submit(void (*fn)(void *), void *arg)
{
	struct task *t = malloc(sizeof *t);
	if (!t)
		return -1;
	*t = (struct task){ .fn = fn, .arg = arg };
	pthread_mutex_lock(&q.mu);
	bool ok = !q.closing && q.nworkers && q.queued < CR_OFFLOAD_QUEUE;
	if (ok) {
		if (q.tail)
			q.tail->next = t;
		else
			q.head = t;
		q.tail = t;
		q.queued++;
		pthread_cond_signal(&q.cv);
	}
	pthread_mutex_unlock(&q.mu);
	if (!ok)
		free(t);
	return ok ? 0 : -1;
}

void cr_offload_stop(void)
{
	pthread_mutex_lock(&q.mu);
	q.closing = true;
	pthread_cond_broadcast(&q.cv);
	unsigned n = q.nworkers;
	q.nworkers = 0;
	pthread_mutex_unlock(&q.mu);
	for (unsigned i = 0; i < n; i++)
		pthread_join(q.workers[i], NULL);
}

void cr_offload_load(unsigned *running, unsigned *queued)
{
	pthread_mutex_lock(&q.mu);
	*running = q.busy;
	*queued = q.queued;
	pthread_mutex_unlock(&q.mu);
}

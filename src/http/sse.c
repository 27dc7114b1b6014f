/* sse.c — GET /api/v1/events: the logged-in user's alerts as Server-Sent Events. Streams hold no
 * thread: a stream with nothing to send suspends its connection (MHD_suspend_connection from the
 * content reader), and a new alert or the keep-alive resumes it. Each stream's unsent events have
 * a budget (QUEUE_CAP): a client that falls further behind is dropped, its queue freed at once,
 * so memory is bounded by streams x budget, not by how slow a client is. It holds no alert
 * rule: who receives what is service/alert.c's cr_alert_visible. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/grow.h"
#include "core/jsonx.h"
#include "http/api.h"
#include "service/alert.h"

/* A stream's unsent bytes are capped: a client that falls this far behind is dropped. */
#define QUEUE_CAP (256u * 1024u)
/* The kernel's send buffer of a stream (SO_SNDBUF; Linux doubles it): without it the kernel
 * grows a socket's buffer to 4 MiB for a client that does not read, before the budget counts. */
#define SOCKET_SNDBUF (16 * 1024)
/* A comment line keeps proxies from closing an idle stream and finds clients that left. */
#define PING_SECONDS 20
/* Bytes MHD asks for at once: events are small, and thousands of streams each hold a buffer. */
#define BLOCK_SIZE 4096u

struct stream {
	struct stream *prev, *next;
	struct MHD_Connection *conn;
	struct cr_user user;
	struct cr_alert_subscription sub; /* what the user subscribed to, when has_sub */
	bool has_sub;
	char *buf;
	size_t len, cap;
	bool suspended; /* the reader suspended the connection; only a resume wakes it */
	bool ended;     /* the reader answered the end of the stream */
	bool overflow;
};

static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;      /* a stream ended or left */
	pthread_cond_t ping_cv; /* the server stops */
	struct stream *head;
	size_t count, live;
	size_t held; /* bytes allocated for the streams' queues */
	bool closing, running;
	pthread_t pinger;
} hub = { .mu = PTHREAD_MUTEX_INITIALIZER,
	  .cv = PTHREAD_COND_INITIALIZER,
	  .ping_cv = PTHREAD_COND_INITIALIZER };

static atomic_ullong dropped; /* streams dropped for falling behind, since the start */

/* Under hub.mu: the stream's queue freed (an idle stream or a dropped one holds none). */
static void queue_free(struct stream *s)
{
	hub.held -= s->cap;
	free(s->buf);
	s->buf = NULL;
	s->len = s->cap = 0;
}

/* Under hub.mu: the client fell behind (or memory ran out): its queue goes now, and the reader
 * ends the stream at its next call (the client reconnects and reads the alerts list). */
static void drop(struct stream *s, const char *why)
{
	s->overflow = true;
	queue_free(s);
	atomic_fetch_add_explicit(&dropped, 1, memory_order_relaxed);
	fprintf(stderr, "cityrisk: event stream of %s dropped: %s\n", s->user.login, why);
}

/* Under hub.mu. */
static void append(struct stream *s, const char *text, size_t n)
{
	if (s->overflow)
		return;
	if (s->len + n > QUEUE_CAP) {
		drop(s, "more than 256 KiB of events unsent (a client that does not read)");
		return;
	}
	size_t was = s->cap;
	if (CR_GROW(s->buf, s->cap, s->len + n)) {
		drop(s, "out of memory");
		return;
	}
	hub.held += s->cap - was;
	memcpy(s->buf + s->len, text, n);
	s->len += n;
}

/* Under hub.mu. */
static void wake(struct stream *s)
{
	if (s->suspended) {
		s->suspended = false;
		MHD_resume_connection(s->conn);
	}
}

/* The listener service/alert.c calls after a commit: the alert as one event to every stream
 * whose user it reaches. */
static void on_alert(const json_t *alert)
{
	char *data = cr_json_dump(alert);
	if (!data)
		return;
	size_t cap = strlen(data) + 64;
	char *ev = malloc(cap);
	const char *rule = json_string_value(json_object_get(alert, "rule"));
	const char *level = json_string_value(json_object_get(alert, "level"));
	const char *region = json_string_value(json_object_get(alert, "region"));
	if (ev) {
		int n = snprintf(ev, cap, "id: %lld\nevent: alert\ndata: %s\n\n",
				 (long long)json_integer_value(json_object_get(alert, "id")), data);
		pthread_mutex_lock(&hub.mu);
		/* an alert committed while the server stops reaches no stream: they are ending */
		for (struct stream *s = hub.closing ? NULL : hub.head; s; s = s->next)
			if (!s->ended && cr_alert_visible(&s->user, alert) &&
			    cr_alert_subscribed(s->has_sub ? &s->sub : NULL, rule, level, region)) {
				append(s, ev, (size_t)n);
				wake(s);
			}
		pthread_mutex_unlock(&hub.mu);
	}
	free(ev);
	free(data);
}

/* 0 with bytes, 0 with n == 0 at the end, 1 when there is nothing yet (suspended). */
static int sse_read(void *ctx, char *buf, size_t cap, size_t *n)
{
	struct stream *s = ctx;
	int rc = 0;
	pthread_mutex_lock(&hub.mu);
	if (s->len) {
		*n = s->len < cap ? s->len : cap;
		memcpy(buf, s->buf, *n);
		memmove(s->buf, s->buf + *n, s->len - *n);
		s->len -= *n;
		if (!s->len)
			queue_free(s); /* an idle stream holds no buffer */
	} else if (hub.closing || s->overflow) {
		*n = 0;
		if (!s->ended) {
			s->ended = true;
			hub.live--;
			pthread_cond_broadcast(&hub.cv);
		}
		rc = s->overflow ? -1 : 0; /* a stream that fell behind is cut: it reconnects */
	} else {
		s->suspended = true;
		MHD_suspend_connection(s->conn);
		rc = 1;
	}
	pthread_mutex_unlock(&hub.mu);
	return rc;
}

static void sse_done(void *ctx)
{
	struct stream *s = ctx;
	pthread_mutex_lock(&hub.mu);
	if (s->prev)
		s->prev->next = s->next;
	else
		hub.head = s->next;
	if (s->next)
		s->next->prev = s->prev;
	hub.count--;
	if (!s->ended)
		hub.live--;
	queue_free(s);
	pthread_cond_broadcast(&hub.cv);
	pthread_mutex_unlock(&hub.mu);
	free(s);
}

int cr_api_events(struct cr_req *r)
{
	static const char hello[] = "retry: 3000\n: connected\n\n";
	struct stream *s = calloc(1, sizeof *s);
	if (!s)
		return cr_err_set(&r->err, 500, "oom", "", "out of memory");
	s->conn = r->conn;
	s->user = r->user;
	if (cr_alert_subscription_load(r->db, &r->user, &s->sub, &s->has_sub, &r->err)) {
		free(s);
		return -1;
	}
	pthread_mutex_lock(&hub.mu);
	if (hub.closing) {
		pthread_mutex_unlock(&hub.mu);
		free(s);
		return cr_err_set(&r->err, 503, "unavailable", "", "the server is stopping");
	}
	append(s, hello, sizeof hello - 1);
	s->next = hub.head;
	if (hub.head)
		hub.head->prev = s;
	hub.head = s;
	hub.count++;
	hub.live++;
	pthread_mutex_unlock(&hub.mu);
	/* A stream is idle by nature: the keep-alive, not the idle timeout, finds dead peers. */
	MHD_set_connection_option(r->conn, MHD_CONNECTION_OPTION_TIMEOUT, 0u);
	const union MHD_ConnectionInfo *fd =
		MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	int sndbuf = SOCKET_SNDBUF;
	if (fd)
		setsockopt(fd->connect_fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
	r->stream_block = BLOCK_SIZE;
	return cr_reply_stream(r, 200, "text/event-stream; charset=utf-8", sse_read, sse_done, s);
}

static void *ping_main(void *arg)
{
	(void)arg;
	static const char ping[] = ": ping\n\n";
	pthread_mutex_lock(&hub.mu);
	while (!hub.closing) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += PING_SECONDS;
		while (!hub.closing && pthread_cond_timedwait(&hub.ping_cv, &hub.mu, &until) == 0)
			;
		if (hub.closing)
			break;
		for (struct stream *s = hub.head; s; s = s->next)
			if (s->suspended) {
				append(s, ping, sizeof ping - 1);
				wake(s);
			}
	}
	pthread_mutex_unlock(&hub.mu);
	return NULL;
}

int cr_sse_start(void)
{
	cr_alert_listen(on_alert);
	pthread_mutex_lock(&hub.mu);
	hub.closing = false;
	hub.running = pthread_create(&hub.pinger, NULL, ping_main, NULL) == 0;
	pthread_mutex_unlock(&hub.mu);
	return hub.running ? 0 : -1;
}

void cr_sse_stop(void)
{
	pthread_mutex_lock(&hub.mu);
	hub.closing = true;
	for (struct stream *s = hub.head; s; s = s->next)
		wake(s);
	pthread_cond_broadcast(&hub.ping_cv);
	/* Let each stream answer its end before the daemon stops (it must not stop with a
	 * connection suspended); a client that reads nothing is cut off by the stop. */
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 2;
	while (hub.live && pthread_cond_timedwait(&hub.cv, &hub.mu, &until) == 0)
		;
	bool join = hub.running;
	hub.running = false;
	pthread_mutex_unlock(&hub.mu);
	if (join)
		pthread_join(hub.pinger, NULL);
	cr_alert_listen(NULL);
}

void cr_sse_stats(struct cr_sse_stats *st)
{
	pthread_mutex_lock(&hub.mu);
	st->streams = hub.count;
	st->queued_bytes = hub.held;
	pthread_mutex_unlock(&hub.mu);
	st->dropped = atomic_load_explicit(&dropped, memory_order_relaxed);
}

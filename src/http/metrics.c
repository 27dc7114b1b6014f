/* metrics.c — GET /metrics in the Prometheus text exposition format (version 0.0.4): requests
 * by status class and a latency histogram, open connections, resident memory split into the
 * process's own (anonymous) memory and mapped database pages, and the database's size on disk.
 * The counters are updated by the server on every API answer with relaxed atomics: they are
 * statistics, not synchronisation. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/api.h"
#include "http/figures.h"

/* Upper bounds (seconds) of the latency buckets; the last bucket is +Inf. */
static const double bounds[] = { 0.001, 0.005, 0.025, 0.1, 0.5, 2.5 };
enum { NBOUNDS = sizeof bounds / sizeof bounds[0] };

static atomic_ullong by_class[6]; /* [1..5] = 1xx..5xx */
static atomic_ullong buckets[NBOUNDS + 1];
static atomic_ullong micros_sum;
static time_t started;

void cr_metrics_start(void)
{
	started = time(NULL);
}

time_t cr_metrics_started(void)
{
	return started;
}

void cr_metrics_requests(unsigned long long out[6])
{
	for (int c = 0; c < 6; c++)
		out[c] = atomic_load_explicit(&by_class[c], memory_order_relaxed);
}

void cr_metrics_observe(int status, double seconds)
{
	int cls = status / 100;
	atomic_fetch_add_explicit(&by_class[cls >= 1 && cls <= 5 ? cls : 5], 1,
				  memory_order_relaxed);
	size_t b = 0;
	while (b < NBOUNDS && seconds > bounds[b])
		b++;
	atomic_fetch_add_explicit(&buckets[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&micros_sum, (unsigned long long)(seconds * 1e6),
				  memory_order_relaxed);
}

static bool is_loopback(const char *addr)
{
	return strncmp(addr, "127.", 4) == 0 || strcmp(addr, "::1") == 0;
}

/* Scrapers call from the machine itself; through the reverse proxy only the city office (the
 * figures say how busy the city's system is, nothing about any unit). */
static int may_read(const struct cr_req *r)
{
	bool via_proxy_without_client =
		r->app->trusted_proxy && strcmp(r->client, r->app->trusted_proxy) == 0;
	if (is_loopback(r->client) && !via_proxy_without_client)
		return 0;
	if (r->authed && r->user.role == CR_ROLE_CITY)
		return 0;
	return -1;
}

static void gauge(FILE *f, const char *name, const char *help, long long v)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s gauge\n%s %lld\n", name, help, name, name, v);
}

/* The in-memory indexes (outside --cache-mb: the lists, statistics and map are answered from
 * them) and the caches inside it, each by name. */
static void structure_metrics(FILE *f, const struct cr_figures *g)
{
	fprintf(f,
		"# HELP cityrisk_memory_index_bytes bytes held by an in-memory index (not bounded "
		"by --cache-mb)\n# TYPE cityrisk_memory_index_bytes gauge\n"
		"cityrisk_memory_index_bytes{index=\"risks\"} %zu\n"
		"cityrisk_memory_index_bytes{index=\"units\"} %zu\n",
		g->risk_index_bytes, g->unit_index_bytes);
	fprintf(f,
		"# HELP cityrisk_index_rows rows an in-memory index holds\n"
		"# TYPE cityrisk_index_rows gauge\ncityrisk_index_rows{index=\"risks\"} %lld\n",
		g->risk_index_points);
	fprintf(f,
		"# HELP cityrisk_memory_cache_bytes bytes held by a cache inside --cache-mb\n"
		"# TYPE cityrisk_memory_cache_bytes gauge\n"
		"cityrisk_memory_cache_bytes{cache=\"unit_texts\"} %zu\n"
		"cityrisk_memory_cache_bytes{cache=\"query_results\"} %zu\n",
		g->unit_texts_bytes, g->query_cache_bytes);
}

/* The read replica (--db-read): where the reads that may go there went, and its state. */
static void replica_metrics(FILE *f, const struct cr_figures *g)
{
	static const char *const reasons[CR_READ_NWHY] = {
		[CR_READ_DOWN] = "down",
		[CR_READ_LAG] = "lag",
		[CR_READ_OWN_WRITE] = "own_write",
		[CR_READ_ERROR] = "error",
	};
	fprintf(f,
		"# HELP cityrisk_db_replica_reads_total list and statistics reads answered "
		"from "
		"the read replica\n# TYPE cityrisk_db_replica_reads_total counter\n"
		"cityrisk_db_replica_reads_total %llu\n",
		g->replica_reads[CR_READ_REPLICA]);
	fprintf(f, "# HELP cityrisk_db_read_fallbacks_total reads that could have gone to "
		   "the read "
		   "replica but went to the primary, by reason\n"
		   "# TYPE cityrisk_db_read_fallbacks_total counter\n");
	for (int w = CR_READ_DOWN; w < CR_READ_NWHY; w++)
		fprintf(f, "cityrisk_db_read_fallbacks_total{reason=\"%s\"} %llu\n", reasons[w],
			g->replica_reads[w]);
	gauge(f, "cityrisk_db_replica_up", "the read replica answers as a standby (1) or not (0)",
	      g->replica_up);
	gauge(f, "cityrisk_db_replica_lag_milliseconds",
	      "how long ago the primary first had WAL the replica has not replayed",
	      g->replica_lag_ms);
}

int cr_api_metrics(struct cr_req *r)
{
	if (may_read(r))
		return cr_err_set(&r->err, 403, "forbidden", "",
				  "metrics are for the machine itself or the city office");
	struct cr_figures g;
	cr_figures_gather(r->app, &g);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return cr_err_set(&r->err, 500, "oom", "", "out of memory");
	fprintf(f, "# HELP cityrisk_http_requests_total API requests answered, by status "
		   "class\n"
		   "# TYPE cityrisk_http_requests_total counter\n");
	for (int c = 1; c <= 5; c++)
		fprintf(f, "cityrisk_http_requests_total{class=\"%dxx\"} %llu\n", c, g.requests[c]);
	fprintf(f, "# HELP cityrisk_http_request_duration_seconds time from the request's "
		   "end to "
		   "its answer being queued\n"
		   "# TYPE cityrisk_http_request_duration_seconds histogram\n");
	unsigned long long cum = 0;
	for (size_t b = 0; b <= NBOUNDS; b++) {
		cum += atomic_load_explicit(&buckets[b], memory_order_relaxed);
		if (b < NBOUNDS)
			fprintf(f,
				"cityrisk_http_request_duration_seconds_bucket{le=\"%g\"} "
				"%llu\n",
				bounds[b], cum);
		else
			fprintf(f,
				"cityrisk_http_request_duration_seconds_bucket{le=\"+Inf\"}"
				" %llu\n",
				cum);
	}
	fprintf(f, "cityrisk_http_request_duration_seconds_sum %.6f\n",
		(double)atomic_load_explicit(&micros_sum, memory_order_relaxed) / 1e6);
	fprintf(f, "cityrisk_http_request_duration_seconds_count %llu\n", cum);
	gauge(f, "cityrisk_http_connections", "open client connections", g.connections);
	gauge(f, "cityrisk_slow_answers_running",
	      "reports, workbooks and other slow answers being made now", g.slow_running);
	gauge(f, "cityrisk_slow_answers_queued", "slow answers waiting for a worker",
	      g.slow_queued);
	gauge(f, "cityrisk_reports_running", "reports being made (downloads and jobs)",
	      g.reports_running);
	gauge(f, "cityrisk_sse_streams", "open event streams (GET /api/v1/events)",
	      (long long)g.sse.streams);
	gauge(f, "cityrisk_sse_queued_bytes",
	      "bytes the event streams' queues of unsent events hold (each at most twice the "
	      "256 KiB budget)",
	      (long long)g.sse.queued_bytes);
	fprintf(f,
		"# HELP cityrisk_sse_dropped_total event streams dropped for falling more than "
		"256 KiB of events behind\n# TYPE cityrisk_sse_dropped_total counter\n"
		"cityrisk_sse_dropped_total %llu\n",
		g.sse.dropped);
	gauge(f, "cityrisk_memory_resident_bytes", "resident set size", g.memory.rss);
	gauge(f, "cityrisk_memory_anonymous_bytes",
	      "the process's own memory (heap, caches, stacks); what --cache-mb bounds",
	      g.memory.anon);
	gauge(f, "cityrisk_memory_file_bytes",
	      "file pages mapped into the process (mostly the database), droppable by the "
	      "kernel",
	      g.memory.file);
	gauge(f, "cityrisk_cache_budget_bytes", "the caches' memory budget (--cache-mb)",
	      (long long)g.cache_budget);
	gauge(f, "cityrisk_memory_virtual_bytes", "virtual address space", g.memory.virt);
	structure_metrics(f, &g);
	gauge(f, "cityrisk_db_file_bytes",
	      "size of the database file (on PostgreSQL, the database)", g.db_bytes);
	gauge(f, "cityrisk_db_wal_bytes", "size of the write-ahead log (SQLite)", g.wal_bytes);
	replica_metrics(f, &g);
	gauge(f, "cityrisk_uptime_seconds", "seconds since the server started", g.uptime_s);
	fclose(f);
	return cr_reply_raw(r, 200, "text/plain; version=0.0.4; charset=utf-8", buf, len);
}

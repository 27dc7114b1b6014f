/* figures.h — the server's own figures gathered in one place, so GET /metrics (Prometheus text)
 * and GET /api/v1/system (the 系统运行 page) answer the same numbers from the same functions:
 * traffic, slow answers and event streams, memory against the cache budget, the in-memory
 * indexes, the database's size on disk and the read replica. */
#ifndef CR_HTTP_FIGURES_H
#define CR_HTTP_FIGURES_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "http/http.h"
#include "io/process_memory.h"
#include "store/replica.h"

struct cr_figures {
	time_t started;                     /* when the server started (cr_metrics_start) */
	long long uptime_s;                 /* seconds since */
	unsigned long long requests[6];     /* API answers by status class: [1..5] = 1xx..5xx */
	unsigned connections;               /* open client connections */
	unsigned slow_running, slow_queued; /* http/offload.c's workers */
	int reports_running;
	struct cr_sse_stats sse;
	struct cr_process_memory memory; /* -1 fields when the kernel does not say */
	size_t cache_budget;             /* --cache-mb in bytes (0: none set) */
	/* the in-memory indexes (outside the budget) and the caches inside it */
	size_t risk_index_bytes, unit_index_bytes, unit_texts_bytes, query_cache_bytes;
	long long risk_index_points;
	/* on disk: the SQLite file and its write-ahead log, or PostgreSQL's database (wal 0) */
	long long db_bytes, wal_bytes;
	/* the read replica (--db-read): reads it answered, the others by why they fell back */
	bool replica;
	bool replica_up;
	long long replica_lag_ms;
	unsigned long long replica_reads[CR_READ_NWHY];
};

/* Fills f from the counters and the database of app, on the calling thread's connection. */
void cr_figures_gather(struct cr_app *app, struct cr_figures *f);

/* metrics.c: the counters gather reads — the answers by status class so far, and the start. */
void cr_metrics_requests(unsigned long long by_class[6]);
time_t cr_metrics_started(void);

#endif

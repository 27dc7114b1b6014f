/* figures.c — gathers the server's figures (figures.h) from the functions that keep them. It
 * must not format them: metrics.c writes Prometheus text, api_system.c JSON. */
#include "http/figures.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "http/offload.h"
#include "service/report_jobs.h"
#include "store/cache_budget.h"
#include "store/check.h"
#include "store/db.h"
#include "store/query_cache.h"
#include "store/risk_index.h"
#include "store/unit_index.h"

static long long file_size(const char *path, const char *suffix)
{
	char p[4096];
	struct stat st;
	snprintf(p, sizeof p, "%s%s", path, suffix);
	return stat(p, &st) == 0 ? (long long)st.st_size : 0;
}

void cr_figures_gather(struct cr_app *app, struct cr_figures *f)
{
	memset(f, 0, sizeof *f);
	f->started = cr_metrics_started();
	f->uptime_s = (long long)(time(NULL) - f->started);
	cr_metrics_requests(f->requests);
	f->connections = cr_http_connections();
	cr_offload_load(&f->slow_running, &f->slow_queued);
	f->reports_running = cr_report_slots_used();
	cr_sse_stats(&f->sse);
	cr_process_memory(&f->memory);
	f->cache_budget = cr_cache_budget();
	f->risk_index_bytes = cr_risk_index_bytes();
	f->risk_index_points = cr_risk_index_points();
	cr_unit_index_bytes(&f->unit_index_bytes, &f->unit_texts_bytes);
	f->query_cache_bytes = cr_query_cache_bytes();
	const char *db = cr_db_path(app->db);
	if (cr_db_is_pg(app->db)) {
		f->db_bytes = cr_db_server_bytes(cr_db_conn(app->db));
	} else {
		f->db_bytes = file_size(db, "");
		f->wal_bytes = file_size(db, "-wal");
	}
	const struct cr_replica *rep = cr_db_replica(app->db);
	f->replica = rep != NULL;
	f->replica_up = rep && cr_replica_up(rep);
	f->replica_lag_ms = rep ? cr_replica_lag_ms(rep) : 0;
	for (int w = CR_READ_REPLICA; w < CR_READ_NWHY; w++)
		f->replica_reads[w] = cr_replica_counted((enum cr_read_why)w);
}

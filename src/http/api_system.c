/* api_system.c — the 系统运行 page's API: GET /api/v1/system (the database, the read replica,
 * memory against the cache budget, traffic) and POST /api/v1/audit/verify (the audit chain
 * recomputed, made by an offload worker: it reads the whole chain). The server's figures are
 * figures.c's, the same /metrics gives; HTTP in and out for service/system.c. */
#include <time.h>

#include "core/version.h"
#include "http/api.h"
#include "http/figures.h"
#include "service/system.h"

static json_t *memory_json(const struct cr_figures *f)
{
	return json_pack("{sI sI sI sI sI sI sI sI}", "resident_bytes", (json_int_t)f->memory.rss,
			 "anonymous_bytes", (json_int_t)f->memory.anon, "file_bytes",
			 (json_int_t)f->memory.file, "cache_budget_bytes",
			 (json_int_t)f->cache_budget, "risk_index_bytes",
			 (json_int_t)f->risk_index_bytes, "unit_index_bytes",
			 (json_int_t)f->unit_index_bytes, "unit_texts_bytes",
			 (json_int_t)f->unit_texts_bytes, "query_cache_bytes",
			 (json_int_t)f->query_cache_bytes);
}

static json_t *requests_json(const struct cr_figures *f)
{
	json_t *by = json_object();
	for (int c = 1; c <= 5; c++) {
		char k[4] = { (char)('0' + c), 'x', 'x', '\0' };
		json_object_set_new(by, k, json_integer((json_int_t)f->requests[c]));
	}
	return json_pack("{so sI sI sI sI}", "by_class", by, "connections",
			 (json_int_t)f->connections, "event_streams", (json_int_t)f->sse.streams,
			 "slow_running", (json_int_t)f->slow_running, "slow_queued",
			 (json_int_t)f->slow_queued);
}

/* The figures into the service's answer: the server, memory and traffic beside the database's
 * size and the replica's state. */
static void add_figures(json_t *out, const struct cr_figures *f)
{
	char started[32];
	struct tm tm;
	gmtime_r(&f->started, &tm);
	strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_object_set_new(out, "server",
			    json_pack("{ss ss sI}", "version", CR_VERSION, "started_at", started,
				      "uptime_seconds", (json_int_t)f->uptime_s));
	json_t *db = json_object_get(out, "database");
	json_object_set_new(db, "size_bytes", json_integer(f->db_bytes));
	json_object_set_new(db, "wal_bytes", json_integer(f->wal_bytes));
	json_t *rep = json_object_get(out, "replica");
	json_object_set_new(rep, "up", json_boolean(f->replica_up));
	json_object_set_new(rep, "lag_ms",
			    f->replica ? json_integer(f->replica_lag_ms) : json_null());
	json_object_set_new(out, "memory", memory_json(f));
	json_object_set_new(out, "requests", requests_json(f));
}

int cr_api_system(struct cr_req *r)
{
	json_t *out = cr_system_status(r->db, &r->user, r->app->db, &r->err);
	if (!out)
		return -1;
	struct cr_figures f;
	cr_figures_gather(r->app, &f);
	add_figures(out, &f);
	return cr_reply(r, 200, out);
}

int cr_api_audit_verify(struct cr_req *r)
{
	return cr_reply_body(r, 200, cr_system_audit_verify);
}

/* read_route.c — list and statistics reads on the read replica: a route of cr_replica_routes is
 * run on the replica's connection when the standby is up, its replay lags within the bound and
 * it has replayed the session's last write through this server; otherwise on the primary,
 * counted by reason for /metrics. It must not decide anything about the standby's health
 * (store/replica.c measures it). */
#include "http/read_route.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each session's last write through this server (the primary's WAL position after it), by a
 * hash of its token. Two sessions in one slot share the later position: that only sends more
 * of their reads to the primary. */
#define WRITE_SLOTS 4096
static atomic_ullong session_writes[WRITE_SLOTS];
static bool *on_replica; /* by index in cr_routes */

static atomic_ullong *write_slot(const struct cr_req *r)
{
	unsigned long long h = 1469598103934665603ULL; /* FNV-1a */
	for (const char *p = r->session_token; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return &session_writes[h % WRITE_SLOTS];
}

int cr_read_route_index(struct cr_err *err)
{
	if (!on_replica && !(on_replica = calloc(cr_nroutes, sizeof *on_replica)))
		return cr_err_set(err, 500, "oom", "", "out of memory");
	for (size_t i = 0; i < cr_nreplica_routes; i++) {
		size_t k = 0;
		while (k < cr_nroutes && (strcmp(cr_routes[k].method, "GET") != 0 ||
					  strcmp(cr_routes[k].pattern, cr_replica_routes[i]) != 0))
			k++;
		if (k == cr_nroutes)
			return cr_err_set(err, 500, "internal", "",
					  "replica route %s is no GET route", cr_replica_routes[i]);
		on_replica[k] = true;
	}
	return 0;
}

bool cr_read_route_takes(const struct cr_req *r, const struct cr_route *rt)
{
	return on_replica && on_replica[rt - cr_routes] && cr_db_replica(r->app->db);
}

/* Forgets what a failed run left in r, so it can run again. */
static void reset_answer(struct cr_req *r)
{
	json_decref(r->json);
	json_decref(r->err_extra);
	free(r->raw);
	r->json = r->err_extra = NULL;
	r->raw = NULL;
	r->status = 0;
	r->err = (struct cr_err){ 0 };
}

int cr_read_route_handle(struct cr_req *r, const struct cr_route *rt, bool download,
			 int (*run)(struct cr_req *, const struct cr_route *))
{
	struct cr_conn *primary = r->db;
	enum cr_read_why why;
	unsigned long long need = r->authed ? atomic_load(write_slot(r)) : 0;
	struct cr_conn *rd = cr_db_read_conn(r->app->db, need, &why);
	if (!rd) {
		cr_replica_count(why);
		return run(r, rt);
	}
	if (!download)
		r->db = rd;
	int rc = run(r, rt);
	cr_db_read_end();
	r->db = primary;
	if (rc && r->err.status >= 500) {
		/* the standby went away or refused (a write it cannot take): the primary answers */
		fprintf(stderr,
			"cityrisk: %s %s on the read replica: %s; answered by the primary\n",
			r->method, r->path, r->err.message);
		cr_replica_count(CR_READ_ERROR);
		reset_answer(r);
		return run(r, rt);
	}
	cr_replica_count(CR_READ_REPLICA);
	return rc;
}

void cr_read_route_wrote(struct cr_req *r)
{
	if (!r->authed || !cr_db_replica(r->app->db))
		return;
	unsigned long long lsn = cr_replica_write_lsn(r->db);
	atomic_ullong *slot = write_slot(r);
	unsigned long long was = atomic_load(slot);
	while (lsn > was && !atomic_compare_exchange_weak(slot, &was, lsn))
		;
}

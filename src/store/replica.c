/* replica.c — the read replica beside a PostgreSQL primary (--db-read): a watcher thread that
 * every 100 ms reads the primary's WAL position and the standby's replay position and turns them
 * into a lag in time, the verdict a read asks for, and the counts /metrics reports. It must not
 * choose routes (http/routes.c) nor keep a request's connection (db.c keeps one per thread). */
#include "store/replica.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/periodic.h"
#include "store/db.h"
#include "store/sql_impl.h"

#define TICK_MS 100

struct cr_replica {
	char *url, *primary;
	long long max_lag_ms;
	struct cr_periodic *watcher;
	struct cr_conn *pc, *sc; /* the watcher's connections to the primary and the standby */
	atomic_bool up;
	atomic_ullong replayed;
	atomic_llong lag_ms;
	/* the watcher's own: positions, one per tick that saw the WAL move (51 s at full write
	 * load, far more when writes are sparse) */
	struct cr_wal_history seen;
	int said; /* the state last logged: -1 none yet, else a cr_read_why */
};

static atomic_ullong counts[CR_READ_NWHY];

/* One position (bytes since 0/0) read by sql: 0, or -1 when the query failed or gave NULL (a
 * server that is no standby has no replay position). */
static int read_lsn(struct cr_conn *c, const char *sql, unsigned long long *lsn)
{
	struct cr_stmt *s = cr_db_stmt(c, sql);
	int rc = -1;
	if (cr_stmt_step(s) == CR_SQL_ROW && cr_stmt_column_type(s, 0) != CR_SQL_NULL) {
		*lsn = (unsigned long long)cr_stmt_column_int64(s, 0);
		rc = 0;
	}
	cr_stmt_reset(s);
	return rc;
}

#define REPLAY_SQL "SELECT CAST(pg_last_wal_replay_lsn() - '0/0' AS BIGINT)"

int cr_replica_read_replay(struct cr_conn *c, unsigned long long *lsn)
{
	return read_lsn(c, REPLAY_SQL, lsn);
}

/* The insert position: past the end of every record this session committed, even with
 * synchronous_commit off (the written or flushed positions may not be yet). */
unsigned long long cr_replica_write_lsn(struct cr_conn *c)
{
	unsigned long long lsn = 0;
	if (!cr_conn_is_pg(c) ||
	    read_lsn(c, "SELECT CAST(pg_current_wal_insert_lsn() - '0/0' AS BIGINT)", &lsn))
		return 0;
	return lsn;
}

void cr_wal_history_add(struct cr_wal_history *h, unsigned long long lsn, long long at_ms)
{
	int last = (h->head - 1 + CR_WAL_HISTORY) % CR_WAL_HISTORY;
	if (h->n && h->seen[last].lsn == lsn)
		return;
	h->seen[h->head].lsn = lsn;
	h->seen[h->head].at_ms = at_ms;
	h->head = (h->head + 1) % CR_WAL_HISTORY;
	if (h->n < CR_WAL_HISTORY)
		h->n++;
}

long long cr_wal_history_lag(const struct cr_wal_history *h, unsigned long long replayed,
			     long long now_ms)
{
	for (int i = 0; i < h->n; i++) { /* oldest first */
		int k = (h->head - h->n + i + CR_WAL_HISTORY) % CR_WAL_HISTORY;
		if (h->seen[k].lsn > replayed)
			return now_ms - h->seen[k].at_ms;
	}
	return 0;
}

/* A state change goes to the log once, not a line per request. */
static void say(struct cr_replica *r, int state)
{
	if (state == r->said)
		return;
	if (state == CR_READ_REPLICA)
		fprintf(stderr, "cityrisk: read replica: in use for list and statistics reads\n");
	else if (state == CR_READ_DOWN)
		fprintf(stderr, "cityrisk: read replica: down or not a standby; those reads go to "
				"the primary\n");
	else
		fprintf(stderr,
			"cityrisk: read replica: replay lags more than %lld ms; those reads go to "
			"the primary\n",
			r->max_lag_ms);
	r->said = state;
}

static void drop_broken(struct cr_conn **c)
{
	if (*c && (*c)->pg && cr_pg_broken((*c)->pg)) {
		cr_db_reader_close(*c);
		*c = NULL;
	}
}

static void look(struct cr_replica *r, struct cr_conn **pc, struct cr_conn **sc)
{
	struct cr_err err;
	if (!*pc)
		*pc = cr_db_conn_open(r->primary, false, &err);
	if (!*sc)
		*sc = cr_db_conn_open(r->url, false, &err);
	unsigned long long p = 0, s = 0;
	bool have_p = *pc && !read_lsn(*pc,
				       "SELECT CAST(pg_current_wal_flush_lsn() - '0/0' AS "
				       "BIGINT)",
				       &p);
	bool have_s = *sc && !cr_replica_read_replay(*sc, &s);
	drop_broken(pc);
	drop_broken(sc);
	long long now = cr_clock_mono_ns() / 1000000;
	if (have_p)
		cr_wal_history_add(&r->seen, p, now);
	if (have_s) {
		unsigned long long was = atomic_load(&r->replayed);
		while (s > was && !atomic_compare_exchange_weak(&r->replayed, &was, s))
			;
		/* without the primary's position the last lag stands */
		if (have_p)
			atomic_store(&r->lag_ms, cr_wal_history_lag(&r->seen, s, now));
	}
	atomic_store(&r->up, have_s);
	say(r, !have_s                                   ? CR_READ_DOWN
	       : atomic_load(&r->lag_ms) > r->max_lag_ms ? CR_READ_LAG
							 : CR_READ_REPLICA);
}

static bool watch(void *arg)
{
	struct cr_replica *r = arg;
	look(r, &r->pc, &r->sc);
	return false;
}

static void watch_end(void *arg)
{
	struct cr_replica *r = arg;
	cr_db_reader_close(r->pc);
	cr_db_reader_close(r->sc);
	r->pc = r->sc = NULL;
}

static void replica_free(struct cr_replica *r)
{
	free(r->url);
	free(r->primary);
	free(r);
}

struct cr_replica *cr_replica_start(const char *url, const char *primary_url, long long max_lag_ms,
				    struct cr_err *err)
{
	struct cr_replica *r = calloc(1, sizeof *r);
	if (!r) {
		cr_err_set(err, 500, "oom", "", "out of memory");
		return NULL;
	}
	r->max_lag_ms = max_lag_ms;
	r->said = -1;
	if (!(r->url = strdup(url)) || !(r->primary = strdup(primary_url))) {
		replica_free(r);
		cr_err_set(err, 500, "oom", "", "out of memory");
		return NULL;
	}
	/* the first look before any request, so the first reads know where to go */
	struct cr_conn *pc = NULL, *sc = NULL;
	look(r, &pc, &sc);
	cr_db_reader_close(pc);
	cr_db_reader_close(sc);
	if (!(r->watcher = cr_periodic_start(TICK_MS, watch, watch_end, r))) {
		replica_free(r);
		cr_err_set(err, 500, "internal", "", "cannot start the replica's watcher");
		return NULL;
	}
	return r;
}

void cr_replica_stop(struct cr_replica *r)
{
	if (!r)
		return;
	cr_periodic_stop(r->watcher);
	replica_free(r);
}

const char *cr_replica_url(const struct cr_replica *r)
{
	return r->url;
}

enum cr_read_why cr_replica_verdict(const struct cr_replica *r, unsigned long long need_lsn)
{
	if (!atomic_load(&r->up))
		return CR_READ_DOWN;
	if (atomic_load(&r->lag_ms) > r->max_lag_ms)
		return CR_READ_LAG;
	return atomic_load(&r->replayed) >= need_lsn ? CR_READ_REPLICA : CR_READ_OWN_WRITE;
}

void cr_replica_replayed(struct cr_replica *r, unsigned long long lsn)
{
	unsigned long long was = atomic_load(&r->replayed);
	while (lsn > was && !atomic_compare_exchange_weak(&r->replayed, &was, lsn))
		;
}

void cr_replica_count(enum cr_read_why why)
{
	atomic_fetch_add_explicit(&counts[why], 1, memory_order_relaxed);
}

unsigned long long cr_replica_counted(enum cr_read_why why)
{
	return atomic_load_explicit(&counts[why], memory_order_relaxed);
}

bool cr_replica_up(const struct cr_replica *r)
{
	return atomic_load(&r->up);
}

long long cr_replica_lag_ms(const struct cr_replica *r)
{
	return atomic_load(&r->lag_ms);
}

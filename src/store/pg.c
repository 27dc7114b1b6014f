/* pg.c — PostgreSQL through libpq, answering like SQLite's C API so the store's files run on
 * either: statements written with ? placeholders are rewritten to $N once and prepared once per
 * connection; each execution's rows are read whole and stepped through. In bulk mode (a load
 * inside a transaction) writes that return no rows go out in libpq's pipeline mode without
 * waiting for their answers; the answers are read in one go at the next statement that needs
 * the server's reply (a read, commit, changes, last id) or every PIPE_MAX writes. Plain inserts
 * are held and sent as COPY (store/pg_copy.h); when COPY_MAX bytes are held they are sent by a
 * thread of their own while the caller goes on making the next rows, and anything else that
 * needs the connection first waits for that thread (settle), so nothing is seen out of order. */
#include <ctype.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg_copy.h"
#include "store/query_cache.h"
#include "store/sql_impl.h"

#define MAX_PARAMS CR_PG_MAX_PARAMS
/* Rows a streamed statement holds at a time. */
#define STREAM_BATCH 1000
/* Writes in flight before their answers are read: each answer is some 20 bytes, so the socket
 * buffers hold them all and neither side waits on the other. */
#define PIPE_MAX 1024
/* Bytes of rows held for COPY before they are sent (store/pg_copy.h); CITYRISK_PG_COPY_BYTES
 * (tests only) sets fewer, so a small load sends many times behind its back. */
#define COPY_MAX (16u << 20)
/* Every committed write is announced on this channel (LISTEN/NOTIFY). */
#define CHANNEL "cityrisk_writes"

/* Type oids (catalog/pg_type.h, stable across releases). */
enum {
	OID_BOOL = 16,
	OID_BYTEA = 17,
	OID_INT8 = 20,
	OID_INT2 = 21,
	OID_INT4 = 23,
	OID_TEXT = 25,
	OID_FLOAT4 = 700,
	OID_FLOAT8 = 701,
	OID_NUMERIC = 1700
};

struct cr_pg_conn {
	PGconn *pc;
	char err[512];
	char sqlstate[6];
	long long changes;
	unsigned next_name;
	unsigned gen; /* times the connection was opened again */
	int backend_pid;
	bool listen; /* LISTENs for others' writes (not on a standby, where LISTEN is refused) */
	bool wrote;  /* a write since the last announcement */
	bool foreign;
	bool bulk;     /* writes inside a transaction may go out without waiting (pipeline) */
	int queued;    /* writes sent in pipeline mode whose answers are not read yet */
	bool deferred; /* a queued write failed: k->err holds its message until the transaction ends */
	struct cr_pg_copies *copies;  /* bulk mode's plain inserts, held for COPY */
	size_t copy_max;              /* COPY_MAX, or the tests' CITYRISK_PG_COPY_BYTES */
	struct cr_pg_copies *sending; /* held rows the sender thread is sending; NULL when none */
	pthread_t sender;
	bool behind;          /* sender is a thread to join */
	int sent_rc;          /* the sender's outcome, read once it is joined */
	PGresult *sent_error; /* the COPY that failed, when it failed */
};

struct param {
	char *val; /* points into own, num, or the caller's memory; NULL for SQL NULL */
	int len;
	int fmt;   /* 0 text, 1 binary */
	Oid type;  /* what was bound, for statements whose placeholders alone say no type */
	char *own; /* a copy the statement frees */
	char num[32];
};

struct cr_pg_stmt {
	struct cr_pg_conn *k;
	char *sql;
	char name[24]; /* "" for one-off statements */
	bool prepared;
	unsigned gen; /* the connection's generation it was prepared in */
	bool write;
	unsigned tables; /* the query-cache tables a write touches (CR_QC_* bits) */
	int nparams;
	struct param p[MAX_PARAMS];
	bool quiet;     /* an INSERT, UPDATE or DELETE without RETURNING: no rows to read */
	char table[64]; /* the table a write writes */
	struct cr_pg_copy_shape *copy; /* a plain INSERT that COPY can stand in for in bulk mode */
	PGresult *res;
	int row, nrows;
	char cursor[24];     /* streamed: the server-side cursor the rows come from, in batches */
	bool open;           /* the cursor is declared */
	bool exhausted;      /* its last batch was short */
	unsigned char *blob; /* the current row's decoded bytea column */
	int blob_col;
	size_t blob_len;
};

static void set_err(struct cr_pg_conn *k, const PGresult *r)
{
	if (k->deferred)
		return; /* the queued write that failed is the one to name */
	const char *m = r ? PQresultErrorMessage(r) : PQerrorMessage(k->pc);
	snprintf(k->err, sizeof k->err, "%s", m && *m ? m : "PostgreSQL error");
	size_t n = strlen(k->err);
	while (n && (k->err[n - 1] == '\n' || k->err[n - 1] == ' '))
		k->err[--n] = 0;
	const char *st = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	snprintf(k->sqlstate, sizeof k->sqlstate, "%s", st ? st : "");
}

static int settle(struct cr_pg_conn *k);

static int session_setup(struct cr_pg_conn *k, struct cr_err *err)
{
	k->backend_pid = PQbackendPID(k->pc);
	/* Timestamps are written by the application as UTC text; the server's own zone must not
	 * matter, and notices (e.g. "relation exists, skipping") are not for the log. */
	return cr_pg_exec(k,
			  k->listen ? "SET TIME ZONE 'UTC'; SET client_min_messages=warning; "
				      "LISTEN " CHANNEL
				    : "SET TIME ZONE 'UTC'; SET client_min_messages=warning",
			  err);
}

struct cr_pg_conn *cr_pg_connect(const char *url, bool listen, struct cr_err *err)
{
	struct cr_pg_conn *k = calloc(1, sizeof *k);
	if (!k) {
		cr_err_set(err, 500, "oom", "", "out of memory");
		return NULL;
	}
	k->listen = listen;
	const char *cb = getenv("CITYRISK_PG_COPY_BYTES");
	long long cbn = cb ? strtoll(cb, NULL, 10) : 0;
	k->copy_max = cbn > 0 ? (size_t)cbn : COPY_MAX;
	/* A standby (and the watcher's look at the primary) may be away: waiting at most 3 s to
	 * connect keeps a request or the watcher from hanging on an address that drops packets.
	 * The key words are read in order, so a connect_timeout in the URL still wins. */
	static const char *const keys[] = { "connect_timeout", "dbname", NULL };
	const char *const values[] = { "3", url, NULL };
	k->pc = listen ? PQconnectdb(url) : PQconnectdbParams(keys, values, 1);
	if (PQstatus(k->pc) != CONNECTION_OK) {
		cr_err_set(err, 500, "db", "", "cannot connect to %s: %s", url,
			   PQerrorMessage(k->pc));
		cr_pg_close(k);
		return NULL;
	}
	if (session_setup(k, err)) {
		cr_pg_close(k);
		return NULL;
	}
	return k;
}

/* A connection lost outside a transaction (the server restarted, a replica took over) is
 * opened again once; its statements are prepared again (a new generation) and every cache is
 * stale. 0 when it is back. */
static int reconnect(struct cr_pg_conn *k)
{
	PQreset(k->pc);
	if (PQstatus(k->pc) != CONNECTION_OK || session_setup(k, NULL))
		return -1;
	k->gen++;
	k->foreign = true;
	return 0;
}

void cr_pg_close(struct cr_pg_conn *k)
{
	if (!k)
		return;
	settle(k);
	PQfinish(k->pc);
	cr_pg_copies_free(k->copies);
	free(k);
}

/* ---------------------------------------------------------------- the SQL it is given */
/* The table an INSERT, UPDATE or DELETE writes (into name, "" when none), as query-cache bits
 * (all for anything else). */
static unsigned written_tables(const char *w, char name[64])
{
	const char *t = NULL;
	if (cr_pg_starts_word(w, "INSERT"))
		t = strstr(w, " INTO ");
	else if (cr_pg_starts_word(w, "DELETE"))
		t = strstr(w, " FROM ");
	else if (cr_pg_starts_word(w, "UPDATE"))
		t = w + 1; /* six more pass "UPDATE " as they pass " INTO " */
	if (!t)
		return ~0u;
	t += 6;
	t += strspn(t, " ");
	size_t n = 0;
	while (n + 1 < 64 && (isalnum((unsigned char)t[n]) || t[n] == '_'))
		n++;
	memcpy(name, t, n);
	name[n] = 0;
	return cr_query_cache_table_bit(name);
}

struct cr_pg_stmt *cr_pg_prepare(struct cr_pg_conn *k, const char *sql, bool cached,
				 struct cr_err *err)
{
	struct cr_pg_stmt *s = calloc(1, sizeof *s);
	if (!s) {
		cr_err_set(err, 500, "oom", "", "out of memory");
		return NULL;
	}
	s->k = k;
	s->blob_col = -1;
	s->nparams = cr_pg_rewrite(sql, &s->sql);
	if (s->nparams < 0) {
		free(s);
		cr_err_set(err, 500, "db", "", "statement has too many parameters: %.200s", sql);
		return NULL;
	}
	const char *w = s->sql + strspn(s->sql, " \n\t(");
	s->write = cr_pg_starts_word(w, "INSERT") || cr_pg_starts_word(w, "UPDATE") ||
		   cr_pg_starts_word(w, "DELETE") || cr_pg_starts_word(w, "WITH");
	if (s->write)
		s->tables = written_tables(w, s->table);
	s->quiet = (cr_pg_starts_word(w, "INSERT") || cr_pg_starts_word(w, "UPDATE") ||
		    cr_pg_starts_word(w, "DELETE")) &&
		   !strcasestr(s->sql, "RETURNING");
	if (s->quiet && cr_pg_starts_word(w, "INSERT"))
		s->copy = cr_pg_copy_shape(s->sql);
	if (cached)
		snprintf(s->name, sizeof s->name, "s%u", ++k->next_name);
	return s;
}

static void close_cursor(struct cr_pg_stmt *s)
{
	if (!s->open)
		return;
	char q[48];
	snprintf(q, sizeof q, "CLOSE %s", s->cursor);
	settle(s->k);
	PQclear(PQexec(s->k->pc, q));
	s->open = s->exhausted = false;
}
static int flush(struct cr_pg_conn *k);
static int flush_pipe(struct cr_pg_conn *k);

static void drop_result(struct cr_pg_stmt *s)
{
	close_cursor(s);
	PQclear(s->res);
	s->res = NULL;
	s->row = s->nrows = 0;
	PQfreemem(s->blob);
	s->blob = NULL;
	s->blob_col = -1;
}

void cr_pg_clear_bindings(struct cr_pg_stmt *s)
{
	for (int i = 0; i < MAX_PARAMS; i++) {
		free(s->p[i].own);
		memset(&s->p[i], 0, offsetof(struct param, num));
	}
}

void cr_pg_finalize(struct cr_pg_stmt *s)
{
	if (!s)
		return;
	drop_result(s);
	cr_pg_clear_bindings(s);
	settle(s->k);
	if (s->prepared && s->name[0] && s->k->pc && PQstatus(s->k->pc) == CONNECTION_OK &&
	    !flush(s->k)) {
		char q[48];
		snprintf(q, sizeof q, "DEALLOCATE %s", s->name);
		PQclear(PQexec(s->k->pc, q));
	}
	cr_pg_copy_shape_free(s->copy);
	free(s->sql);
	free(s);
}

void cr_pg_reset(struct cr_pg_stmt *s)
{
	drop_result(s);
}

/* ---------------------------------------------------------------- bindings */

static struct param *param_at(struct cr_pg_stmt *s, int i)
{
	if (i < 1 || i > MAX_PARAMS)
		return NULL;
	struct param *p = &s->p[i - 1];
	free(p->own);
	p->own = NULL;
	return p;
}

int cr_pg_bind(struct cr_pg_stmt *s, int i, const char *v, int len, bool binary,
	       enum cr_sql_life life)
{
	struct param *p = param_at(s, i);
	if (!p)
		return CR_SQL_ERROR;
	if (!v) {
		p->val = NULL;
		p->type = 0;
		return 0;
	}
	size_t n = len < 0 ? strlen(v) : (size_t)len;
	/* Text goes as a C string: a length that stops short of the NUL needs a copy. */
	if (life == CR_SQL_COPY || (!binary && len >= 0 && v[n] != 0)) {
		if (!(p->own = malloc(n + 1)))
			return CR_SQL_NOMEM;
		memcpy(p->own, v, n);
		p->own[n] = 0;
		v = p->own;
	}
	p->val = (char *)v;
	p->len = (int)n;
	p->fmt = binary ? 1 : 0;
	p->type = binary ? OID_BYTEA : OID_TEXT;
	return 0;
}

/* A number bound as its text, with the type it was bound as. */
static int bind_number(struct cr_pg_stmt *s, int i, Oid type, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int bind_number(struct cr_pg_stmt *s, int i, Oid type, const char *fmt, ...)
{
	struct param *p = param_at(s, i);
	if (!p)
		return CR_SQL_ERROR;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->num, sizeof p->num, fmt, ap);
	va_end(ap);
	p->val = p->num;
	p->fmt = 0;
	p->type = type;
	return 0;
}

int cr_pg_bind_int64(struct cr_pg_stmt *s, int i, long long v)
{
	return bind_number(s, i, OID_INT8, "%lld", v);
}

int cr_pg_bind_double(struct cr_pg_stmt *s, int i, double v)
{
	return bind_number(s, i, OID_FLOAT8, "%.17g", v);
}

/* ---------------------------------------------------------------- running */

/* The bound values as libpq takes them (types may be NULL). */
static void args(const struct cr_pg_stmt *s, const char **vals, int *lens, int *fmts, Oid *types)
{
	for (int i = 0; i < s->nparams; i++) {
		vals[i] = s->p[i].val;
		lens[i] = s->p[i].len;
		fmts[i] = s->p[i].fmt;
		if (types)
			types[i] = s->p[i].type;
	}
}

/* A placeholder whose context says no type ("? IS NULL", "SELECT ?") is an error in
 * PostgreSQL's first look (SQLSTATE 42P18 and kin); such a statement is prepared again with
 * the types its values were bound with. */
static bool retry_with_types(const char *state)
{
	return !strcmp(state, "42P18") || !strcmp(state, "42725") || !strcmp(state, "42883") ||
	       !strcmp(state, "42804");
}

/* ---------------------------------------------------------------- rows sent behind */

static void *send_rows(void *arg)
{
	struct cr_pg_conn *k = arg;
	k->sent_rc = cr_pg_copies_send(k->sending, k->pc, &k->sent_error);
	return NULL;
}

/* Waits for the rows the sender thread is sending, if any; its failure is kept as flush keeps
 * one. Everything that uses the connection calls this first. */
static int settle(struct cr_pg_conn *k)
{
	if (!k->sending)
		return 0;
	if (k->behind)
		pthread_join(k->sender, NULL);
	k->behind = false;
	cr_pg_copies_free(k->sending);
	k->sending = NULL;
	if (!k->sent_rc)
		return 0;
	set_err(k, k->sent_error);
	PQclear(k->sent_error);
	k->sent_error = NULL;
	k->deferred = true;
	return -1;
}

/* The held rows go to the sender thread, which has the connection to itself until settle: the
 * caller holds the next rows meanwhile. Without a thread they go the ordinary way. */
static int send_behind(struct cr_pg_conn *k)
{
	if (settle(k) || flush_pipe(k))
		return -1;
	if (!(k->sending = cr_pg_copies_take(k->copies)))
		return flush(k);
	k->sent_rc = 0;
	k->behind = pthread_create(&k->sender, NULL, send_rows, k) == 0;
	if (!k->behind)
		send_rows(k); /* no thread to be had: the rows go now */
	return k->behind ? 0 : settle(k);
}

/* Reads the answers of every write sent in pipeline mode and leaves the mode, so the
 * connection takes ordinary (synchronous) calls again: 0, or -1 with the first failed write's
 * error in k->err (kept there, k->deferred, until the transaction ends). */
static int flush_pipe(struct cr_pg_conn *k)
{
	if (settle(k))
		return -1;
	if (PQpipelineStatus(k->pc) == PQ_PIPELINE_OFF)
		return 0;
	int rc = 0, nulls = 0, sent = k->queued;
	k->queued = 0;
	if (!PQpipelineSync(k->pc)) {
		set_err(k, NULL);
		rc = -1;
	}
	/* each write's answer is its results and a NULL; the sync's is PGRES_PIPELINE_SYNC */
	while (!rc || PQstatus(k->pc) == CONNECTION_OK) {
		PGresult *r = PQgetResult(k->pc);
		if (!r) {
			if (++nulls > sent || PQstatus(k->pc) != CONNECTION_OK) {
				rc = -1;
				break;
			}
			continue;
		}
		ExecStatusType st = PQresultStatus(r);
		if (st == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			break;
		}
		if (st == PGRES_COMMAND_OK) {
			const char *n = PQcmdTuples(r);
			k->changes = n && *n ? atoll(n) : 0;
		} else if (st != PGRES_PIPELINE_ABORTED && !rc) {
			set_err(k, r);
			k->deferred = true;
			rc = -1;
		}
		PQclear(r);
	}
	if (!PQexitPipelineMode(k->pc) && !rc) {
		set_err(k, NULL);
		rc = -1;
	}
	return rc;
}

/* Everything still due: the pipeline's answers, then the rows held for COPY (after the
 * pipelined writes they may refer to). A failure is kept as flush_pipe keeps one. */
static int flush(struct cr_pg_conn *k)
{
	if (flush_pipe(k))
		return -1;
	if (!k->copies || !cr_pg_copies_pending(k->copies))
		return 0;
	PGresult *failed;
	if (!cr_pg_copies_send(k->copies, k->pc, &failed))
		return 0;
	set_err(k, failed);
	PQclear(failed);
	k->deferred = true;
	return -1;
}

/* Before s runs: the rows held for COPY that it could see (it names their table, or its table
 * refers to theirs) go in first; 0, or -1. */
static int flush_for(struct cr_pg_stmt *s)
{
	struct cr_pg_conn *k = s->k;
	if (k->copies && cr_pg_copies_pending(k->copies) &&
	    cr_pg_copies_needed_by(k->copies, s->sql, s->write ? s->table : ""))
		return flush(k);
	return 0;
}

/* A write that goes out without waiting for its answer: in bulk mode, inside a healthy
 * transaction, a statement that returns no rows. */
static bool deferrable(struct cr_pg_stmt *s)
{
	/* rows are sent behind only inside a transaction, which lasts until settle */
	return s->k->bulk && s->quiet && !s->k->deferred &&
	       (s->k->sending || PQtransactionStatus(s->k->pc) == PQTRANS_INTRANS ||
		PQtransactionStatus(s->k->pc) == PQTRANS_ACTIVE);
}

static int prepare_named(struct cr_pg_stmt *s, const Oid *types);

/* Sends s with its bindings in pipeline mode. */
static int send_deferred(struct cr_pg_stmt *s)
{
	struct cr_pg_conn *k = s->k;
	if (settle(k))
		return -1;
	if (s->prepared && s->gen != k->gen)
		s->prepared = false;
	if (!s->prepared) {
		if (!s->name[0])
			snprintf(s->name, sizeof s->name, "s%u", ++k->next_name);
		if (flush_pipe(k) || prepare_named(s, NULL))
			return -1;
	}
	if (PQpipelineStatus(k->pc) == PQ_PIPELINE_OFF && !PQenterPipelineMode(k->pc)) {
		set_err(k, NULL);
		return -1;
	}
	const char *vals[MAX_PARAMS];
	int lens[MAX_PARAMS], fmts[MAX_PARAMS];
	args(s, vals, lens, fmts, NULL);
	if (!PQsendQueryPrepared(k->pc, s->name, s->nparams, vals, lens, fmts, 0)) {
		set_err(k, NULL);
		flush_pipe(k);
		return -1;
	}
	if (++k->queued >= PIPE_MAX)
		return flush_pipe(k);
	return 0;
}

/* Holds s's row for COPY (store/pg_copy.h) instead of sending it; the held rows go when they
 * would otherwise be seen, when copy_max bytes are held (then behind the caller's back), or
 * when the table order asks. */
static int hold_row(struct cr_pg_stmt *s)
{
	struct cr_pg_conn *k = s->k;
	const char *vals[MAX_PARAMS];
	int lens[MAX_PARAMS], fmts[MAX_PARAMS];
	args(s, vals, lens, fmts, NULL);
	int rc = cr_pg_copies_add(k->copies, s->copy, s->nparams, vals, lens, fmts);
	if (rc == 1) {
		if (flush(k))
			return -1;
		rc = cr_pg_copies_add(k->copies, s->copy, s->nparams, vals, lens, fmts);
	}
	if (rc) {
		snprintf(k->err, sizeof k->err, "out of memory holding rows for COPY");
		k->deferred = true;
		return -1;
	}
	k->changes = 1;
	if (cr_pg_copies_bytes(k->copies) >= k->copy_max)
		return send_behind(k);
	return 0;
}

/* Prepares s under its name: without types first, then (outside a transaction) with the bound
 * values' types when PostgreSQL cannot tell a placeholder's type from its context. */
static int prepare_named(struct cr_pg_stmt *s, const Oid *types)
{
	struct cr_pg_conn *k = s->k;
	PGresult *r = PQprepare(k->pc, s->name, s->sql, s->nparams, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		if (!types || !st || !retry_with_types(st) || cr_pg_in_transaction(k)) {
			set_err(k, r);
			PQclear(r);
			return -1;
		}
		PQclear(r);
		r = PQprepare(k->pc, s->name, s->sql, s->nparams, types);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			set_err(k, r);
			PQclear(r);
			return -1;
		}
	}
	PQclear(r);
	s->prepared = true;
	s->gen = k->gen;
	return 0;
}

static PGresult *execute(struct cr_pg_stmt *s)
{
	struct cr_pg_conn *k = s->k;
	const char *vals[MAX_PARAMS];
	int lens[MAX_PARAMS], fmts[MAX_PARAMS];
	Oid types[MAX_PARAMS];
	args(s, vals, lens, fmts, types);
	if (!s->name[0]) {
		PGresult *r = PQexecParams(k->pc, s->sql, s->nparams, NULL, vals, lens, fmts, 0);
		const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		if (st && retry_with_types(st) && !cr_pg_in_transaction(k)) {
			PQclear(r);
			r = PQexecParams(k->pc, s->sql, s->nparams, types, vals, lens, fmts, 0);
		}
		return r;
	}
	if (s->prepared && s->gen != k->gen)
		s->prepared = false;
	if (!s->prepared && prepare_named(s, types))
		return NULL;
	return PQexecPrepared(k->pc, s->name, s->nparams, vals, lens, fmts, 0);
}

void cr_pg_stream(struct cr_pg_stmt *s)
{
	if (s->write || s->cursor[0])
		return;
	snprintf(s->cursor, sizeof s->cursor, "c%u", ++s->k->next_name);
	char *sql = malloc(strlen(s->sql) + 64);
	if (!sql) {
		s->cursor[0] = 0;
		return;
	}
	/* WITH HOLD: the cursor outlives the statement's transaction, so it needs none; the server
	 * keeps the rows, the client only a batch */
	snprintf(sql, strlen(s->sql) + 64, "DECLARE %s NO SCROLL CURSOR WITH HOLD FOR %s",
		 s->cursor, s->sql);
	free(s->sql);
	s->sql = sql;
}

/* The next batch of a streamed statement's rows; 0, or -1 with the error set. */
static int fetch_batch(struct cr_pg_stmt *s)
{
	char q[64];
	snprintf(q, sizeof q, "FETCH %d FROM %s", STREAM_BATCH, s->cursor);
	if (settle(s->k))
		return -1;
	PQclear(s->res);
	s->res = PQexec(s->k->pc, q);
	if (PQresultStatus(s->res) != PGRES_TUPLES_OK) {
		set_err(s->k, s->res);
		PQclear(s->res);
		s->res = NULL;
		return -1;
	}
	s->nrows = PQntuples(s->res);
	s->row = -1;
	s->exhausted = s->nrows < STREAM_BATCH;
	return 0;
}

int cr_pg_step(struct cr_pg_stmt *s)
{
	if (s->cursor[0] && s->open && s->row + 1 >= s->nrows && !s->exhausted) {
		PQfreemem(s->blob);
		s->blob = NULL;
		s->blob_col = -1;
		if (fetch_batch(s))
			return CR_SQL_ERROR;
	}
	if (!s->res && deferrable(s)) {
		s->k->wrote = true;
		if (s->copy && s->k->copies)
			return hold_row(s) ? CR_SQL_ERROR : CR_SQL_DONE;
		return flush_for(s) || send_deferred(s) ? CR_SQL_ERROR : CR_SQL_DONE;
	}
	if (!s->res) {
		if (flush_for(s) || flush_pipe(s->k))
			return CR_SQL_ERROR;
		bool in_tx = cr_pg_in_transaction(s->k);
		PGresult *r = execute(s);
		if (!r && !in_tx && cr_pg_broken(s->k) && !reconnect(s->k))
			r = execute(s);
		if (!r)
			return CR_SQL_ERROR; /* the prepare failed; set_err said why */
		ExecStatusType st = PQresultStatus(r);
		if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK && !in_tx &&
		    cr_pg_broken(s->k) && !reconnect(s->k)) {
			PQclear(r);
			r = execute(s);
			st = PQresultStatus(r);
		}
		if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
			set_err(s->k, r);
			PQclear(r);
			return CR_SQL_ERROR;
		}
		s->res = r;
		s->nrows = st == PGRES_TUPLES_OK ? PQntuples(r) : 0;
		s->row = -1;
		if (s->cursor[0]) {
			s->open = true;
			if (fetch_batch(s))
				return CR_SQL_ERROR;
		}
		if (s->write) {
			const char *n = PQcmdTuples(r);
			s->k->changes = n && *n ? atoll(n) : 0;
			s->k->wrote = true;
			if (!cr_pg_in_transaction(s->k) && cr_pg_announce(s->k, NULL))
				return CR_SQL_ERROR;
		}
	}
	PQfreemem(s->blob);
	s->blob = NULL;
	s->blob_col = -1;
	if (s->row + 1 < s->nrows) {
		s->row++;
		return CR_SQL_ROW;
	}
	s->row = s->nrows;
	return CR_SQL_DONE;
}

/* ---------------------------------------------------------------- columns */

static const char *value(struct cr_pg_stmt *s, int i)
{
	if (!s->res || s->row < 0 || s->row >= s->nrows || i < 0 || i >= PQnfields(s->res) ||
	    PQgetisnull(s->res, s->row, i))
		return NULL;
	return PQgetvalue(s->res, s->row, i);
}

int cr_pg_column_type(struct cr_pg_stmt *s, int i)
{
	const char *v = value(s, i);
	if (!v)
		return CR_SQL_NULL;
	switch (PQftype(s->res, i)) {
	case OID_BOOL:
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
		return CR_SQL_INTEGER;
	case OID_FLOAT4:
	case OID_FLOAT8:
		return CR_SQL_FLOAT;
	case OID_NUMERIC: /* sum() of integers is numeric: whole numbers stay integers */
		return strpbrk(v, ".eEN") ? CR_SQL_FLOAT : CR_SQL_INTEGER;
	case OID_BYTEA:
		return CR_SQL_BLOB;
	default:
		return CR_SQL_TEXT;
	}
}

long long cr_pg_column_int64(struct cr_pg_stmt *s, int i)
{
	const char *v = value(s, i);
	if (!v)
		return 0;
	if (PQftype(s->res, i) == OID_BOOL)
		return v[0] == 't';
	if (strpbrk(v, ".eE"))
		return (long long)strtod(v, NULL);
	return strtoll(v, NULL, 10);
}

double cr_pg_column_double(struct cr_pg_stmt *s, int i)
{
	const char *v = value(s, i);
	if (!v)
		return 0;
	if (PQftype(s->res, i) == OID_BOOL)
		return v[0] == 't';
	return strtod(v, NULL);
}

const unsigned char *cr_pg_column_text(struct cr_pg_stmt *s, int i)
{
	const char *v = value(s, i);
	if (v && PQftype(s->res, i) == OID_BOOL)
		return (const unsigned char *)(v[0] == 't' ? "1" : "0");
	return (const unsigned char *)v;
}

const void *cr_pg_column_blob(struct cr_pg_stmt *s, int i)
{
	const char *v = value(s, i);
	if (!v)
		return NULL;
	if (PQftype(s->res, i) != OID_BYTEA)
		return v;
	if (s->blob_col != i) {
		PQfreemem(s->blob);
		s->blob = PQunescapeBytea((const unsigned char *)v, &s->blob_len);
		s->blob_col = s->blob ? i : -1;
	}
	return s->blob;
}

int cr_pg_column_bytes(struct cr_pg_stmt *s, int i)
{
	if (!value(s, i))
		return 0;
	if (PQftype(s->res, i) == OID_BYTEA)
		return cr_pg_column_blob(s, i) ? (int)s->blob_len : 0;
	return PQgetlength(s->res, s->row, i);
}

int cr_pg_column_count(struct cr_pg_stmt *s)
{
	return s->res ? PQnfields(s->res) : 0;
}

/* ---------------------------------------------------------------- the connection */

bool cr_pg_stmt_writes(const struct cr_pg_stmt *s, unsigned *tables)
{
	*tables = s->tables;
	return s->write;
}

long long cr_pg_changes(struct cr_pg_conn *k)
{
	/* the pipeline's answers, not the rows held for COPY: a held row counts one, and the last
	 * write's count does not wait for them (a load's re-graded point, an UPDATE whose count is
	 * checked, then sent its version's and audit entry's one-row COPYs each) */
	flush_pipe(k); /* a failure stays in k->err for the next statement */
	return k->changes;
}

long long cr_pg_last_id(struct cr_pg_conn *k)
{
	/* the session's last sequence value: every table with an id takes it from an identity */
	if (flush(k))
		return 0;
	PGresult *r = PQexec(k->pc, "SELECT lastval()");
	long long id = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1
			       ? strtoll(PQgetvalue(r, 0, 0), NULL, 10)
			       : 0;
	PQclear(r);
	return id;
}

const char *cr_pg_errmsg(struct cr_pg_conn *k)
{
	return k->err;
}

bool cr_pg_constraint_failed(const struct cr_pg_conn *k)
{
	return k->sqlstate[0] == '2' && k->sqlstate[1] == '3';
}

int cr_pg_exec(struct cr_pg_conn *k, const char *sql, struct cr_err *err)
{
	bool rollback = cr_pg_starts_word(sql, "ROLLBACK");
	if (rollback && k->copies)
		cr_pg_copies_drop(k->copies); /* rows held for a transaction that is given up */
	if (flush(k) && !rollback) {
		if (err)
			cr_err_set(err, cr_pg_constraint_failed(k) ? 409 : 500,
				   cr_pg_constraint_failed(k) ? "conflict" : "db", "", "%s",
				   k->err);
		return -1;
	}
	if (k->deferred && !rollback) {
		/* a queued write failed: the transaction is lost, whatever comes next */
		if (err)
			cr_err_set(err, 500, "db", "", "%s", k->err);
		return -1;
	}
	PGresult *r = PQexec(k->pc, sql);
	if (rollback)
		k->deferred = false;
	ExecStatusType st = PQresultStatus(r);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		set_err(k, r);
		PQclear(r);
		if (err)
			cr_err_set(err, cr_pg_constraint_failed(k) ? 409 : 500,
				   cr_pg_constraint_failed(k) ? "conflict" : "db", "", "%s",
				   k->err);
		return -1;
	}
	PQclear(r);
	return 0;
}

/* Neither question waits for rows being sent behind: the sender has the connection until
 * settle, which tells whether it broke, and sends only inside a transaction. */
bool cr_pg_broken(struct cr_pg_conn *k)
{
	return !k->sending && PQstatus(k->pc) != CONNECTION_OK;
}

bool cr_pg_in_transaction(struct cr_pg_conn *k)
{
	if (k->sending)
		return true;
	PGTransactionStatusType t = PQtransactionStatus(k->pc);
	return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

int cr_pg_announce(struct cr_pg_conn *k, struct cr_err *err)
{
	if (!k->wrote)
		return 0;
	k->wrote = false;
	return cr_pg_exec(k, "NOTIFY " CHANNEL, err);
}

void cr_pg_set_bulk(struct cr_pg_conn *k, bool on)
{
	if (!on)
		flush(k); /* a failure stays in k->err for the next statement */
	/* plain inserts go in as COPY, ordered by the database's foreign keys */
	if (on && !k->copies && !flush_pipe(k) && (k->copies = cr_pg_copies_new()) &&
	    cr_pg_copies_keys(k->copies, k->pc, k->err, sizeof k->err)) {
		cr_pg_copies_free(k->copies);
		k->copies = NULL;
	}
	/* A prepared statement's generic plan is made once, from the tables' sizes then: during a
	 * load that starts from empty tables it would scan tables that have since grown (the next
	 * review step's number, a unit's risk points). A load plans each execution afresh until
	 * its tables are analyzed (cr_pg_analyzed). */
	if (on != k->bulk && !k->deferred)
		cr_pg_exec(k,
			   on ? "SET plan_cache_mode = force_custom_plan" : "RESET plan_cache_mode",
			   NULL);
	k->bulk = on;
}

void cr_pg_analyzed(struct cr_pg_conn *k)
{
	/* a failure stays in k->err for the next statement */
	if (k->bulk && !k->deferred)
		cr_pg_exec(k, "RESET plan_cache_mode", NULL);
}

bool cr_pg_foreign_writes(struct cr_pg_conn *k)
{
	if (k->sending)
		return false; /* mid-load, as below */
	if (PQpipelineStatus(k->pc) != PQ_PIPELINE_OFF)
		return false; /* mid-load: its own transaction; looked at again after it */
	if (!PQconsumeInput(k->pc))
		return true; /* a broken connection: assume the worst */
	PGnotify *n;
	while ((n = PQnotifies(k->pc))) {
		if (n->be_pid != k->backend_pid)
			k->foreign = true;
		PQfreemem(n);
	}
	bool f = k->foreign;
	k->foreign = false;
	return f;
}

/* ---------------------------------------------------------------- COPY */

static int copy_fail(struct cr_pg_conn *k, const PGresult *r, struct cr_err *err)
{
	set_err(k, r);
	return cr_err_set(err, cr_pg_constraint_failed(k) ? 409 : 500,
			  cr_pg_constraint_failed(k) ? "conflict" : "db", "", "%s", k->err);
}

int cr_pg_copy_begin(struct cr_pg_conn *k, const char *sql, struct cr_err *err)
{
	if (flush(k))
		return cr_err_set(err, 500, "db", "", "%s", k->err);
	PGresult *r = PQexec(k->pc, sql);
	int rc = PQresultStatus(r) == PGRES_COPY_IN ? 0 : copy_fail(k, r, err);
	PQclear(r);
	if (!rc)
		k->wrote = true;
	return rc;
}

int cr_pg_copy_put(struct cr_pg_conn *k, const char *data, size_t len, struct cr_err *err)
{
	return PQputCopyData(k->pc, data, (int)len) == 1 ? 0 : copy_fail(k, NULL, err);
}

int cr_pg_copy_end(struct cr_pg_conn *k, long long *rows, struct cr_err *err)
{
	int rc = PQputCopyEnd(k->pc, NULL) == 1 ? 0 : copy_fail(k, NULL, err);
	PGresult *r;
	/* the rows' errors (a bad value, a broken constraint) come back here */
	while ((r = PQgetResult(k->pc))) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			if (!rc)
				rc = copy_fail(k, r, err);
		} else if (rows) {
			*rows = strtoll(PQcmdTuples(r), NULL, 10);
		}
		PQclear(r);
	}
	return rc;
}

/* db.c — database connections (one per thread), statement cache, transactions and migrations,
 * on the embedded SQLite file or on PostgreSQL (pg.c) when the path is a postgres:// URL.
 * It must not hold domain logic or SQL for a particular entity: that lives in store_*.c. */
#include "store/db.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "store/checkpointer.h"
#include "store/query_cache.h"
#include "store/replica.h"
#include "store/schema.h"
#include "store/sql_impl.h"

struct cr_db {
	char *path; /* a file, or a postgres:// URL */
	bool pg;
	struct cr_replica *replica; /* --db-read: the standby list and statistics reads go to */
	struct cr_checkpointer *checkpoints; /* SQLite: cr_db_checkpoint_in_background */
};

static _Thread_local struct cr_conn *tl_conn;
/* The thread's connection to the read replica, and whether the thread's current request reads
 * there (cr_db_read_conn until cr_db_read_end). */
static _Thread_local struct cr_conn *tl_read;
static _Thread_local bool tl_on_replica;
/* The keys' destructor closes a worker thread's connections when the thread ends (the HTTP
 * server's pool threads end at shutdown), so nothing leaks. */
static pthread_key_t conn_key, read_key;
static pthread_once_t conn_key_once = PTHREAD_ONCE_INIT;

static void conn_free(void *p);
static void conn_key_make(void)
{
	pthread_key_create(&conn_key, conn_free);
	pthread_key_create(&read_key, conn_free);
}

/* Each connection's page cache (PRAGMA cache_size, KiB): 128 MiB unless a budget says less. */
static long long page_cache_kib = 131072;

void cr_db_page_cache(size_t bytes)
{
	page_cache_kib = (long long)(bytes / 1024) < 1024 ? 1024 : (long long)(bytes / 1024);
}

static int lite_exec(sqlite3 *c, const char *sql, struct cr_err *err)
{
	char *msg = NULL;
	if (sqlite3_exec(c, sql, NULL, NULL, &msg) != SQLITE_OK) {
		cr_err_set(err, 500, "db", "", "%s", msg ? msg : "sqlite error");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* The file at path opened with flags (besides NOMUTEX), waiting up to 10 s for a lock. */
static sqlite3 *lite_handle(const char *path, int flags, int status, struct cr_err *err)
{
	sqlite3 *c = NULL;
	int rc = sqlite3_open_v2(path, &c, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		cr_err_set(err, status, status == 500 ? "db" : "invalid", "", "cannot open %s: %s",
			   path, c ? sqlite3_errmsg(c) : sqlite3_errstr(rc));
		sqlite3_close(c);
		return NULL;
	}
	sqlite3_busy_timeout(c, 10000);
	return c;
}

static sqlite3 *lite_open(const char *path, struct cr_err *err)
{
	sqlite3 *c = lite_handle(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 500, err);
	if (!c)
		return NULL;
	/* WAL lets readers run beside the one writer; NORMAL sync is durable across application
	 * crashes and loses at most the last transactions on power loss (SQLite docs, "WAL"). */
	if (lite_exec(c,
		      "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
		      "PRAGMA temp_store=MEMORY; PRAGMA mmap_size=268435456;",
		      err)) {
		sqlite3_close(c);
		return NULL;
	}
	/* The page cache is anonymous memory, one per connection; the mapped file is not. */
	char pragma[64];
	snprintf(pragma, sizeof pragma, "PRAGMA cache_size=-%lld", page_cache_kib);
	if (lite_exec(c, pragma, err)) {
		sqlite3_close(c);
		return NULL;
	}
	return c;
}

bool cr_db_url_is_pg(const char *path)
{
	return !strncmp(path, "postgres://", 11) || !strncmp(path, "postgresql://", 13);
}

struct cr_conn *cr_db_conn_open(const char *path, bool listen, struct cr_err *err)
{
	struct cr_conn *k = calloc(1, sizeof *k);
	if (!k) {
		cr_err_set(err, 500, "oom", "", "out of memory");
		return NULL;
	}
	if (cr_db_url_is_pg(path) ? !(k->pg = cr_pg_connect(path, listen, err))
				  : !(k->lite = lite_open(path, err))) {
		free(k);
		return NULL;
	}
	return k;
}

static struct cr_conn *conn_open(const char *path, struct cr_err *err)
{
	return cr_db_conn_open(path, true, err);
}

struct cr_conn *cr_db_adopt_lite(sqlite3 *c)
{
	struct cr_conn *k = calloc(1, sizeof *k);
	if (!k) {
		sqlite3_close(c);
		return NULL;
	}
	k->lite = c;
	return k;
}

/* PostgreSQL bulk mode: ids for one table's new rows, reserved from its identity's sequence a
 * block at a time (the rest of a block is a gap in the ids, as a rolled-back insert leaves). A
 * block is one setval past a nextval, so its size costs nothing: it doubles from ID_BLOCK_FIRST
 * (a small load leaves a small gap) to ID_BLOCK_MAX (a province's 5 million risk points take 80
 * round trips, not 4,900). Another writer cannot take ids in between: bulk mode runs in a write
 * transaction, which holds the writers' lock (cr_db_begin). */
#define ID_BLOCK_FIRST 1024
#define ID_BLOCK_MAX 65536
struct cr_id_block {
	struct cr_id_block *next;
	const char *table;
	long long at, left, size; /* the next id, how many remain, the last block's size */
};

static void ids_free(struct cr_conn *k)
{
	while (k->ids) {
		struct cr_id_block *b = k->ids;
		k->ids = b->next;
		free(b);
	}
}

static void conn_close(struct cr_conn *k)
{
	if (!k)
		return;
	for (int i = 0; i < CR_STMT_CACHE; i++) {
		if (!k->slots[i].sql)
			continue;
		if (k->slots[i].st.pg)
			cr_pg_finalize(k->slots[i].st.pg);
		else
			sqlite3_finalize(k->slots[i].st.lite);
	}
	ids_free(k);
	if (k->pg)
		cr_pg_close(k->pg);
	else
		sqlite3_close(k->lite);
	free(k);
}

/* SQLite's memory statistics take a global mutex on every allocation; we do not read them, and
 * with one connection per thread that mutex was the one point the threads met. */
static void global_init(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_initialize();
}

struct cr_db *cr_db_open(const char *path, struct cr_err *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, global_init);
	struct cr_conn *c = conn_open(path, err);
	if (!c)
		return NULL;
	int rc = cr_schema_migrate(c, err);
	conn_close(c);
	if (rc)
		return NULL;
	struct cr_db *db = calloc(1, sizeof *db);
	if (!db || !(db->path = strdup(path))) {
		free(db);
		cr_err_set(err, 500, "oom", "", "out of memory");
		return NULL;
	}
	db->pg = cr_db_url_is_pg(path);
	return db;
}

static void conn_free(void *p)
{
	conn_close(p);
}

/* Closes one of the thread's connections (*slot, kept under key). */
static void thread_conn_done(struct cr_conn **slot, pthread_key_t key)
{
	struct cr_conn *k = *slot;
	if (!k)
		return;
	pthread_setspecific(key, NULL);
	*slot = NULL;
	conn_close(k);
}

static void primary_done(void)
{
	thread_conn_done(&tl_conn, conn_key);
}

static void read_done(void)
{
	thread_conn_done(&tl_read, read_key);
}

void cr_db_thread_done(void)
{
	primary_done();
	read_done();
}

void cr_db_close(struct cr_db *db)
{
	if (!db)
		return;
	if (tl_conn && tl_conn->db == db)
		primary_done();
	if (tl_read && tl_read->db == db)
		read_done();
	cr_replica_stop(db->replica);
	cr_checkpointer_stop(db->checkpoints);
	free(db->path);
	free(db);
}

struct cr_conn *cr_db_reader_open(struct cr_db *db, struct cr_err *err)
{
	bool replica = tl_on_replica && db->replica;
	struct cr_conn *k = replica ? cr_db_conn_open(cr_replica_url(db->replica), false, err)
				    : conn_open(db->path, err);
	if (k) {
		k->db = db;
		k->read = replica;
	}
	return k;
}

struct cr_conn *cr_db_reader_beside(struct cr_conn *c)
{
	struct cr_err e = { 0 };
	struct cr_conn *k = c->db ? cr_db_conn_open(c->db->path, false, &e) : NULL;
	if (k)
		k->db = c->db;
	return k;
}

struct cr_conn *cr_db_connect(const char *path, struct cr_err *err)
{
	return conn_open(path, err);
}

struct cr_conn *cr_db_connect_readonly(const char *path, struct cr_err *err)
{
	sqlite3 *c = lite_handle(path, SQLITE_OPEN_READONLY, 400, err);
	if (!c)
		return NULL;
	struct cr_conn *k = cr_db_adopt_lite(c);
	if (!k)
		cr_err_set(err, 500, "oom", "", "out of memory");
	return k;
}

void cr_db_reader_close(struct cr_conn *c)
{
	conn_close(c);
}

const char *cr_db_path(const struct cr_db *db)
{
	return db->path;
}

bool cr_db_is_pg(const struct cr_db *db)
{
	return db->pg;
}

static void forget_answers(void)
{
	cr_count_cache_invalidate();
	cr_query_cache_tables_changed(~0u);
}

/* Another connection (another thread, or another process such as the CLI) committed since this
 * connection last looked: cached query results may be stale. */
static bool foreign_writes(struct cr_conn *k)
{
	bool changed;
	if (k->pg) {
		changed = cr_pg_foreign_writes(k->pg);
	} else {
		struct cr_stmt *s = cr_db_stmt(k, "PRAGMA data_version");
		long long v = cr_stmt_step(s) == CR_SQL_ROW ? cr_stmt_column_int64(s, 0) : 0;
		cr_stmt_reset(s);
		changed = v != k->data_version;
		k->data_version = v;
	}
	return changed;
}

/* Other processes' writes (a CLI import, another server on the same file or, on PostgreSQL,
 * another server's NOTIFY) drop the answers cached from before them. Asking costs a read
 * transaction on SQLite (PRAGMA data_version: two fcntl locks), 15 % of the unit list's CPU
 * when every request asked (perf, docs/PERFORMANCE.md), so a connection asks at most once a
 * millisecond: another process's write may go unseen that long. This process's own writes
 * drop what they touch at their commit (tables_done), whatever this says. */
#define FOREIGN_ASK_NS 1000000LL

static void notice_foreign_writes(struct cr_conn *k)
{
	long long now = cr_clock_mono_ns();
	if (k->foreign_asked_ns && now - k->foreign_asked_ns < FOREIGN_ASK_NS)
		return;
	k->foreign_asked_ns = now;
	if (foreign_writes(k))
		forget_answers();
}

bool cr_db_poll_writes(struct cr_conn *c)
{
	return foreign_writes(c);
}

/* Notes which tables the query cache tells apart this connection writes (rowid tables only:
 * the tracked ones are). */
static void on_update(void *arg, int op, const char *db, const char *table, sqlite3_int64 rowid)
{
	(void)op;
	(void)db;
	(void)rowid;
	((struct cr_conn *)arg)->dirty |= cr_query_cache_table_bit(table);
}

/* After a commit or a rollback: answers that read a table this connection wrote are stale
 * (a connection without the hook: any table may have changed). */
static void tables_done(struct cr_conn *c)
{
	if (c == tl_conn) {
		cr_query_cache_tables_changed(c->dirty);
		c->dirty = 0;
	} else {
		cr_query_cache_tables_changed(~0u);
	}
}

struct cr_conn *cr_db_conn(struct cr_db *db)
{
	/* a PostgreSQL connection lost (a restart, a failover) is opened again, statements too */
	if (tl_conn && tl_conn->db == db) {
		notice_foreign_writes(tl_conn);
		if (!(tl_conn->pg && cr_pg_broken(tl_conn->pg)))
			return tl_conn;
	}
	if (tl_conn)
		primary_done();
	struct cr_err err;
	struct cr_conn *k = conn_open(db->path, &err);
	if (!k) {
		fprintf(stderr, "cityrisk: %s\n", err.message);
		return NULL;
	}
	k->db = db;
	if (k->lite) {
		sqlite3_update_hook(k->lite, on_update, k);
		if (db->checkpoints)
			cr_checkpointer_attach(db->checkpoints, k->lite);
	} else /* what other servers wrote while this thread had no connection is unknown */
		forget_answers();
	tl_conn = k;
	pthread_once(&conn_key_once, conn_key_make);
	pthread_setspecific(conn_key, k);
	return k;
}

int cr_db_read_replica(struct cr_db *db, const char *url, long long max_lag_ms, struct cr_err *err)
{
	if (!db->pg || !cr_db_url_is_pg(url))
		return cr_err_set(err, 400, "invalid", "db-read",
				  "--db-read needs a PostgreSQL --db and a postgres:// URL (a "
				  "streaming standby of it)");
	return (db->replica = cr_replica_start(url, db->path, max_lag_ms, err)) ? 0 : -1;
}

void cr_db_checkpoint_in_background(struct cr_db *db)
{
	if (db->pg || db->checkpoints || !(db->checkpoints = cr_checkpointer_start(db->path)))
		return;
	if (tl_conn && tl_conn->db == db) /* the calling thread's, opened before */
		cr_checkpointer_attach(db->checkpoints, tl_conn->lite);
}

unsigned long long cr_db_checkpoints_run(const struct cr_db *db)
{
	return cr_checkpointer_runs(db->checkpoints);
}

const struct cr_replica *cr_db_replica(const struct cr_db *db)
{
	return db->replica;
}

/* The thread's replica connection, opened again when it was lost; NULL when it cannot be. */
static struct cr_conn *read_conn(struct cr_db *db)
{
	if (tl_read && (tl_read->db != db || cr_pg_broken(tl_read->pg)))
		read_done();
	if (tl_read)
		return tl_read;
	struct cr_err err;
	struct cr_conn *k = cr_db_conn_open(cr_replica_url(db->replica), false, &err);
	if (!k)
		return NULL;
	k->db = db;
	k->read = true;
	tl_read = k;
	pthread_once(&conn_key_once, conn_key_make);
	pthread_setspecific(read_key, k);
	return k;
}

struct cr_conn *cr_db_read_conn(struct cr_db *db, unsigned long long need_lsn,
				enum cr_read_why *why)
{
	*why = db->replica ? cr_replica_verdict(db->replica, need_lsn) : CR_READ_DOWN;
	if (!db->replica || (*why != CR_READ_REPLICA && *why != CR_READ_OWN_WRITE))
		return NULL;
	struct cr_conn *k = read_conn(db);
	if (!k) {
		*why = CR_READ_DOWN;
		return NULL;
	}
	if (*why == CR_READ_OWN_WRITE) {
		/* the watcher's position is up to 100 ms old: ask the standby itself */
		unsigned long long at = 0;
		if (cr_replica_read_replay(k, &at) || at < need_lsn)
			return NULL;
		cr_replica_replayed(db->replica, at);
		*why = CR_READ_REPLICA;
	}
	tl_on_replica = true;
	return k;
}

void cr_db_read_end(void)
{
	tl_on_replica = false;
}

bool cr_db_reading_replica(void)
{
	return tl_on_replica;
}

struct cr_conn *cr_db_primary(struct cr_conn *c)
{
	if (!c->read)
		return c;
	/* the request's own, taken (and others' writes heard on it) when the request began */
	if (tl_conn && tl_conn->db == c->db && !(tl_conn->pg && cr_pg_broken(tl_conn->pg)))
		return tl_conn;
	return cr_db_conn(c->db);
}

static int stmt_prepare(struct cr_conn *c, const char *sql, bool cached, struct cr_stmt *st,
			struct cr_err *err)
{
	st->conn = c;
	if (c->pg)
		return (st->pg = cr_pg_prepare(c->pg, sql, cached, err)) ? 0 : -1;
	if (sqlite3_prepare_v3(c->lite, sql, -1, cached ? SQLITE_PREPARE_PERSISTENT : 0, &st->lite,
			       NULL) != SQLITE_OK)
		return cr_db_fail(c, err);
	return 0;
}

struct cr_stmt *cr_db_stmt(struct cr_conn *c, const char *sql)
{
	size_t h = ((size_t)(uintptr_t)sql >> 4) % CR_STMT_CACHE;
	for (size_t i = 0; i < CR_STMT_CACHE; i++) {
		struct cr_stmt_slot *s = &c->slots[(h + i) % CR_STMT_CACHE];
		if (s->sql == sql) {
			if (s->st.pg) {
				cr_pg_reset(s->st.pg);
				cr_pg_clear_bindings(s->st.pg);
			} else {
				sqlite3_reset(s->st.lite);
				sqlite3_clear_bindings(s->st.lite);
			}
			return &s->st;
		}
		if (!s->sql) {
			struct cr_err err;
			if (stmt_prepare(c, sql, true, &s->st, &err)) {
				fprintf(stderr, "cityrisk: prepare: %s\n%s\n", err.message, sql);
				abort();
			}
			s->sql = sql;
			return &s->st;
		}
	}
	fprintf(stderr, "cityrisk: statement cache full; raise CR_STMT_CACHE\n");
	abort();
}

struct cr_stmt *cr_db_prepare(struct cr_conn *c, const char *sql, struct cr_err *err)
{
	struct cr_stmt *s = calloc(1, sizeof *s);
	if (!s) {
		cr_err_set(err, 500, "oom", "", "out of memory");
		return NULL;
	}
	if (stmt_prepare(c, sql, false, s, err)) {
		free(s);
		return NULL;
	}
	return s;
}

int cr_db_run(struct cr_conn *c, struct cr_stmt *s, struct cr_err *err)
{
	int rc = cr_stmt_step(s) == CR_SQL_DONE ? 0 : cr_db_fail(c, err);
	cr_stmt_reset(s);
	return rc;
}

int cr_db_exec(struct cr_conn *c, const char *sql, struct cr_err *err)
{
	return c->pg ? cr_pg_exec(c->pg, sql, err) : lite_exec(c->lite, sql, err);
}

bool cr_db_job_lead(struct cr_conn *c, const char *job)
{
	if (!c->pg)
		return true;
	struct cr_stmt *s = cr_db_stmt(c, "SELECT pg_try_advisory_lock(20261202, hashtext(?))");
	cr_stmt_bind_text(s, 1, job, -1, CR_SQL_STATIC);
	bool lead = cr_stmt_step(s) == CR_SQL_ROW && cr_stmt_column_int(s, 0);
	cr_stmt_reset(s);
	return lead;
}

void cr_db_set_bulk(struct cr_conn *c, bool on)
{
	if (!c->pg)
		return;
	cr_pg_set_bulk(c->pg, on);
	/* a load's commit need not wait for its WAL to reach the disk: a crash before it is
	 * flushed loses the load, which is run again, as a crash before the commit would */
	if (on && !c->bulk)
		cr_pg_exec(c->pg, "SET LOCAL synchronous_commit TO off", NULL);
	c->bulk = on;
	c->audit_hash[0] = 0;
	if (!on)
		ids_free(c);
}

char *cr_db_bulk_audit_hash(struct cr_conn *c)
{
	return c->pg && c->bulk ? c->audit_hash : NULL;
}

int cr_db_bulk_id(struct cr_conn *c, const char *table, long long *id, struct cr_err *err)
{
	if (!c->pg || !c->bulk)
		return 0;
	struct cr_id_block *b = c->ids;
	while (b && strcmp(b->table, table) != 0)
		b = b->next;
	if (!b) {
		if (!(b = calloc(1, sizeof *b)))
			return cr_err_set(err, 500, "oom", "", "out of memory");
		b->table = table;
		b->next = c->ids;
		c->ids = b;
	}
	if (b->left == 0) {
		struct cr_stmt *s =
			cr_db_stmt(c, "SELECT setval(pg_get_serial_sequence(?1,'id'),"
				      " nextval(pg_get_serial_sequence(?1,'id')) + ?2 - 1)");
		b->size = b->size ? b->size * 2 : ID_BLOCK_FIRST;
		if (b->size > ID_BLOCK_MAX)
			b->size = ID_BLOCK_MAX;
		cr_stmt_bind_text(s, 1, table, -1, CR_SQL_STATIC);
		cr_stmt_bind_int64(s, 2, b->size);
		int rc = cr_stmt_step(s);
		long long last = rc == CR_SQL_ROW ? cr_stmt_column_int64(s, 0) : 0;
		if (rc == CR_SQL_ROW)
			rc = cr_stmt_step(s);
		if (cr_db_done(c, rc, err))
			return -1;
		if (last < b->size)
			return cr_err_set(err, 500, "db", "", "no ids for %s", table);
		b->at = last - b->size + 1;
		b->left = b->size;
	}
	*id = b->at++;
	b->left--;
	return 1;
}

/* On PostgreSQL a bare ANALYZE also analyzes the system catalogues, and their shared ones are
 * locked until the load's commit: a second load on the same cluster then waited 805 s for it
 * (docs/PERFORMANCE.md "Scale 1 and scale 10"). So only the application's own tables. */
int cr_db_analyze(struct cr_conn *c, struct cr_err *err)
{
	if (!c->pg)
		return cr_db_exec(c, "ANALYZE", err);
	if (cr_db_exec(c,
		       "DO $$DECLARE t text; BEGIN FOR t IN SELECT format('%I.%I', schemaname,"
		       " tablename) FROM pg_tables WHERE schemaname = current_schema() AND"
		       " tablename <> 'spatial_ref_sys' LOOP EXECUTE 'ANALYZE ' || t; END LOOP;"
		       " END$$",
		       err))
		return -1;
	cr_pg_analyzed(c->pg);
	return 0;
}

/* PostgreSQL: one writer at a time across every server on the database, as SQLite's BEGIN
 * IMMEDIATE gives in one file — the audit chain and version checks read then write. */
#define PG_WRITER_LOCK "SELECT pg_advisory_xact_lock(20261201)"

int cr_db_begin(struct cr_conn *c, struct cr_err *err)
{
	if (c->pg)
		return cr_pg_exec(c->pg, "BEGIN; " PG_WRITER_LOCK, err);
	return cr_db_exec(c, "BEGIN IMMEDIATE", err);
}

int cr_db_commit(struct cr_conn *c, struct cr_err *err)
{
	if ((c->pg && cr_pg_announce(c->pg, err)) || cr_db_exec(c, "COMMIT", err)) {
		cr_db_rollback(c);
		return -1;
	}
	cr_count_cache_invalidate();
	tables_done(c);
	return 0;
}

void cr_db_rollback(struct cr_conn *c)
{
	if (c->pg) {
		if (cr_pg_in_transaction(c->pg))
			cr_pg_exec(c->pg, "ROLLBACK", NULL);
	} else if (!sqlite3_get_autocommit(c->lite)) {
		sqlite3_exec(c->lite, "ROLLBACK", NULL, NULL, NULL);
	}
	if (!c->read) /* a replica's connection writes nothing */
		tables_done(c);
}

int cr_db_fail(struct cr_conn *c, struct cr_err *err)
{
	bool constraint = c->pg ? cr_pg_constraint_failed(c->pg)
				: (sqlite3_extended_errcode(c->lite) & 0xff) == SQLITE_CONSTRAINT;
	if (constraint)
		return cr_err_set(err, 409, "conflict", "", "%s", cr_conn_errmsg(c));
	return cr_err_set(err, 500, "db", "", "database error: %s", cr_conn_errmsg(c));
}

int cr_db_done(struct cr_conn *c, int rc, struct cr_err *err)
{
	return rc == CR_SQL_DONE ? 0 : cr_db_fail(c, err);
}

int cr_db_loop_end(struct cr_conn *c, struct cr_stmt *s, bool one_off, int rc, struct cr_err *err)
{
	int out = rc == CR_SQL_NOMEM ? cr_err_set(err, 500, "oom", "", "out of memory")
				     : cr_db_done(c, rc, err);
	if (one_off)
		cr_stmt_finalize(s);
	else
		cr_stmt_reset(s);
	return out;
}

const char *cr_col_text(struct cr_stmt *s, int i)
{
	const unsigned char *t = cr_stmt_column_text(s, i);
	return t ? (const char *)t : "";
}

json_t *cr_col_json_num(struct cr_stmt *s, int i)
{
	switch (cr_stmt_column_type(s, i)) {
	case CR_SQL_NULL:
		return json_null();
	case CR_SQL_INTEGER:
		return json_integer(cr_stmt_column_int64(s, i));
	default:
		return json_real(cr_stmt_column_double(s, i));
	}
}

json_t *cr_col_json_text(struct cr_stmt *s, int i)
{
	return cr_stmt_column_type(s, i) == CR_SQL_NULL ? json_null()
							: json_string(cr_col_text(s, i));
}

json_t *cr_col_json_parsed(struct cr_stmt *s, int i)
{
	const char *t = (const char *)cr_stmt_column_text(s, i);
	json_t *v = t ? json_loads(t, JSON_DECODE_ANY, NULL) : NULL;
	return v ? v : json_null();
}

/* db.c — SQLite connections (one per thread), statement cache, transactions and migrations.
 * It must not hold domain logic or SQL for a particular entity: that lives in store_*.c. */
#include "store/db.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/query_cache.h"
#include "store/schema.h"

#define STMT_CACHE 512

struct cr_db {
	char *path;
};

struct stmt_slot {
	const char *sql;
	sqlite3_stmt *stmt;
};

struct conn {
	struct cr_db *db;
	sqlite3 *c;
	long long data_version; /* last PRAGMA data_version seen */
	unsigned dirty;         /* query-cache tables (CR_QC_*) written since the last commit */
	struct stmt_slot slots[STMT_CACHE];
};

static _Thread_local struct conn *tl_conn;
/* The key's destructor closes a worker thread's connection when the thread ends (the HTTP
 * server's pool threads end at shutdown), so nothing leaks. */
static pthread_key_t conn_key;
static pthread_once_t conn_key_once = PTHREAD_ONCE_INIT;

static void conn_free(void *p);
static void conn_key_make(void)
{
	pthread_key_create(&conn_key, conn_free);
}

/* Each connection's page cache (PRAGMA cache_size, KiB): 128 MiB unless a budget says less. */
static long long page_cache_kib = 131072;

void cr_db_page_cache(size_t bytes)
{
	page_cache_kib = (long long)(bytes / 1024) < 1024 ? 1024 : (long long)(bytes / 1024);
}

static sqlite3 *conn_open(const char *path, struct cr_err *err)
{
	sqlite3 *c = NULL;
	int rc = sqlite3_open_v2(
		path, &c, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		cr_err_set(err, 500, "db", "", "cannot open %s: %s", path,
			   c ? sqlite3_errmsg(c) : sqlite3_errstr(rc));
		sqlite3_close(c);
		return NULL;
	}
	sqlite3_busy_timeout(c, 10000);
	/* WAL lets readers run beside the one writer; NORMAL sync is durable across application
	 * crashes and loses at most the last transactions on power loss (SQLite docs, "WAL"). */
	if (cr_db_exec(c,
		       "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
		       "PRAGMA temp_store=MEMORY; PRAGMA mmap_size=268435456;",
		       err)) {
		sqlite3_close(c);
		return NULL;
	}
	/* The page cache is anonymous memory, one per connection; the mapped file is not. */
	char pragma[64];
	snprintf(pragma, sizeof pragma, "PRAGMA cache_size=-%lld", page_cache_kib);
	if (cr_db_exec(c, pragma, err)) {
		sqlite3_close(c);
		return NULL;
	}
	return c;
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
	sqlite3 *c = conn_open(path, err);
	if (!c)
		return NULL;
	int rc = cr_schema_migrate(c, err);
	sqlite3_close(c);
	if (rc)
		return NULL;
	struct cr_db *db = calloc(1, sizeof *db);
	if (!db || !(db->path = strdup(path))) {
		free(db);
		cr_err_set(err, 500, "oom", "", "out of memory");
		return NULL;
	}
	return db;
}

static void conn_free(void *p)
{
	struct conn *k = p;
	for (int i = 0; i < STMT_CACHE; i++)
		sqlite3_finalize(k->slots[i].stmt);
	sqlite3_close(k->c);
	free(k);
}

void cr_db_thread_done(void)
{
	struct conn *k = tl_conn;
	if (!k)
		return;
	pthread_setspecific(conn_key, NULL);
	tl_conn = NULL;
	conn_free(k);
}

void cr_db_close(struct cr_db *db)
{
	if (!db)
		return;
	if (tl_conn && tl_conn->db == db)
		cr_db_thread_done();
	free(db->path);
	free(db);
}

sqlite3 *cr_db_reader_open(struct cr_db *db, struct cr_err *err)
{
	return conn_open(db->path, err);
}

void cr_db_reader_close(sqlite3 *c)
{
	sqlite3_close(c);
}

const char *cr_db_path(const struct cr_db *db)
{
	return db->path;
}

/* Another connection (another thread, or another process such as the CLI) committed since this
 * connection last looked: cached query results may be stale. */
static void notice_foreign_writes(struct conn *k)
{
	sqlite3_stmt *s = cr_db_stmt(k->c, "PRAGMA data_version");
	long long v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	if (v != k->data_version) {
		k->data_version = v;
		cr_count_cache_invalidate();
		cr_query_cache_tables_changed(~0u);
	}
}

/* Notes which tables the query cache tells apart this connection writes (rowid tables only:
 * the tracked ones are). */
static void on_update(void *arg, int op, const char *db, const char *table, sqlite3_int64 rowid)
{
	(void)op;
	(void)db;
	(void)rowid;
	((struct conn *)arg)->dirty |= cr_query_cache_table_bit(table);
}

/* After a commit or a rollback: answers that read a table this connection wrote are stale
 * (a connection without the hook: any table may have changed). */
static void tables_done(sqlite3 *c)
{
	struct conn *k = tl_conn;
	if (k && k->c == c) {
		cr_query_cache_tables_changed(k->dirty);
		k->dirty = 0;
	} else {
		cr_query_cache_tables_changed(~0u);
	}
}

sqlite3 *cr_db_conn(struct cr_db *db)
{
	if (tl_conn && tl_conn->db == db) {
		notice_foreign_writes(tl_conn);
		return tl_conn->c;
	}
	if (tl_conn)
		cr_db_thread_done();
	struct cr_err err;
	sqlite3 *c = conn_open(db->path, &err);
	if (!c) {
		fprintf(stderr, "cityrisk: %s\n", err.message);
		return NULL;
	}
	struct conn *k = calloc(1, sizeof *k);
	if (!k) {
		sqlite3_close(c);
		return NULL;
	}
	k->db = db;
	k->c = c;
	sqlite3_update_hook(c, on_update, k);
	tl_conn = k;
	pthread_once(&conn_key_once, conn_key_make);
	pthread_setspecific(conn_key, k);
	return c;
}

sqlite3_stmt *cr_db_stmt(sqlite3 *c, const char *sql)
{
	struct conn *k = tl_conn;
	if (k && k->c == c) {
		size_t h = ((size_t)(uintptr_t)sql >> 4) % STMT_CACHE;
		for (size_t i = 0; i < STMT_CACHE; i++) {
			struct stmt_slot *s = &k->slots[(h + i) % STMT_CACHE];
			if (s->sql == sql) {
				sqlite3_reset(s->stmt);
				sqlite3_clear_bindings(s->stmt);
				return s->stmt;
			}
			if (!s->sql) {
				if (sqlite3_prepare_v3(c, sql, -1, SQLITE_PREPARE_PERSISTENT,
						       &s->stmt, NULL) != SQLITE_OK) {
					fprintf(stderr, "cityrisk: prepare: %s\n%s\n",
						sqlite3_errmsg(c), sql);
					abort();
				}
				s->sql = sql;
				return s->stmt;
			}
		}
		fprintf(stderr, "cityrisk: statement cache full; raise STMT_CACHE\n");
		abort();
	}
	/* A connection without a cache (tools that open one directly) is not supported here. */
	fprintf(stderr, "cityrisk: cr_db_stmt on a foreign connection\n");
	abort();
}

sqlite3_stmt *cr_db_prepare(sqlite3 *c, const char *sql, struct cr_err *err)
{
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(c, sql, -1, &s, NULL) != SQLITE_OK) {
		cr_db_fail(c, err);
		return NULL;
	}
	return s;
}

int cr_db_run(sqlite3 *c, sqlite3_stmt *s, struct cr_err *err)
{
	int rc = sqlite3_step(s) == SQLITE_DONE ? 0 : cr_db_fail(c, err);
	sqlite3_reset(s);
	return rc;
}

int cr_db_exec(sqlite3 *c, const char *sql, struct cr_err *err)
{
	char *msg = NULL;
	if (sqlite3_exec(c, sql, NULL, NULL, &msg) != SQLITE_OK) {
		cr_err_set(err, 500, "db", "", "%s", msg ? msg : "sqlite error");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int cr_db_analyze(sqlite3 *c, struct cr_err *err)
{
	return cr_db_exec(c, "ANALYZE", err);
}

int cr_db_begin(sqlite3 *c, struct cr_err *err)
{
	return cr_db_exec(c, "BEGIN IMMEDIATE", err);
}

int cr_db_commit(sqlite3 *c, struct cr_err *err)
{
	if (cr_db_exec(c, "COMMIT", err)) {
		cr_db_rollback(c);
		return -1;
	}
	cr_count_cache_invalidate();
	tables_done(c);
	return 0;
}

void cr_db_rollback(sqlite3 *c)
{
	if (!sqlite3_get_autocommit(c))
		sqlite3_exec(c, "ROLLBACK", NULL, NULL, NULL);
	tables_done(c);
}

int cr_db_fail(sqlite3 *c, struct cr_err *err)
{
	int rc = sqlite3_extended_errcode(c);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return cr_err_set(err, 409, "conflict", "", "%s", sqlite3_errmsg(c));
	return cr_err_set(err, 500, "db", "", "database error: %s", sqlite3_errmsg(c));
}

int cr_db_done(sqlite3 *c, int rc, struct cr_err *err)
{
	return rc == SQLITE_DONE ? 0 : cr_db_fail(c, err);
}

const char *cr_col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? (const char *)t : "";
}

json_t *cr_col_json_num(sqlite3_stmt *s, int i)
{
	switch (sqlite3_column_type(s, i)) {
	case SQLITE_NULL:
		return json_null();
	case SQLITE_INTEGER:
		return json_integer(sqlite3_column_int64(s, i));
	default:
		return json_real(sqlite3_column_double(s, i));
	}
}

json_t *cr_col_json_text(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? json_null()
							: json_string(cr_col_text(s, i));
}

json_t *cr_col_json_parsed(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	json_t *v = t ? json_loads(t, JSON_DECODE_ANY, NULL) : NULL;
	return v ? v : json_null();
}

/* sql_impl.h — what a connection and a statement hold, for the store's driver files only (db.c,
 * sql.c, pg.c, backup.c, schema.c); every other file sees them through sql.h. */
#ifndef CR_SQL_IMPL_H
#define CR_SQL_IMPL_H

#include <sqlite3.h>

#include "core/err.h"
#include "store/sql.h"

#define CR_STMT_CACHE 512
/* Placeholders a PostgreSQL statement may have. */
#define CR_PG_MAX_PARAMS 64

struct cr_pg_conn;
struct cr_pg_stmt;

/* Exactly one of lite and pg is set. */
struct cr_stmt {
	sqlite3_stmt *lite;
	struct cr_pg_stmt *pg;
	struct cr_conn *conn;
};

struct cr_stmt_slot {
	const char *sql; /* the literal the statement was prepared from (the cache's key) */
	struct cr_stmt st;
};

struct cr_conn {
	struct cr_db *db;
	sqlite3 *lite;
	struct cr_pg_conn *pg;
	long long data_version;     /* SQLite: last PRAGMA data_version seen */
	long long foreign_asked_ns; /* when cr_db_conn last asked about others' writes */
	unsigned dirty;             /* query-cache tables (CR_QC_*) written since the last commit */
	bool bulk;                  /* cr_db_set_bulk */
	bool read;                  /* to the read replica (cr_db_read_conn) */
	struct cr_id_block *ids;    /* PostgreSQL bulk mode: ids reserved per table (db.c) */
	char audit_hash[65];        /* PostgreSQL bulk mode: the last audit entry's hash written */
	struct cr_stmt_slot slots[CR_STMT_CACHE];
};

/* A connection of either kind to path, its statement cache empty; listen: a PostgreSQL
 * primary's LISTEN for others' writes (never on a standby). Close it with cr_db_reader_close. */
struct cr_conn *cr_db_conn_open(const char *path, bool listen, struct cr_err *err);

/* A connection around an open SQLite handle, which it then owns (cr_db_reader_close closes
 * both); for files opened by hand (backup and restore). NULL when out of memory (c is closed). */
struct cr_conn *cr_db_adopt_lite(sqlite3 *c);

/* PostgreSQL through libpq (pg.c). A connection to the primary LISTENs (listen) on the channel
 * every committed write is announced on, so caches of every process on the database notice
 * others' writes; one to a streaming standby cannot (it refuses LISTEN). */
struct cr_pg_conn *cr_pg_connect(const char *url, bool listen, struct cr_err *err);
void cr_pg_close(struct cr_pg_conn *k);
/* A statement for sql written for SQLite (placeholders ?, ?N; INSERT OR IGNORE), rewritten
 * for PostgreSQL. cached: prepared once on the server under a name of its own. */
struct cr_pg_stmt *cr_pg_prepare(struct cr_pg_conn *k, const char *sql, bool cached,
				 struct cr_err *err);
void cr_pg_finalize(struct cr_pg_stmt *s);
/* Reads a SELECT's rows through a server-side cursor, a batch at a time (before its first step). */
void cr_pg_stream(struct cr_pg_stmt *s);
/* The rewriting itself: *out (malloc'd) is in's text for PostgreSQL; returns the number of
 * parameters, -1 when there are more than 64 or memory ran out. */
int cr_pg_rewrite(const char *in, char **out);
/* p starts with the word w (any case), not a longer word (pg_rewrite.c). */
bool cr_pg_starts_word(const char *p, const char *w);
int cr_pg_step(struct cr_pg_stmt *s);
void cr_pg_reset(struct cr_pg_stmt *s);
void cr_pg_clear_bindings(struct cr_pg_stmt *s);
int cr_pg_bind(struct cr_pg_stmt *s, int i, const char *v, int len, bool binary,
	       enum cr_sql_life life);
int cr_pg_bind_int64(struct cr_pg_stmt *s, int i, long long v);
int cr_pg_bind_double(struct cr_pg_stmt *s, int i, double v);
long long cr_pg_column_int64(struct cr_pg_stmt *s, int i);
double cr_pg_column_double(struct cr_pg_stmt *s, int i);
const unsigned char *cr_pg_column_text(struct cr_pg_stmt *s, int i);
const void *cr_pg_column_blob(struct cr_pg_stmt *s, int i);
int cr_pg_column_bytes(struct cr_pg_stmt *s, int i);
int cr_pg_column_type(struct cr_pg_stmt *s, int i);
int cr_pg_column_count(struct cr_pg_stmt *s);
/* The statement writes (and which query-cache tables). */
bool cr_pg_stmt_writes(const struct cr_pg_stmt *s, unsigned *tables);
long long cr_pg_changes(struct cr_pg_conn *k);
long long cr_pg_last_id(struct cr_pg_conn *k);
const char *cr_pg_errmsg(struct cr_pg_conn *k);
/* The last error was a constraint violation (SQLSTATE class 23). */
bool cr_pg_constraint_failed(const struct cr_pg_conn *k);
/* Runs SQL text of one or more statements without parameters or results. */
int cr_pg_exec(struct cr_pg_conn *k, const char *sql, struct cr_err *err);
/* The connection to the server is lost. */
bool cr_pg_broken(struct cr_pg_conn *k);
/* Inside a transaction (BEGIN without COMMIT or ROLLBACK yet). */
bool cr_pg_in_transaction(struct cr_pg_conn *k);
/* Announces this connection's committed writes to every listener (called before COMMIT). */
int cr_pg_announce(struct cr_pg_conn *k, struct cr_err *err);
/* Bulk mode: inside a transaction, writes that return no rows go out without waiting for their
 * answers (pipeline mode); an error surfaces at the next statement that waits for the server.
 * Turning it off reads every answer still due. */
void cr_pg_set_bulk(struct cr_pg_conn *k, bool on);
/* The tables were analyzed: in bulk mode, prepared statements may keep a generic plan again
 * (ANALYZE invalidated every plan made from the empty tables' statistics). */
void cr_pg_analyzed(struct cr_pg_conn *k);
/* Another connection announced a write since the last call. */
bool cr_pg_foreign_writes(struct cr_pg_conn *k);
/* COPY … FROM STDIN: started by sql, fed data, ended (rows: how many it stored). */
int cr_pg_copy_begin(struct cr_pg_conn *k, const char *sql, struct cr_err *err);
int cr_pg_copy_put(struct cr_pg_conn *k, const char *data, size_t len, struct cr_err *err);
int cr_pg_copy_end(struct cr_pg_conn *k, long long *rows, struct cr_err *err);

#endif

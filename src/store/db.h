/* db.h — the database: the embedded SQLite file, or PostgreSQL when the path is a
 * postgres://USER@HOST:PORT/DB URL; one connection per thread, cached prepared statements,
 * migrations and transactions. It knows no domain rules; the store_*.c files hold the SQL,
 * and speak to either database through sql.h. */
#ifndef CR_DB_H
#define CR_DB_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "store/replica.h"
#include "store/sql.h"

struct cr_db;

/* Opens (creating when missing) the database file and migrates its schema. The returned handle
 * is shared by all threads; free it with cr_db_close after every thread has finished. */
struct cr_db *cr_db_open(const char *path, struct cr_err *err);
void cr_db_close(struct cr_db *db);
/* The page cache of every connection opened from now on (at least 1 MiB; default 128 MiB). */
void cr_db_page_cache(size_t bytes);
const char *cr_db_path(const struct cr_db *db);
/* The database is PostgreSQL (the path a postgres:// or postgresql:// URL). */
bool cr_db_is_pg(const struct cr_db *db);
bool cr_db_url_is_pg(const char *path);

/* SQLite: from now on the file's WAL is copied into it by a thread of its own (store/
 * checkpointer.h), not inside the commit that fills it: for the calling thread's connection and
 * every one cr_db_conn opens later (other threads' open ones keep SQLite's own checkpoints, so
 * call it before they start). cr_db_close stops the thread after a last checkpoint. Nothing on
 * PostgreSQL. */
void cr_db_checkpoint_in_background(struct cr_db *db);
/* Checkpoints that thread has run (0 without it). */
unsigned long long cr_db_checkpoints_run(const struct cr_db *db);

/* The calling thread's connection (opened on first use, closed by cr_db_thread_done). */
struct cr_conn *cr_db_conn(struct cr_db *db);
void cr_db_thread_done(void);

/* Read replicas (PostgreSQL; docs/OPERATIONS.md "Read replicas"). The standby at url (a
 * streaming replica of the primary, --db-read) takes the reads the server sends it while it is
 * up and its replay lags at most max_lag_ms; -1 with err (400, field db-read) when either
 * database is not PostgreSQL. */
int cr_db_read_replica(struct cr_db *db, const char *url, long long max_lag_ms, struct cr_err *err);
/* NULL without a replica. */
const struct cr_replica *cr_db_replica(const struct cr_db *db);
/* The calling thread's connection to the replica for one read of a session whose last write was
 * at need_lsn (0: none): NULL with *why saying why the read stays on the primary (down, lagging,
 * its own write not replayed yet). The thread reads from the replica (cr_db_reading_replica,
 * and cr_db_reader_open opens there) until cr_db_read_end. */
struct cr_conn *cr_db_read_conn(struct cr_db *db, unsigned long long need_lsn,
				enum cr_read_why *why);
void cr_db_read_end(void);
bool cr_db_reading_replica(void);
/* c itself, or for a replica connection the thread's primary one: the in-memory indexes catch
 * up from the primary only, so they never go back to an older copy. NULL when it cannot be
 * opened. */
struct cr_conn *cr_db_primary(struct cr_conn *c);

/* A connection of its own, outside the per-thread one, for a long read that outlives the
 * request that started it (an export streamed to the socket while the thread serves others).
 * Close it with cr_db_reader_close; statements on it are one-off (cr_db_prepare). On a thread
 * that reads from the replica (cr_db_read_conn), it is a connection to the replica. */
struct cr_conn *cr_db_reader_open(struct cr_db *db, struct cr_err *err);
/* A connection to the database at path as it is (not migrated), for tools that look before
 * they change anything; close it with cr_db_reader_close. */
struct cr_conn *cr_db_connect(const char *path, struct cr_err *err);
/* A read-only connection to the SQLite file at path, for a tool that copies it: never created
 * when missing, never migrated, its journal mode left as it is. Close it with
 * cr_db_reader_close. */
struct cr_conn *cr_db_connect_readonly(const char *path, struct cr_err *err);
void cr_db_reader_close(struct cr_conn *c);
/* A connection of its own to c's database, for a thread that reads beside c's while c writes
 * (an import's checks on its reader's thread); it sees what c has committed. NULL when c has no
 * database behind it (a file opened by hand) or it cannot be opened: then c reads. Close it
 * with cr_db_reader_close. */
struct cr_conn *cr_db_reader_beside(struct cr_conn *c);

/* A prepared statement for sql, cached per connection by the sql pointer, so callers pass string
 * literals. It is reset and its bindings cleared before it is returned. Never finalize it. */
struct cr_stmt *cr_db_stmt(struct cr_conn *c, const char *sql);
/* A one-off statement for dynamic SQL (query builder); the caller finalizes it. */
struct cr_stmt *cr_db_prepare(struct cr_conn *c, const char *sql, struct cr_err *err);

/* Write transactions: BEGIN IMMEDIATE so writers queue instead of failing mid-way. */
int cr_db_begin(struct cr_conn *c, struct cr_err *err);
int cr_db_commit(struct cr_conn *c, struct cr_err *err);
void cr_db_rollback(struct cr_conn *c);

/* Whether another connection (another thread, process or server) committed since c last looked
 * (PostgreSQL: a NOTIFY heard; SQLite: the file's data version moved). It drops no cached
 * answer: a request's connection does that when it is taken (cr_db_conn). */
bool cr_db_poll_writes(struct cr_conn *c);
/* Bulk loading (the demo, the reference data, an import) on PostgreSQL: inside a transaction,
 * writes that return no rows go out without waiting for their answers (libpq's pipeline mode),
 * and new rows of column tables take ids reserved a block at a time (cr_db_bulk_id), so a row
 * costs no round trip. A failed write surfaces at the next statement that waits for the server
 * (a read, the commit, or turning bulk mode off), with its own message; the caller rolls back as
 * usual. No effect on SQLite, whose writes never wait on a network. */
void cr_db_set_bulk(struct cr_conn *c, bool on);
/* In bulk mode on PostgreSQL: 1 with *id the next id of table's identity column (reserved in
 * blocks); 0 when the database should give the id itself (SQLite, or not in bulk mode); -1 on
 * an error. table is a literal (a column table's name). */
int cr_db_bulk_id(struct cr_conn *c, const char *table, long long *id, struct cr_err *err);
/* In bulk mode on PostgreSQL: the hash of the last audit entry this connection wrote in the
 * load (store/audit.c), so the next entry chains to it without reading it back (a load holds
 * the writers' lock, so no one else writes meanwhile); NULL outside bulk mode. A 65-byte buffer
 * the connection owns, "" until the first entry; forgotten when bulk mode ends. */
char *cr_db_bulk_audit_hash(struct cr_conn *c);

/* Whether this connection leads the background job named job: always on SQLite; on PostgreSQL
 * the connection holding its session lock (taken here when free, kept until it closes), so of
 * several servers on one database exactly one runs each job. */
bool cr_db_job_lead(struct cr_conn *c, const char *job);

/* Refreshes the query planner's statistics (after a bulk load). */
int cr_db_analyze(struct cr_conn *c, struct cr_err *err);

/* Steps a write statement to its end and resets it: 0, or -1 with the database's error. */
int cr_db_run(struct cr_conn *c, struct cr_stmt *s, struct cr_err *err);

/* Runs SQL without results (schema, pragmas). */
int cr_db_exec(struct cr_conn *c, const char *sql, struct cr_err *err);

/* Maps the last database error of c to a 500 (or 409 for constraint violations). */
int cr_db_fail(struct cr_conn *c, struct cr_err *err);
/* The end of a row loop: 0 when rc, the last cr_stmt_step's result, is CR_SQL_DONE, else
 * cr_db_fail — a loop that stopped on an error must not pass for a short list. */
int cr_db_done(struct cr_conn *c, int rc, struct cr_err *err);
/* The end of a row loop over s that may also stop on CR_SQL_NOMEM (the caller's own memory ran
 * out): cr_db_done, or a 500 "oom" for CR_SQL_NOMEM; then s is finalized (one_off: a
 * cr_db_prepare statement) or reset (a cached one). 0, or -1 with err. */
int cr_db_loop_end(struct cr_conn *c, struct cr_stmt *s, bool one_off, int rc, struct cr_err *err);

/* Column helpers that never return NULL for text. */
const char *cr_col_text(struct cr_stmt *s, int i);
/* A column as a JSON value (new reference): SQL NULL → null; a number as integer or real as
 * stored; text as a string; text holding JSON parsed (null when it does not parse). */
json_t *cr_col_json_num(struct cr_stmt *s, int i);
json_t *cr_col_json_text(struct cr_stmt *s, int i);
json_t *cr_col_json_parsed(struct cr_stmt *s, int i);

#endif

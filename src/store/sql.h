/* sql.h — the one interface the store speaks to its database through: a connection, prepared
 * statements, bound values and result columns, the same for the embedded SQLite file and for a
 * PostgreSQL server. Its shapes follow SQLite's C API (1-based binds, 0-based columns, step until
 * CR_SQL_DONE), so the embedded path costs one branch; store/pg.c makes PostgreSQL answer the
 * same way. Statements come from cr_db_stmt (cached) or cr_db_prepare (one-off) in db.h. */
#ifndef CR_SQL_H
#define CR_SQL_H

#include <stdbool.h>
#include <stddef.h>

struct cr_conn;
struct cr_stmt;
struct cr_err;

/* Results of cr_stmt_step (SQLite's own values, so its results pass through unchanged). */
enum { CR_SQL_ROW = 100, CR_SQL_DONE = 101 };
/* A column's type in the current row. */
enum { CR_SQL_INTEGER = 1, CR_SQL_FLOAT = 2, CR_SQL_TEXT = 3, CR_SQL_BLOB = 4, CR_SQL_NULL = 5 };
/* Any other step result: an error (or out of memory, for code that builds rows itself). */
enum { CR_SQL_ERROR = 1, CR_SQL_NOMEM = 7 };
/* A bound text or blob: the caller keeps it alive until the statement is reset (STATIC), or the
 * statement copies it (COPY). */
enum cr_sql_life { CR_SQL_STATIC = 0, CR_SQL_COPY = 1 };

int cr_stmt_step(struct cr_stmt *s);
/* Ready to run again with the same bindings. */
void cr_stmt_reset(struct cr_stmt *s);
/* Ends a one-off statement (NULL is fine); never a cached one. */
void cr_stmt_finalize(struct cr_stmt *s);

/* The statement may return very many rows (an export of the city): read them a batch at a time
 * so memory stays flat — on PostgreSQL through a server-side cursor; SQLite steps row by row
 * anyway. Call it on a one-off statement (cr_db_prepare) before its first step. */
void cr_stmt_stream(struct cr_stmt *s);

/* Bindings, 1-based. len -1: text up to its NUL. */
int cr_stmt_bind_text(struct cr_stmt *s, int i, const char *v, int len, enum cr_sql_life life);
int cr_stmt_bind_int64(struct cr_stmt *s, int i, long long v);
int cr_stmt_bind_int(struct cr_stmt *s, int i, int v);
int cr_stmt_bind_double(struct cr_stmt *s, int i, double v);
int cr_stmt_bind_null(struct cr_stmt *s, int i);
int cr_stmt_bind_blob(struct cr_stmt *s, int i, const void *v, size_t len, enum cr_sql_life life);

/* The current row's columns, 0-based. Text and blobs stay valid until the next step or reset;
 * text is NULL for SQL NULL. */
long long cr_stmt_column_int64(struct cr_stmt *s, int i);
int cr_stmt_column_int(struct cr_stmt *s, int i);
double cr_stmt_column_double(struct cr_stmt *s, int i);
const unsigned char *cr_stmt_column_text(struct cr_stmt *s, int i);
const void *cr_stmt_column_blob(struct cr_stmt *s, int i);
int cr_stmt_column_bytes(struct cr_stmt *s, int i);
int cr_stmt_column_type(struct cr_stmt *s, int i);
int cr_stmt_column_count(struct cr_stmt *s);

/* Rows the last INSERT, UPDATE or DELETE on c changed; the id the last INSERT on c gave. */
long long cr_conn_changes(struct cr_conn *c);
long long cr_conn_last_id(struct cr_conn *c);
/* The last error on c, in the database's words. */
const char *cr_conn_errmsg(struct cr_conn *c);
/* The connection is to PostgreSQL (for the few statements whose SQL differs). */
bool cr_conn_is_pg(const struct cr_conn *c);

/* PostgreSQL's bulk load, COPY … FROM STDIN in its text format: begin with the statement, send
 * the rows (lines of tab-separated fields, store/row_text.h) in pieces of any size, end it
 * (rows: how many were stored; NULL when not wanted). Errors in the rows are reported by
 * cr_conn_copy_end. On SQLite each call fails. 0, or -1 with err. */
int cr_conn_copy_begin(struct cr_conn *c, const char *sql, struct cr_err *err);
int cr_conn_copy_put(struct cr_conn *c, const char *data, size_t len, struct cr_err *err);
int cr_conn_copy_end(struct cr_conn *c, long long *rows, struct cr_err *err);

#endif

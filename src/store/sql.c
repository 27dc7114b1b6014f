/* sql.c — the store's SQL interface (sql.h): each call goes to SQLite or to PostgreSQL (pg.c),
 * whichever the statement was prepared on. */
#include <stdlib.h>

#include "store/sql_impl.h"

int cr_stmt_step(struct cr_stmt *s)
{
	if (!s->pg)
		return sqlite3_step(s->lite);
	int rc = cr_pg_step(s->pg);
	unsigned tables;
	if (rc == CR_SQL_DONE && s->conn && cr_pg_stmt_writes(s->pg, &tables))
		s->conn->dirty |= tables;
	return rc;
}

void cr_stmt_reset(struct cr_stmt *s)
{
	if (s->pg)
		cr_pg_reset(s->pg);
	else
		sqlite3_reset(s->lite);
}

void cr_stmt_finalize(struct cr_stmt *s)
{
	if (!s)
		return;
	if (s->pg)
		cr_pg_finalize(s->pg);
	else
		sqlite3_finalize(s->lite);
	free(s);
}

void cr_stmt_stream(struct cr_stmt *s)
{
	if (s->pg)
		cr_pg_stream(s->pg);
}

static sqlite3_destructor_type life_of(enum cr_sql_life life)
{
	return life == CR_SQL_COPY ? SQLITE_TRANSIENT : SQLITE_STATIC;
}

int cr_stmt_bind_text(struct cr_stmt *s, int i, const char *v, int len, enum cr_sql_life life)
{
	if (s->pg)
		return cr_pg_bind(s->pg, i, v, len, false, life);
	return sqlite3_bind_text(s->lite, i, v, len, life_of(life));
}

int cr_stmt_bind_int64(struct cr_stmt *s, int i, long long v)
{
	return s->pg ? cr_pg_bind_int64(s->pg, i, v) : sqlite3_bind_int64(s->lite, i, v);
}

int cr_stmt_bind_int(struct cr_stmt *s, int i, int v)
{
	return s->pg ? cr_pg_bind_int64(s->pg, i, v) : sqlite3_bind_int(s->lite, i, v);
}

int cr_stmt_bind_double(struct cr_stmt *s, int i, double v)
{
	return s->pg ? cr_pg_bind_double(s->pg, i, v) : sqlite3_bind_double(s->lite, i, v);
}

int cr_stmt_bind_null(struct cr_stmt *s, int i)
{
	return s->pg ? cr_pg_bind(s->pg, i, NULL, 0, false, CR_SQL_STATIC)
		     : sqlite3_bind_null(s->lite, i);
}

int cr_stmt_bind_blob(struct cr_stmt *s, int i, const void *v, size_t len, enum cr_sql_life life)
{
	if (s->pg)
		return cr_pg_bind(s->pg, i, v ? v : "", (int)len, true, life);
	return sqlite3_bind_blob64(s->lite, i, v, len, life_of(life));
}

long long cr_stmt_column_int64(struct cr_stmt *s, int i)
{
	return s->pg ? cr_pg_column_int64(s->pg, i) : sqlite3_column_int64(s->lite, i);
}

int cr_stmt_column_int(struct cr_stmt *s, int i)
{
	return s->pg ? (int)cr_pg_column_int64(s->pg, i) : sqlite3_column_int(s->lite, i);
}

double cr_stmt_column_double(struct cr_stmt *s, int i)
{
	return s->pg ? cr_pg_column_double(s->pg, i) : sqlite3_column_double(s->lite, i);
}

const unsigned char *cr_stmt_column_text(struct cr_stmt *s, int i)
{
	return s->pg ? cr_pg_column_text(s->pg, i) : sqlite3_column_text(s->lite, i);
}

const void *cr_stmt_column_blob(struct cr_stmt *s, int i)
{
	return s->pg ? cr_pg_column_blob(s->pg, i) : sqlite3_column_blob(s->lite, i);
}

int cr_stmt_column_bytes(struct cr_stmt *s, int i)
{
	return s->pg ? cr_pg_column_bytes(s->pg, i) : sqlite3_column_bytes(s->lite, i);
}

int cr_stmt_column_type(struct cr_stmt *s, int i)
{
	/* SQLite's type codes are the same numbers as ours */
	return s->pg ? cr_pg_column_type(s->pg, i) : sqlite3_column_type(s->lite, i);
}

int cr_stmt_column_count(struct cr_stmt *s)
{
	return s->pg ? cr_pg_column_count(s->pg) : sqlite3_column_count(s->lite);
}

long long cr_conn_changes(struct cr_conn *c)
{
	return c->pg ? cr_pg_changes(c->pg) : sqlite3_changes64(c->lite);
}

long long cr_conn_last_id(struct cr_conn *c)
{
	return c->pg ? cr_pg_last_id(c->pg) : sqlite3_last_insert_rowid(c->lite);
}

const char *cr_conn_errmsg(struct cr_conn *c)
{
	return c->pg ? cr_pg_errmsg(c->pg) : sqlite3_errmsg(c->lite);
}

bool cr_conn_is_pg(const struct cr_conn *c)
{
	return c->pg != NULL;
}

static int copy_on_sqlite(struct cr_err *err)
{
	return cr_err_set(err, 500, "db", "", "COPY is PostgreSQL's; this is SQLite");
}

int cr_conn_copy_begin(struct cr_conn *c, const char *sql, struct cr_err *err)
{
	return c->pg ? cr_pg_copy_begin(c->pg, sql, err) : copy_on_sqlite(err);
}

int cr_conn_copy_put(struct cr_conn *c, const char *data, size_t len, struct cr_err *err)
{
	return c->pg ? cr_pg_copy_put(c->pg, data, len, err) : copy_on_sqlite(err);
}

int cr_conn_copy_end(struct cr_conn *c, long long *rows, struct cr_err *err)
{
	return c->pg ? cr_pg_copy_end(c->pg, rows, err) : copy_on_sqlite(err);
}

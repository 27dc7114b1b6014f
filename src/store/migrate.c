/* migrate.c — a city's SQLite file copied whole into an empty PostgreSQL database (migrate.h):
 * the tables and their columns as the target's schema has them, rows through COPY in the order
 * of the foreign keys (checksummed as they are read), identity sequences moved past the copied
 * ids, every table read back, counted and checksummed, the audit chain verified, one commit.
 * It must not write to the source, nor leave a row in the target when any step fails. */
#include "store/migrate.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/grow.h"
#include "store/aside.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/row_text.h"
#include "store/schema.h"

enum {
	NAME_LEN = 64,
	MAX_COLS = 64,
	SQL_LEN = 8192,
	FLUSH_AT = 1 << 20,    /* bytes of COPY text sent at once */
	PROGRESS_EVERY = 4096, /* rows between two progress reports */
	MAX_REFS = 16          /* foreign keys of one table */
};
/* PostgreSQL's rows are read through a cursor, 10,000 at a time (never a whole table). */
#define FETCH_SQL "FETCH 10000 FROM cr_migrate_rows"

struct column {
	char name[NAME_LEN];
	int kind;      /* the target's type: CR_SQL_INTEGER, _FLOAT, _TEXT or _BLOB */
	bool identity; /* the target numbers it (an id; departments' rowid) */
	bool rowid;    /* no such column in the source: SQLite's rowid is its value */
};

struct table {
	struct column cols[MAX_COLS];
	int ncols;
	int pk[MAX_COLS]; /* the primary key's columns in key order (every column when none) */
	int npk;
	bool keyless;
	char refs[MAX_REFS][NAME_LEN]; /* the tables its foreign keys point to */
	int nrefs;
	bool placed;
};

struct migration {
	struct cr_conn *from, *to;
	struct table *tables; /* parallel to rep->tables */
	size_t *order;        /* the copy order: referenced tables first */
	struct cr_migrate_report *rep;
	cr_migrate_progress_fn progress;
	long long done, total;
	struct cr_aside aside; /* the indexes and keys set aside for the load */
};

static void progress(struct migration *m, const char *step, long long total, bool force)
{
	if (m->progress && (force || m->done % PROGRESS_EVERY == 0))
		m->progress(step, m->done, total);
}

/* Names come from the databases' catalogues and are spliced into SQL as quoted identifiers:
 * only the plain ones this schema uses pass. */
static int plain_name(const char *s, struct cr_err *err)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_");
	if (!*s || s[n] || n >= NAME_LEN)
		return cr_err_set(err, 500, "db", "", "unexpected name in the schema: %.60s", s);
	return 0;
}

/* Appends printf-style text to sql (SQL_LEN bytes); -1 when it would not fit. */
static int sql_add(char *sql, struct cr_err *err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int sql_add(char *sql, struct cr_err *err, const char *fmt, ...)
{
	size_t n = strlen(sql);
	va_list ap;
	va_start(ap, fmt);
	int w = vsnprintf(sql + n, SQL_LEN - n, fmt, ap);
	va_end(ap);
	if (w < 0 || (size_t)w >= SQL_LEN - n)
		return cr_err_set(err, 500, "db", "", "statement too long");
	return 0;
}

/* ---------------------------------------------------------------- the target's schema */

/* An extension's own tables (PostGIS's spatial_ref_sys) are the extension's, not a city's. */
static const char tables_sql[] =
	"SELECT table_name FROM information_schema.tables WHERE table_schema='public'"
	" AND table_type='BASE TABLE' AND table_name<>'schema_version' AND NOT EXISTS"
	" (SELECT 1 FROM pg_depend d WHERE d.objid=to_regclass(quote_ident(table_name))"
	" AND d.deptype='e') ORDER BY table_name";

/* The first table of the target that holds a row, in name (NAME_LEN); "" when none does. */
static int first_with_rows(struct cr_conn *to, char *name, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_prepare(to, tables_sql, err);
	if (!s)
		return -1;
	int rc = CR_SQL_DONE;
	name[0] = 0;
	while (!name[0] && (rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		char sql[SQL_LEN];
		const char *t = cr_col_text(s, 0);
		if (plain_name(t, err))
			goto fail;
		snprintf(sql, sizeof sql, "SELECT 1 FROM \"%s\" LIMIT 1", t);
		struct cr_stmt *q = cr_db_prepare(to, sql, err);
		if (!q)
			goto fail;
		int qrc = cr_stmt_step(q);
		cr_stmt_finalize(q);
		if (qrc == CR_SQL_ROW)
			snprintf(name, NAME_LEN, "%s", t);
		else if (qrc != CR_SQL_DONE)
			goto db_fail;
	}
	if (!name[0] && cr_db_done(to, rc, err))
		goto fail;
	cr_stmt_finalize(s);
	return 0;
db_fail:
	cr_db_fail(to, err);
fail:
	cr_stmt_finalize(s);
	return -1;
}

static int refuse_nonempty(struct cr_conn *to, const char *url, struct cr_err *err)
{
	char name[NAME_LEN];
	if (first_with_rows(to, name, err))
		return -1;
	if (name[0])
		return cr_err_set(err, 400, "invalid", "to",
				  "%s is not empty (table %s has rows); migrate into a new, empty "
				  "database",
				  url, name);
	return 0;
}

static int kind_of(const char *pg_type)
{
	if (!strcmp(pg_type, "bigint") || !strcmp(pg_type, "integer") ||
	    !strcmp(pg_type, "smallint"))
		return CR_SQL_INTEGER;
	if (!strcmp(pg_type, "double precision") || !strcmp(pg_type, "real"))
		return CR_SQL_FLOAT;
	if (!strcmp(pg_type, "bytea"))
		return CR_SQL_BLOB;
	return CR_SQL_TEXT;
}

/* The columns a row is copied through: a generated one (PostGIS's geom) is left to the target,
 * which makes it from the copied lon/lat. */
static int read_columns(struct cr_conn *to, const char *name, struct table *t, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_prepare(
		to,
		"SELECT column_name, data_type, is_identity FROM information_schema.columns"
		" WHERE table_schema='public' AND table_name=? AND is_generated='NEVER'"
		" ORDER BY ordinal_position",
		err);
	if (!s)
		return -1;
	cr_stmt_bind_text(s, 1, name, -1, CR_SQL_STATIC);
	int rc;
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		if (t->ncols == MAX_COLS) {
			cr_err_set(err, 500, "db", "", "table %s has too many columns", name);
			goto fail;
		}
		if (plain_name(cr_col_text(s, 0), err))
			goto fail;
		struct column *c = &t->cols[t->ncols++];
		snprintf(c->name, sizeof c->name, "%s", cr_col_text(s, 0));
		c->kind = kind_of(cr_col_text(s, 1));
		c->identity = !strcmp(cr_col_text(s, 2), "YES");
	}
	if (cr_db_done(to, rc, err))
		goto fail;
	cr_stmt_finalize(s);
	/* the key's columns, in key order */
	s = cr_db_prepare(to,
			  "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON"
			  " a.attrelid=i.indrelid AND a.attnum=ANY(i.indkey) WHERE"
			  " i.indrelid=CAST(? AS regclass) AND i.indisprimary"
			  " ORDER BY array_position(CAST(i.indkey AS int2[]), a.attnum)",
			  err);
	if (!s)
		return -1;
	cr_stmt_bind_text(s, 1, name, -1, CR_SQL_STATIC);
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW)
		for (int i = 0; i < t->ncols; i++)
			if (!strcmp(t->cols[i].name, cr_col_text(s, 0)))
				t->pk[t->npk++] = i;
	if (cr_db_done(to, rc, err))
		goto fail;
	cr_stmt_finalize(s);
	/* a table without a key (gb18218_alpha): ordered by all its columns */
	t->keyless = !t->npk;
	if (t->keyless)
		for (int i = 0; i < t->ncols; i++)
			t->pk[t->npk++] = i;
	return 0;
fail:
	cr_stmt_finalize(s);
	return -1;
}

static int read_refs(struct migration *m, struct cr_err *err)
{
	struct cr_stmt *s =
		cr_db_prepare(m->to,
			      "SELECT CAST(CAST(conrelid AS regclass) AS text),"
			      " CAST(CAST(confrelid AS regclass) AS text) FROM pg_constraint"
			      " WHERE contype='f' AND connamespace=CAST('public' AS regnamespace)",
			      err);
	if (!s)
		return -1;
	int rc;
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		for (size_t i = 0; i < m->rep->ntables; i++) {
			struct table *t = &m->tables[i];
			if (strcmp(m->rep->tables[i].name, cr_col_text(s, 0)) != 0)
				continue;
			if (t->nrefs == MAX_REFS) {
				cr_stmt_finalize(s);
				return cr_err_set(err, 500, "db", "", "too many foreign keys");
			}
			snprintf(t->refs[t->nrefs++], NAME_LEN, "%s", cr_col_text(s, 1));
		}
	}
	int bad = cr_db_done(m->to, rc, err);
	cr_stmt_finalize(s);
	return bad;
}

static bool placed(const struct migration *m, const char *name)
{
	for (size_t i = 0; i < m->rep->ntables; i++)
		if (!strcmp(m->rep->tables[i].name, name))
			return m->tables[i].placed;
	return true; /* outside the copy */
}

/* Referenced tables before the tables that reference them: COPY checks every foreign key. */
static int order_tables(struct migration *m, struct cr_err *err)
{
	size_t n = 0;
	while (n < m->rep->ntables) {
		size_t before = n;
		for (size_t i = 0; i < m->rep->ntables; i++) {
			struct table *t = &m->tables[i];
			bool ready = !t->placed;
			for (int r = 0; ready && r < t->nrefs; r++)
				ready = !strcmp(t->refs[r], m->rep->tables[i].name) ||
					placed(m, t->refs[r]);
			if (ready) {
				t->placed = true;
				m->order[n++] = i;
			}
		}
		if (n == before)
			return cr_err_set(err, 500, "db", "", "the foreign keys form a cycle");
	}
	return 0;
}

static int read_target(struct migration *m, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_prepare(m->to, tables_sql, err);
	if (!s)
		return -1;
	int rc;
	size_t cap = 0, tcap = 0;
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		size_t need = m->rep->ntables + 1;
		if (CR_GROW(m->rep->tables, cap, need) || CR_GROW(m->tables, tcap, need)) {
			cr_stmt_finalize(s);
			return cr_err_set(err, 500, "oom", "", "out of memory");
		}
		if (plain_name(cr_col_text(s, 0), err)) {
			cr_stmt_finalize(s);
			return -1;
		}
		size_t i = m->rep->ntables++;
		memset(&m->rep->tables[i], 0, sizeof m->rep->tables[i]);
		memset(&m->tables[i], 0, sizeof m->tables[i]);
		snprintf(m->rep->tables[i].name, NAME_LEN, "%s", cr_col_text(s, 0));
	}
	int bad = cr_db_done(m->to, rc, err);
	cr_stmt_finalize(s);
	if (bad)
		return -1;
	for (size_t i = 0; i < m->rep->ntables; i++)
		if (read_columns(m->to, m->rep->tables[i].name, &m->tables[i], err))
			return -1;
	if (!(m->order = calloc(m->rep->ntables + 1, sizeof *m->order)))
		return cr_err_set(err, 500, "oom", "", "out of memory");
	if (read_refs(m, err))
		return -1;
	return order_tables(m, err);
}

/* ---------------------------------------------------------------- the source against it */

/* Whether the source table has the column; -1 on error. */
static int source_has(struct cr_conn *from, const char *table, const char *column,
		      struct cr_err *err)
{
	struct cr_stmt *s =
		cr_db_prepare(from, "SELECT count(*) FROM pragma_table_info(?) WHERE name=?", err);
	if (!s)
		return -1;
	cr_stmt_bind_text(s, 1, table, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 2, column, -1, CR_SQL_STATIC);
	int rc = cr_stmt_step(s);
	int has = rc == CR_SQL_ROW ? cr_stmt_column_int(s, 0) > 0 : cr_db_fail(from, err);
	cr_stmt_finalize(s);
	return has;
}

/* The source's tables are the target's (SQLite's own and the name index's aside), each with the
 * same columns: a row is copied whole or not at all. */
static int match_source(struct migration *m, struct cr_err *err)
{
	/* virtual tables (units_fts) and their shadow tables are SQLite's name search;
	 * PostgreSQL searches names through a trigram index */
	struct cr_stmt *s =
		cr_db_prepare(m->from,
			      "SELECT l.name, (SELECT count(*) FROM pragma_table_info(l.name))"
			      " FROM pragma_table_list l WHERE l.schema='main' AND"
			      " l.type='table' AND l.name NOT LIKE 'sqlite%' ORDER BY l.name",
			      err);
	if (!s)
		return -1;
	int rc;
	size_t seen = 0;
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		const char *name = cr_col_text(s, 0);
		size_t i = 0;
		while (i < m->rep->ntables && strcmp(m->rep->tables[i].name, name))
			i++;
		if (i == m->rep->ntables) {
			cr_err_set(err, 400, "invalid", "from",
				   "table %s of the source has no place in PostgreSQL's schema",
				   name);
			goto fail;
		}
		struct table *t = &m->tables[i];
		int own = 0;
		for (int c = 0; c < t->ncols; c++) {
			int has = source_has(m->from, name, t->cols[c].name, err);
			if (has < 0)
				goto fail;
			t->cols[c].rowid = !has && !strcmp(t->cols[c].name, "rowid");
			if (!has && !t->cols[c].rowid) {
				cr_err_set(err, 400, "invalid", "from",
					   "table %s of the source has no column %s", name,
					   t->cols[c].name);
				goto fail;
			}
			own += has;
		}
		if (own != cr_stmt_column_int(s, 1)) {
			cr_err_set(err, 400, "invalid", "from",
				   "table %s of the source has columns PostgreSQL's has not", name);
			goto fail;
		}
		seen++;
	}
	if (cr_db_done(m->from, rc, err))
		goto fail;
	cr_stmt_finalize(s);
	if (seen != m->rep->ntables)
		return cr_err_set(err, 400, "invalid", "from",
				  "the source lacks %zu of PostgreSQL's tables",
				  m->rep->ntables - seen);
	return 0;
fail:
	cr_stmt_finalize(s);
	return -1;
}

static int count_source(struct migration *m, struct cr_err *err)
{
	for (size_t i = 0; i < m->rep->ntables; i++) {
		char sql[SQL_LEN];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", m->rep->tables[i].name);
		struct cr_stmt *s = cr_db_prepare(m->from, sql, err);
		if (!s)
			return -1;
		int rc = cr_stmt_step(s);
		if (rc == CR_SQL_ROW)
			m->rep->tables[i].rows_from = cr_stmt_column_int64(s, 0);
		cr_stmt_finalize(s);
		if (rc != CR_SQL_ROW)
			return cr_db_fail(m->from, err);
		m->total += m->rep->tables[i].rows_from;
	}
	return 0;
}

/* ---------------------------------------------------------------- rows */

/* The value of column i as its type says (a null, or type's kind of value). */
static void value_at(struct cr_stmt *s, int i, int type, struct cr_row_value *v)
{
	memset(v, 0, sizeof *v);
	v->type = type;
	switch (type) {
	case CR_SQL_NULL:
		break;
	case CR_SQL_INTEGER:
		v->i = cr_stmt_column_int64(s, i);
		break;
	case CR_SQL_FLOAT:
		v->r = cr_stmt_column_double(s, i);
		break;
	case CR_SQL_BLOB:
		v->p = cr_stmt_column_blob(s, i);
		v->n = (size_t)cr_stmt_column_bytes(s, i);
		break;
	default:
		v->type = CR_SQL_TEXT;
		v->p = cr_stmt_column_text(s, i);
		v->n = (size_t)cr_stmt_column_bytes(s, i);
	}
}

/* How column i goes into COPY: text and bytea as the target's type (what the checksums read);
 * numbers as they are stored, so a value of another kind fails the copy instead of turning into
 * a number it never was. */
static int copy_type(struct cr_stmt *s, int i, int kind)
{
	int type = cr_stmt_column_type(s, i);
	return type == CR_SQL_NULL || kind == CR_SQL_INTEGER || kind == CR_SQL_FLOAT ? type : kind;
}

/* "a","b",rowid — the columns as the source (sqlite) or the target names them. */
static int column_list(char *sql, const struct table *t, bool sqlite, struct cr_err *err)
{
	for (int i = 0; i < t->ncols; i++)
		if (sql_add(sql, err, "%s%s%s%s", i ? "," : "",
			    sqlite && t->cols[i].rowid ? "" : "\"", t->cols[i].name,
			    sqlite && t->cols[i].rowid ? "" : "\""))
			return -1;
	return 0;
}

/* SELECT of every column in primary-key order, each database ordering as the other does:
 * PostgreSQL compares text by its bytes (COLLATE "C", SQLite's BINARY) and, in a table without
 * a key, puts nulls first (a key's columns are never null, and its index serves the order). */
static int sum_select(char *sql, const struct table *t, const char *name, bool pg,
		      struct cr_err *err)
{
	if (sql_add(sql, err, "SELECT ") || column_list(sql, t, !pg, err) ||
	    sql_add(sql, err, " FROM \"%s\" ORDER BY ", name))
		return -1;
	for (int k = 0; k < t->npk; k++) {
		const struct column *c = &t->cols[t->pk[k]];
		if (pg ? sql_add(sql, err, "%s\"%s\"%s%s", k ? "," : "", c->name,
				 c->kind == CR_SQL_TEXT ? " COLLATE \"C\"" : "",
				 t->keyless ? " NULLS FIRST" : "")
		       : sql_add(sql, err, "%s%s%s%s", k ? "," : "", c->rowid ? "" : "\"", c->name,
				 c->rowid ? "" : "\""))
			return -1;
	}
	return 0;
}

/* Adds column i of the current row to sum as the target's type reads it; v is the value as read
 * for COPY, read again only when it was read as another type. */
static void sum_column(struct cr_row_sum *sum, struct cr_stmt *s, int i, int kind,
		       const struct cr_row_value *v)
{
	struct cr_row_value w;
	if (v->type != CR_SQL_NULL && v->type != kind)
		value_at(s, i, kind, &w);
	cr_row_sum_value(sum, v->type != CR_SQL_NULL && v->type != kind ? &w : v);
}

static int send_rows(struct migration *m, struct cr_row_buf *b, struct cr_err *err)
{
	int rc = b->n ? cr_conn_copy_put(m->to, b->p, b->n, err) : 0;
	b->n = 0;
	return rc;
}

/* Copies a table in key order, taking the source's checksum of the rows as they go. */
static int copy_table(struct migration *m, size_t ti, struct cr_err *err)
{
	const struct table *t = &m->tables[ti];
	const char *name = m->rep->tables[ti].name;
	char sel[SQL_LEN] = "", copy[SQL_LEN] = "";
	/* emptied in this transaction (it was empty), the table takes its rows already frozen:
	 * no server reading them later rewrites every page to mark them visible */
	if (sum_select(sel, t, name, false, err) || sql_add(copy, err, "TRUNCATE \"%s\"", name) ||
	    cr_db_exec(m->to, copy, err))
		return -1;
	copy[0] = 0;
	if (sql_add(copy, err, "COPY \"%s\"(", name) || column_list(copy, t, false, err) ||
	    sql_add(copy, err, ") FROM STDIN WITH (FREEZE)"))
		return -1;
	struct cr_stmt *s = cr_db_prepare(m->from, sel, err);
	if (!s)
		return -1;
	if (cr_conn_copy_begin(m->to, copy, err)) {
		cr_stmt_finalize(s);
		return -1;
	}
	struct cr_row_buf b = { 0 };
	struct cr_row_sum sum;
	long long rows = 0, stored = -1;
	int rc;
	cr_row_sum_init(&sum);
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		for (int i = 0; i < t->ncols; i++) {
			struct cr_row_value v;
			value_at(s, i, copy_type(s, i, t->cols[i].kind), &v);
			if ((i && cr_row_buf_char(&b, '\t')) ||
			    cr_copy_field(&b, &v, t->cols[i].kind == CR_SQL_BLOB))
				goto oom;
			sum_column(&sum, s, i, t->cols[i].kind, &v);
		}
		cr_row_sum_row_end(&sum);
		if (cr_row_buf_char(&b, '\n'))
			goto oom;
		if (b.n >= FLUSH_AT && send_rows(m, &b, err))
			goto fail;
		rows++;
		m->done++;
		progress(m, "copy", m->total, false);
	}
	if (cr_db_done(m->from, rc, err) || send_rows(m, &b, err))
		goto fail;
	cr_row_buf_free(&b);
	cr_stmt_finalize(s);
	cr_row_sum_final(&sum, m->rep->tables[ti].sum_from);
	if (cr_conn_copy_end(m->to, &stored, err))
		return -1;
	if (stored != rows)
		return cr_err_set(err, 500, "db", "", "table %s: %lld rows read, %lld stored", name,
				  rows, stored);
	return 0;
oom:
	cr_err_set(err, 500, "oom", "", "out of memory");
fail:
	cr_row_buf_free(&b);
	cr_stmt_finalize(s);
	cr_conn_copy_end(m->to, NULL, NULL); /* out of COPY; the transaction is rolled back */
	return -1;
}

/* Each identity's next value is one past the largest copied, so new rows get new ids. */
static int reset_identities(struct migration *m, struct cr_err *err)
{
	for (size_t i = 0; i < m->rep->ntables; i++)
		for (int c = 0; c < m->tables[i].ncols; c++) {
			const char *t = m->rep->tables[i].name, *col = m->tables[i].cols[c].name;
			if (!m->tables[i].cols[c].identity)
				continue;
			char sql[SQL_LEN];
			snprintf(sql, sizeof sql,
				 "SELECT setval(pg_get_serial_sequence('%s', '%s'),"
				 " coalesce(max(\"%s\"), 0) + 1, false) FROM \"%s\"",
				 t, col, col, t);
			if (cr_db_exec(m->to, sql, err))
				return -1;
		}
	return 0;
}

/* ---------------------------------------------------------------- checksums */

/* PostgreSQL's side of the checksums: the rows read back after the load, in the order the
 * source gave them. */

/* Adds the rows one FETCH gives to sum (each column read as the target's type says); *got: how
 * many it gave. */
static int sum_batch(struct migration *m, struct cr_stmt *s, const struct table *t,
		     struct cr_row_sum *sum, long long *got, struct cr_err *err)
{
	int rc;
	*got = 0;
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		for (int i = 0; i < t->ncols; i++) {
			struct cr_row_value v;
			bool null = cr_stmt_column_type(s, i) == CR_SQL_NULL;
			value_at(s, i, null ? CR_SQL_NULL : t->cols[i].kind, &v);
			cr_row_sum_value(sum, &v);
		}
		cr_row_sum_row_end(sum);
		++*got;
		m->done++;
		progress(m, "checksums", m->total, false);
	}
	return cr_db_done(m->to, rc, err);
}

static int sum_target(struct migration *m, size_t ti, struct cr_err *err)
{
	char sql[SQL_LEN] = "DECLARE cr_migrate_rows NO SCROLL CURSOR FOR ";
	struct cr_row_sum sum;
	long long got = 0;
	if (sum_select(sql, &m->tables[ti], m->rep->tables[ti].name, true, err) ||
	    cr_db_exec(m->to, sql, err))
		return -1;
	struct cr_stmt *s = cr_db_prepare(m->to, FETCH_SQL, err);
	if (!s)
		return -1;
	cr_row_sum_init(&sum);
	int rc;
	do {
		cr_stmt_reset(s);
		rc = sum_batch(m, s, &m->tables[ti], &sum, &got, err);
	} while (!rc && got);
	cr_stmt_finalize(s);
	cr_row_sum_final(&sum, m->rep->tables[ti].sum_to);
	m->rep->tables[ti].rows_to = sum.rows;
	if (rc)
		return -1;
	return cr_db_exec(m->to, "CLOSE cr_migrate_rows", err);
}

static int compare(struct migration *m, struct cr_err *err)
{
	for (size_t i = 0; i < m->rep->ntables; i++) {
		const struct cr_migrate_table *t = &m->rep->tables[i];
		if (t->rows_from != t->rows_to || strcmp(t->sum_from, t->sum_to))
			return cr_err_set(err, 500, "db", "",
					  "table %s differs after the copy: %lld rows, checksum "
					  "%.12s… in SQLite; %lld rows, %.12s… in PostgreSQL",
					  t->name, t->rows_from, t->sum_from, t->rows_to,
					  t->sum_to);
	}
	return 0;
}

/* ---------------------------------------------------------------- the whole */

static int open_source(const char *from, struct migration *m, struct cr_err *err)
{
	if (cr_db_url_is_pg(from))
		return cr_err_set(err, 400, "invalid", "from",
				  "--from is the city's SQLite file, not %s", from);
	if (access(from, R_OK) != 0)
		return cr_err_set(err, 400, "invalid", "from", "no database at %s", from);
	if (!(m->from = cr_db_connect_readonly(from, err)))
		return -1;
	/* one snapshot for the counts, the copy and the checksums */
	if (cr_db_exec(m->from, "BEGIN", err))
		return -1;
	int have = cr_schema_version(m->from, err), want = cr_schema_latest();
	if (have < 0) {
		char why[sizeof err->message];
		snprintf(why, sizeof why, "%s", err->message);
		return cr_err_set(err, 400, "invalid", "from", "%s is not a database: %s", from,
				  why);
	}
	if (have == 0)
		return cr_err_set(err, 400, "invalid", "from", "%s is not a CityRisk database",
				  from);
	if (have < want)
		return cr_err_set(err, 400, "invalid", "from",
				  "%s has schema %d, older than this program's %d: run `cityrisk "
				  "init --db %s` first",
				  from, have, want, from);
	if (have > want)
		return cr_err_set(err, 400, "invalid", "from",
				  "%s has schema %d, newer than this program's %d", from, have,
				  want);
	return 0;
}

static int open_target(const char *to, struct migration *m, struct cr_err *err)
{
	if (!cr_db_url_is_pg(to))
		return cr_err_set(err, 400, "invalid", "to",
				  "--to is a postgres://USER@HOST:PORT/DB URL, not %s", to);
	if (!(m->to = cr_db_connect(to, err)))
		return -1;
	/* refused before the schema is touched, and again under the writers' lock */
	if (refuse_nonempty(m->to, to, err) || cr_schema_migrate(m->to, err) ||
	    cr_db_begin(m->to, err) || refuse_nonempty(m->to, to, err))
		return -1;
	return 0;
}

/* The target's secondary indexes and its foreign keys are dropped for the load and made again
 * after it (store/aside.h). All in the one transaction. */
static int set_aside(struct migration *m, struct cr_err *err)
{
	if (cr_aside_set(m->to, NULL, &m->aside, err))
		return -1;
	/* the index builds' memory, for this transaction only */
	return cr_db_exec(m->to, "SET LOCAL maintenance_work_mem='256MB'", err);
}

static int copy_all(struct migration *m, struct cr_err *err)
{
	double t0 = cr_clock_mono_seconds();
	if (set_aside(m, err))
		return -1;
	for (size_t k = 0; k < m->rep->ntables; k++)
		if (copy_table(m, m->order[k], err))
			return -1;
	progress(m, "copy", m->total, true);
	if (cr_aside_remake(m->to, &m->aside, err) || reset_identities(m, err))
		return -1;
	m->rep->rows = m->done;
	m->rep->copy_s = cr_clock_mono_seconds() - t0;
	t0 = cr_clock_mono_seconds();
	m->done = 0;
	for (size_t i = 0; i < m->rep->ntables; i++)
		if (sum_target(m, i, err))
			return -1;
	progress(m, "checksums", m->total, true);
	m->rep->sum_s = cr_clock_mono_seconds() - t0;
	return compare(m, err);
}

int cr_migrate_copy(const char *from, const char *to, cr_migrate_progress_fn progress_fn,
		    struct cr_migrate_report *rep, struct cr_err *err)
{
	double t0 = cr_clock_mono_seconds();
	struct migration m = { .rep = rep, .progress = progress_fn };
	memset(rep, 0, sizeof *rep);
	int rc = -1;
	if (open_source(from, &m, err) || open_target(to, &m, err))
		goto out;
	if (read_target(&m, err) || match_source(&m, err) || count_source(&m, err) ||
	    copy_all(&m, err))
		goto out;
	long long broken = cr_audit_verify(m.to, NULL, err);
	if (broken < 0)
		goto out;
	if (broken) {
		cr_err_set(err, 500, "db", "",
			   "the audit chain breaks at entry %lld in PostgreSQL; nothing was "
			   "written",
			   broken);
		goto out;
	}
	/* the planner's statistics for the servers to come, in the same transaction */
	if (cr_db_analyze(m.to, err) || cr_db_commit(m.to, err))
		goto out;
	rep->all_s = cr_clock_mono_seconds() - t0;
	rc = 0;
out:
	if (m.to) {
		cr_db_rollback(m.to);
		cr_db_reader_close(m.to);
	}
	if (m.from) {
		cr_db_rollback(m.from);
		cr_db_reader_close(m.from);
	}
	cr_aside_free(&m.aside);
	free(m.tables);
	free(m.order);
	return rc;
}

void cr_migrate_report_free(struct cr_migrate_report *rep)
{
	free(rep->tables);
	rep->tables = NULL;
	rep->ntables = 0;
}

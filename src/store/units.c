/* units.c — the units table: reading rows as JSON, writes, and the filtered, paged list.
 * It must not check permissions or field rules: the service layer has done that. */
#include "store/units.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/grow.h"
#include "core/jsonx.h"
#include "store/audit.h"
#include "store/columns.h"
#include "store/db.h"
#include "store/register.h"
#include "store/page.h"
#include "store/rows.h"
#include "store/sqlb.h"
#include "store/unit_index.h"

#define UNIT_FROM                                                                                  \
	" FROM units u LEFT JOIN sectors s ON s.code=u.sector LEFT JOIN regions r ON "             \
	"r.code=u.region"

#define F(field) CR_COL_FIELD(struct cr_unit_row, field)
#define W CR_COL_WRITE

/* The unit's one column table: JSON order, SELECT list, binds, INSERT and UPDATE. */
static const struct cr_col unit_cols[] = {
	{ "id", .column = NULL, .expr = "u.id", .type = CR_COL_INT },
	{ "credit_code", .column = "credit_code", .type = CR_COL_TEXT, .flags = W, F(credit_code) },
	{ "name", .column = "name", .type = CR_COL_TEXT, .flags = W, F(name) },
	{ "sector", .column = "sector", .type = CR_COL_TEXT, .flags = W, F(sector) },
	{ "section", .expr = "s.section", .type = CR_COL_TEXT },
	{ "dept", .column = "dept", .type = CR_COL_TEXT, .flags = W, F(dept) },
	{ "region", .column = "region", .type = CR_COL_TEXT, .flags = W, F(region) },
	{ "region_name", .expr = "r.name", .type = CR_COL_TEXT },
	{ "address", .column = "address", .type = CR_COL_TEXT, .flags = W, F(address) },
	{ "lon", .column = "lon", .type = CR_COL_REAL, .flags = W | CR_COL_NULLABLE, F(lon),
	  CR_COL_HAS(struct cr_unit_row, has_coords) },
	{ "lat", .column = "lat", .type = CR_COL_REAL, .flags = W | CR_COL_NULLABLE, F(lat),
	  CR_COL_HAS(struct cr_unit_row, has_coords) },
	{ "size_class", .column = "size_class", .type = CR_COL_TEXT, .flags = W, F(size_class) },
	{ "employees", .column = "employees", .type = CR_COL_INT, .flags = W | CR_COL_NULLABLE,
	  F(employees), .absent = CR_ABSENT_NEGATIVE },
	{ "contact_name", .column = "contact_name", .type = CR_COL_TEXT, .flags = W,
	  F(contact_name) },
	{ "contact_phone", .column = "contact_phone", .type = CR_COL_TEXT, .flags = W,
	  F(contact_phone) },
	{ "status", .expr = "u.status", .type = CR_COL_TEXT },
	{ "version", .expr = "u.version", .type = CR_COL_INT },
	{ "created_at", .expr = "u.created_at", .type = CR_COL_TEXT },
	{ "updated_at", .expr = "u.updated_at", .type = CR_COL_TEXT },
	{ "rating", .expr = "u.rating", .type = CR_COL_TEXT },
	{ "rating_reason", .expr = "u.rating_reason", .type = CR_COL_TEXT },
	{ "rating_reason_cn", .expr = "u.rating_reason_cn", .type = CR_COL_TEXT },
	{ "owner_flags", .expr = "u.owner_flags", .type = CR_COL_INT },
};

#undef F
#undef W

static struct cr_cols units = CR_COLS("units", "u", UNIT_FROM, "unit", unit_cols);

static json_t *row_json(struct cr_stmt *s)
{
	return cr_cols_row_json(&units, s);
}

static json_t *unit_row(struct cr_stmt *s, const void *ctx)
{
	(void)ctx;
	return row_json(s);
}

json_t *cr_store_unit_get(struct cr_conn *c, long long id, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, cr_cols_select(&units, " WHERE u.id=?"));
	cr_stmt_bind_int64(s, 1, id);
	return cr_store_one(c, s, unit_row, NULL, "unit", id, err);
}

/* The name index is SQLite's FTS5 table, kept here; PostgreSQL keeps its trigram index itself. */
static int fts_put(struct cr_conn *c, long long id, const char *name, struct cr_err *err)
{
	if (cr_conn_is_pg(c))
		return 0;
	struct cr_stmt *s = cr_db_stmt(c, "INSERT INTO units_fts(rowid, name) VALUES (?, ?)");
	cr_stmt_bind_int64(s, 1, id);
	cr_stmt_bind_text(s, 2, name, -1, CR_SQL_STATIC);
	int rc = cr_db_run(c, s, err);
	return rc;
}

/* Removes the name index entry of unit id, which must still hold its old name. */
static int fts_drop(struct cr_conn *c, long long id, struct cr_err *err)
{
	if (cr_conn_is_pg(c))
		return 0;
	struct cr_stmt *s = cr_db_stmt(c, "INSERT INTO units_fts(units_fts, rowid, name)"
					  " SELECT 'delete', id, name FROM units WHERE id=?");
	cr_stmt_bind_int64(s, 1, id);
	int rc = cr_db_run(c, s, err);
	return rc;
}

int cr_store_units_index_names(struct cr_conn *c, long long first_id, long long last_id,
			       struct cr_err *err)
{
	if (cr_conn_is_pg(c))
		return 0;
	struct cr_stmt *s = cr_db_stmt(c, "INSERT INTO units_fts(rowid, name)"
					  " SELECT id, name FROM units WHERE id BETWEEN ? AND ?");
	cr_stmt_bind_int64(s, 1, first_id);
	cr_stmt_bind_int64(s, 2, last_id);
	int rc = cr_db_run(c, s, err);
	return rc;
}

int cr_store_unit_insert(struct cr_conn *c, const struct cr_unit_row *u, long long *id,
			 struct cr_err *err)
{
	return cr_store_unit_insert_bulk(c, u, id, err) || fts_put(c, *id, u->name, err) ? -1 : 0;
}

int cr_store_unit_insert_bulk(struct cr_conn *c, const struct cr_unit_row *u, long long *id,
			      struct cr_err *err)
{
	if (cr_cols_insert(c, &units, u, id, err) == 0)
		return 0;
	if (err && err->status == 409)
		return cr_err_set(err, 409, "duplicate", "credit_code",
				  "a unit with credit code %s already exists", u->credit_code);
	return -1;
}

/* ===== Bulk load through COPY (PostgreSQL) =====
 * Rows go by COPY straight into units, each send inside a savepoint. When a send breaks a
 * constraint (a credit code registered already or repeated in the file), the savepoint is rolled
 * back and that send and every later one go into a staging table with each row's place in the
 * file, where one query finds the first repeated credit code (the rows sent before are in units
 * already, so they are looked at through the join with units). */

#define LOAD_SEND_BYTES (4u << 20) /* rows kept before a COPY sends them */
#define LOAD_PUT_BYTES (64u << 10) /* streaming: rows kept before they go down the open COPY */

struct cr_unit_load {
	struct cr_conn *c;
	struct cr_row_buf rows; /* COPY text not yet sent: the insert's columns, one line a row */
	long long *lines;       /* the place in the file of each row kept */
	size_t nlines, caplines;
	bool staging;                       /* a send failed: the rest go to units_load */
	bool stream;                        /* rows go down a COPY kept open between sends */
	bool open;                          /* that COPY is open (under the savepoint) */
	size_t sent;                        /* bytes of rows it has taken */
	long long n;                        /* rows written to units */
	char first_code[24], last_code[24]; /* the first and last row written, to find their ids */
	char now[32]; /* every row's created_at and updated_at, as one INSERT gives */
};

/* COPY text with each row's line in front, for the staging table. */
static int load_staged_text(struct cr_unit_load *l, struct cr_row_buf *out)
{
	const char *p = l->rows.p, *end = p + l->rows.n;
	for (size_t i = 0; i < l->nlines && p < end; i++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		char num[24];
		int k = snprintf(num, sizeof num, "%lld\t", l->lines[i]);
		for (int j = 0; j < k; j++)
			if (cr_row_buf_char(out, num[j]))
				return -1;
		for (size_t j = 0; j < len; j++)
			if (cr_row_buf_char(out, p[j]))
				return -1;
		p += len;
	}
	return 0;
}

/* One COPY of len bytes at text; *rows the rows it wrote. The COPY is ended whatever happened:
 * a row the server refused fails at its end. */
static int load_copy(struct cr_unit_load *l, const char *sql, const char *text, size_t len,
		     long long *rows, struct cr_err *err)
{
	int rc = -1;
	if (cr_conn_copy_begin(l->c, sql, err))
		return -1;
	if (cr_conn_copy_put(l->c, text, len, err))
		goto out;
	rc = 0;
out:
	if (cr_conn_copy_end(l->c, rows, rc ? NULL : err))
		rc = -1;
	return rc;
}

/* The rows kept sent into the staging table (made on the first call). */
static int load_stage(struct cr_unit_load *l, struct cr_err *err)
{
	char sql[1024];
	if (!l->staging) {
		snprintf(sql, sizeof sql,
			 "CREATE TEMP TABLE units_load ON COMMIT DROP AS SELECT 0::bigint AS line,"
			 " %s FROM units WITH NO DATA",
			 cr_cols_copy_list(&units));
		if (cr_db_exec(l->c, sql, err))
			return -1;
		l->staging = true;
	}
	struct cr_row_buf text = { 0 };
	int rc = -1;
	if (load_staged_text(l, &text)) {
		cr_err_set(err, 500, "oom", "", "out of memory");
		goto out;
	}
	if (load_copy(l, "COPY units_load FROM STDIN", text.p, text.n, NULL, err))
		goto out;
	rc = 0;
out:
	cr_row_buf_free(&text);
	return rc;
}

/* A savepoint, and a COPY into units under it. */
static int load_open(struct cr_unit_load *l, struct cr_err *err)
{
	char sql[1024];
	snprintf(sql, sizeof sql, "COPY units(%s) FROM STDIN", cr_cols_copy_list(&units));
	if (cr_db_exec(l->c, "SAVEPOINT unit_load", err) || cr_conn_copy_begin(l->c, sql, err))
		return -1;
	l->open = true;
	return 0;
}

/* Streaming: the rows kept and not yet sent go down the open COPY (opened first), so the server
 * takes them while the next rows are read and checked. */
static int load_put(struct cr_unit_load *l, struct cr_err *err)
{
	if (!l->open && load_open(l, err))
		return -1;
	if (cr_conn_copy_put(l->c, l->rows.p + l->sent, l->rows.n - l->sent, err))
		return -1;
	l->sent = l->rows.n;
	return 0;
}

/* Sends the rows kept: into units under a savepoint, or (after a refused send) to staging. */
static int load_send(struct cr_unit_load *l, struct cr_err *err)
{
	if (!l->rows.n)
		return 0;
	int rc = -1;
	if (!l->staging) {
		long long rows = 0;
		struct cr_err e = { 0 };
		if (!l->open && load_open(l, err))
			goto out;
		l->open = false;
		/* ends the COPY whatever happened; a row the server refused fails here */
		int put = l->rows.n > l->sent &&
			  cr_conn_copy_put(l->c, l->rows.p + l->sent, l->rows.n - l->sent, &e);
		if (cr_conn_copy_end(l->c, &rows, put ? NULL : &e) == 0 && !put) {
			l->n += rows;
			rc = cr_db_exec(l->c, "RELEASE SAVEPOINT unit_load", err);
			goto out;
		}
		/* Only a broken constraint is looked for in the staging table. */
		if (e.status != 409 || cr_db_exec(l->c, "ROLLBACK TO SAVEPOINT unit_load", err)) {
			if (err && e.status)
				*err = e;
			goto out;
		}
	}
	rc = load_stage(l, err);
out:
	l->rows.n = 0;
	l->sent = 0;
	l->nlines = 0;
	return rc;
}

struct cr_unit_load *cr_store_unit_load_begin(struct cr_conn *c, bool stream, struct cr_err *err)
{
	if (!cr_conn_is_pg(c)) {
		cr_err_set(err, 500, "internal", "", "a COPY load needs PostgreSQL");
		return NULL;
	}
	struct cr_unit_load *l = calloc(1, sizeof *l);
	if (!l) {
		cr_err_set(err, 500, "oom", "", "out of memory");
		return NULL;
	}
	l->c = c;
	l->stream = stream;
	cr_now_iso(l->now);
	return l;
}

int cr_store_unit_load_add(struct cr_unit_load *l, const struct cr_unit_row *u, long long line,
			   struct cr_err *err)
{
	if (CR_GROW(l->lines, l->caplines, l->nlines + 1))
		return cr_err_set(err, 500, "oom", "", "out of memory");
	l->lines[l->nlines++] = line;
	if (!l->first_code[0])
		snprintf(l->first_code, sizeof l->first_code, "%s", u->credit_code);
	snprintf(l->last_code, sizeof l->last_code, "%s", u->credit_code);
	if (cr_cols_copy_row(&units, u, l->now, &l->rows) || cr_row_buf_char(&l->rows, '\n'))
		return cr_err_set(err, 500, "oom", "", "out of memory");
	if (l->rows.n >= LOAD_SEND_BYTES)
		return load_send(l, err);
	if (l->stream && !l->staging && l->rows.n - l->sent >= LOAD_PUT_BYTES)
		return load_put(l, err);
	return 0;
}

/* The first staged row whose credit code is registered already (in units, which holds the rows
 * sent before the refused one) or came on an earlier staged row: 1 with *line and err, 0 when
 * there is none, -1 with err. */
static int load_duplicate(struct cr_unit_load *l, long long *line, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_prepare(
		l->c,
		"SELECT line, credit_code FROM (SELECT line, credit_code, lag(credit_code)"
		" OVER (ORDER BY credit_code, line) AS before FROM units_load) d"
		" WHERE credit_code = before"
		" UNION ALL SELECT l.line, l.credit_code FROM units_load l"
		" JOIN units u ON u.credit_code = l.credit_code ORDER BY 1 LIMIT 1",
		err);
	if (!s)
		return -1;
	int rc = cr_stmt_step(s);
	if (rc == CR_SQL_ROW) {
		*line = cr_stmt_column_int64(s, 0);
		cr_err_set(err, 409, "duplicate", "credit_code",
			   "a unit with credit code %s already exists", cr_col_text(s, 1));
		rc = 1;
	} else {
		rc = cr_db_done(l->c, rc, err);
	}
	cr_stmt_finalize(s);
	return rc;
}

int cr_store_unit_load_check(struct cr_unit_load *l, long long *line, struct cr_err *err)
{
	if (load_send(l, err))
		return -1;
	if (!l->staging)
		return 0;
	int rc = load_duplicate(l, line, err);
	if (rc == 0) /* refused, but not for a credit code: a constraint staging cannot see */
		rc = cr_err_set(err, 500, "db", "", "a row of the load broke a constraint");
	return rc;
}

/* The id of the unit with credit code code into *id. */
static int load_id(struct cr_unit_load *l, const char *code, long long *id, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(l->c, "SELECT id FROM units WHERE credit_code=?");
	cr_stmt_bind_text(s, 1, code, -1, CR_SQL_STATIC);
	int rc = cr_stmt_step(s);
	if (rc == CR_SQL_ROW) {
		*id = cr_stmt_column_int64(s, 0);
		rc = 0;
	} else if (cr_db_done(l->c, rc, err) == 0) {
		rc = cr_err_set(err, 500, "db", "", "unit %s of the load is missing", code);
	} else {
		rc = -1;
	}
	cr_stmt_reset(s);
	return rc;
}

int cr_store_unit_load_write(struct cr_unit_load *l, long long *n, long long *first_id,
			     long long *last_id, struct cr_err *err)
{
	*n = *first_id = *last_id = 0;
	if (!l->n)
		return 0;
	/* COPY gives the ids in the order of the rows: the first row's is the smallest */
	if (load_id(l, l->first_code, first_id, err) || load_id(l, l->last_code, last_id, err))
		return -1;
	*n = l->n;
	return 0;
}

void cr_store_unit_load_free(struct cr_unit_load *l)
{
	if (!l)
		return;
	if (l->open) /* a load given up mid-send: the rollback that follows drops its rows */
		cr_conn_copy_end(l->c, NULL, NULL);
	cr_row_buf_free(&l->rows);
	free(l->lines);
	free(l);
}

/* One statement per table (cr_db_stmt caches by the literal's address). An alert without a
 * department (one for every department of its region) keeps none. */
#define FOLLOW(t, dept)                                                                            \
	"UPDATE " t " SET region=u.region, dept=" dept ", updated_at=?2 FROM units u"              \
	" WHERE u.id=" t ".unit_id AND " t ".unit_id=?1 AND (" t ".region IS NOT u.region"         \
	" OR " t ".dept IS NOT " dept ")"
static const char *const follow_sql[] = {
	FOLLOW("installations", "u.dept"),
	FOLLOW("plans", "u.dept"),
	FOLLOW("dynamic_reports", "u.dept"),
	FOLLOW("resources", "u.dept"),
	FOLLOW("capability_assessments", "u.dept"),
	FOLLOW("alerts", "CASE WHEN alerts.dept='' THEN '' ELSE u.dept END"),
};
#undef FOLLOW

int cr_store_unit_records_follow(struct cr_conn *c, long long unit_id, struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	for (size_t i = 0; i < sizeof follow_sql / sizeof follow_sql[0]; i++) {
		struct cr_stmt *s = cr_db_stmt(c, follow_sql[i]);
		cr_stmt_bind_int64(s, 1, unit_id);
		cr_stmt_bind_text(s, 2, now, -1, CR_SQL_STATIC);
		if (cr_db_run(c, s, err))
			return -1;
	}
	return 0;
}

int cr_store_unit_update(struct cr_conn *c, long long id, const struct cr_unit_row *u,
			 long long expect_version, struct cr_err *err)
{
	if (fts_drop(c, id, err))
		return -1;
	if (cr_cols_update(c, &units, u, id, expect_version, err)) {
		if (err && strcmp(err->code, "conflict") == 0)
			return cr_err_set(err, 409, "duplicate", "credit_code",
					  "a unit with credit code %s already exists",
					  u->credit_code);
		return -1;
	}
	return fts_put(c, id, u->name, err);
}

int cr_store_unit_set_status(struct cr_conn *c, long long id, const char *status,
			     struct cr_err *err)
{
	return cr_register_set_status(c, &units, id, status, err);
}

/* The FTS5 trigram index needs three characters; shorter searches scan names with LIKE, as do
 * all on PostgreSQL, whose trigram index (pg_trgm) serves LIKE itself. */
static void add_name_filter(bool pg, struct cr_sqlb *b, const char *q, char *buf, size_t cap)
{
	size_t chars = 0;
	for (const char *p = q; *p; p++)
		chars += ((unsigned char)*p & 0xc0) != 0x80;
	size_t n = 0;
	if (chars >= 3 && !pg) {
		buf[n++] = '"';
		for (const char *p = q; *p && n + 3 < cap; p++) {
			if (*p == '"')
				buf[n++] = '"';
			buf[n++] = *p;
		}
		buf[n++] = '"';
		buf[n] = 0;
		cr_sqlb_where(b, "u.id IN (SELECT rowid FROM units_fts WHERE units_fts MATCH ?)");
	} else {
		for (const char *p = q; *p && n + 3 < cap; p++) {
			if (*p == '%' || *p == '_' || *p == '\\')
				buf[n++] = '\\';
			buf[n++] = *p;
		}
		buf[n] = 0;
		cr_sqlb_where(b, "u.name LIKE '%' || ? || '%' ESCAPE '\\'");
	}
	cr_sqlb_bind_text(b, buf);
}

static void add_filters(struct cr_conn *c, struct cr_sqlb *b, const struct cr_unit_filter *f,
			char *upper, char *qbuf, size_t qcap)
{
	cr_sqlb_where(b, "u.status=?");
	cr_sqlb_bind_text(b, f->status && *f->status ? f->status : "active");
	if (f->region_prefix && *f->region_prefix) {
		/* A code prefix as a range keeps the (status, region) index usable. */
		snprintf(upper, 24, "%s~", f->region_prefix);
		cr_sqlb_where(b, "u.region >= ? AND u.region < ?");
		cr_sqlb_bind_text(b, f->region_prefix);
		cr_sqlb_bind_text(b, upper);
	}
	if (f->sector && *f->sector) {
		cr_sqlb_where(b, "u.sector=?");
		cr_sqlb_bind_text(b, f->sector);
	}
	if (f->dept && *f->dept) {
		/* a merged department's units are found under its successor too */
		cr_sqlb_where(b, "(u.dept=? OR u.dept IN (SELECT code FROM departments"
				 " WHERE merged_into=?))");
		cr_sqlb_bind_text(b, f->dept);
		cr_sqlb_bind_text(b, f->dept);
	}
	if (f->size_class && *f->size_class) {
		cr_sqlb_where(b, "u.size_class=?");
		cr_sqlb_bind_text(b, f->size_class);
	}
	if (f->rating && *f->rating) {
		cr_sqlb_where(b, "u.rating=?");
		cr_sqlb_bind_text(b, f->rating);
	}
	if (f->only_id) {
		cr_sqlb_where(b, "u.id=?");
		cr_sqlb_bind_int(b, f->only_id);
	}
	if (f->q && *f->q)
		add_name_filter(cr_conn_is_pg(c), b, f->q, qbuf, qcap);
	if (f->credit_prefix && *f->credit_prefix) {
		/* codes are stored in capitals; the prefix comes normalised the same way */
		cr_sqlb_where(b, "substr(u.credit_code, 1, length(?)) = ?");
		cr_sqlb_bind_text(b, f->credit_prefix);
		cr_sqlb_bind_text(b, f->credit_prefix);
	}
}

/* Reads units `ids` (those with the high bit in stamps[i]) and caches their JSON text in the unit
 * index. With force, every id is read and its text appended to *joined instead. */
static int fill_texts(struct cr_conn *c, const long long *ids, int n, const unsigned long *stamps,
		      char **joined, struct cr_err *err)
{
	char list[501 * 21] = "[";
	size_t len = 1;
	for (int i = 0; i < n; i++)
		if (joined || (stamps[i] >> 63))
			len += (size_t)snprintf(list + len, sizeof list - len, "%s%lld",
						len > 1 ? "," : "", ids[i]);
	snprintf(list + len, sizeof list - len, "]");
	/* One statement for the page's rows: one read transaction, not one per row. */
	struct cr_stmt *s =
		cr_db_stmt(c, cr_cols_select(&units, " WHERE u.id IN (SELECT CAST(value AS INTEGER)"
						     " FROM json_each(?)) ORDER BY u.id"));
	cr_stmt_bind_text(s, 1, list, -1, CR_SQL_STATIC);
	size_t at = 0, cap = 0;
	int rc;
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		json_t *row = row_json(s);
		char *text = cr_json_dump(row);
		json_decref(row);
		if (!text)
			continue;
		long long id = cr_stmt_column_int64(s, 0);
		if (joined) {
			size_t k = strlen(text);
			if (CR_GROW(*joined, cap, at + k + 2)) {
				free(text);
				break;
			}
			if (at)
				(*joined)[at++] = ',';
			memcpy(*joined + at, text, k + 1);
			at += k;
		} else {
			for (int i = 0; i < n; i++)
				if (ids[i] == id)
					cr_unit_index_remember(id, stamps[i] & ~(1UL << 63), text);
		}
		free(text);
	}
	cr_stmt_reset(s);
	return rc == CR_SQL_DONE ? 0 : cr_db_fail(c, err);
}

char *cr_store_unit_page_text(struct cr_conn *c, const struct cr_unit_filter *f, struct cr_err *err)
{
	long long ids[501], total;
	unsigned long stamps[501];
	int n, missing;
	bool more;
	struct cr_unit_match m = { .region_prefix = f->region_prefix,
				   .sector = f->sector,
				   .dept = f->dept,
				   .size_class = f->size_class,
				   .status = f->status,
				   .rating = f->rating,
				   .only_id = f->only_id,
				   .credit_prefix = f->credit_prefix };
	if (cr_unit_index_page(c, &m, f->after, f->limit < 500 ? f->limit : 500, ids, &n, &total,
			       &more, err))
		return NULL;
	/* the ids came from the index, which follows the primary: their rows come from there too */
	if (!(c = cr_db_primary(c))) {
		cr_err_set(err, 503, "unavailable", "", "database unavailable");
		return NULL;
	}
	/* Units' JSON is cached in the index until they change; a page joins the texts. Rows not
	 * cached yet are read once; if writes keep racing the cache, read the page directly. */
	static const char head[] = "{\"items\":[";
	enum { TAIL = 96 }; /* room for the page's end: next and total */
	char *out = NULL;
	size_t len = 0;
	for (int attempt = 0; attempt < 3 && !out; attempt++) {
		out = cr_unit_index_join(ids, n, head, TAIL, stamps, &missing, &len);
		if (!out && fill_texts(c, ids, n, stamps, NULL, err))
			return NULL;
	}
	if (!out) {
		char *joined = NULL;
		if (fill_texts(c, ids, n, stamps, &joined, err) || !joined) {
			free(joined);
			if (n)
				return NULL;
			joined = strdup("");
		}
		len = joined ? strlen(joined) : 0;
		if (joined && (out = malloc(sizeof head + len + TAIL)))
			len = (size_t)snprintf(out, sizeof head + len, "%s%s", head, joined);
		free(joined);
	}
	if (!out) {
		cr_err_set(err, 500, "oom", "", "out of memory");
		return NULL;
	}
	if (more)
		snprintf(out + len, TAIL, "],\"next\":\"%lld\",\"total\":%lld}", ids[n - 1], total);
	else
		snprintf(out + len, TAIL, "],\"next\":null,\"total\":%lld}", total);
	return out;
}

json_t *cr_store_unit_list(struct cr_conn *c, const struct cr_unit_filter *f, struct cr_err *err)
{
	char upper[24], qbuf[512];
	struct cr_sqlb cnt, sel;
	cr_sqlb_init(&cnt, "SELECT count(*) FROM units u");
	add_filters(c, &cnt, f, upper, qbuf, sizeof qbuf);
	cr_sqlb_init(&sel, cr_cols_select(&units, ""));
	add_filters(c, &sel, f, upper, qbuf, sizeof qbuf);
	return cr_store_page(c, &cnt, &sel, "u.id > ?", " ORDER BY u.id LIMIT ?", f->after,
			     f->limit, unit_row, NULL, err);
}

long long cr_store_unit_count(struct cr_conn *c, bool active_only, struct cr_err *err)
{
	struct cr_stmt *s =
		active_only ? cr_db_stmt(c, "SELECT count(*) FROM units WHERE status='active'")
			    : cr_db_stmt(c, "SELECT count(*) FROM units");
	long long n =
		cr_stmt_step(s) == CR_SQL_ROW ? cr_stmt_column_int64(s, 0) : cr_db_fail(c, err);
	cr_stmt_reset(s);
	return n;
}

int cr_store_units_each_active(struct cr_conn *c, cr_unit_place_fn fn, void *ctx,
			       struct cr_err *err)
{
	/* A one-off statement: fn may write (risk points, ratings) through the cached ones. */
	struct cr_stmt *s = cr_db_prepare(c,
					  "SELECT id, region, sector, dept, size_class, lon, lat"
					  " FROM units WHERE status='active' ORDER BY id",
					  err);
	if (!s)
		return -1;
	int rc, out = 0;
	while (!out && (rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		struct cr_unit_place u = {
			.id = cr_stmt_column_int64(s, 0),
			.region = cr_col_text(s, 1),
			.sector = cr_col_text(s, 2),
			.dept = cr_col_text(s, 3),
			.size_class = cr_col_text(s, 4),
			.has_coords = cr_stmt_column_type(s, 5) != CR_SQL_NULL,
			.lon = cr_stmt_column_double(s, 5),
			.lat = cr_stmt_column_double(s, 6),
		};
		out = fn(ctx, &u);
	}
	if (!out && rc != CR_SQL_DONE)
		out = cr_db_fail(c, err);
	cr_stmt_finalize(s);
	return out;
}

struct cr_store_rows *cr_store_unit_rows(struct cr_conn *c, const struct cr_unit_filter *f,
					 const char *const *keys, size_t n, struct cr_err *err)
{
	char upper[24], qbuf[512];
	struct cr_sqlb sel;
	if (cr_cols_select_keys(&units, keys, n, &sel, err))
		return NULL;
	add_filters(c, &sel, f, upper, qbuf, sizeof qbuf);
	return cr_store_rows_open(c, &sel, " ORDER BY u.id", err);
}

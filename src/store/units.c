/* units.c — the units table: reading rows as JSON, writes, and the filtered, paged list.
 * It must not check permissions or field rules: the service layer has done that. */
#include "store/units.h"

#include <stdio.h>
#include <string.h>

#include "core/jsonx.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/page.h"
#include "store/sqlb.h"
#include "store/unit_index.h"

#define UNIT_COLS                                                                          \
	"u.id, u.credit_code, u.name, u.sector, s.section, u.dept, u.region, r.name,"      \
	" u.address, u.lon, u.lat, u.size_class, u.employees, u.contact_name,"             \
	" u.contact_phone, u.status, u.version, u.created_at, u.updated_at, u.rating,"      \
	" u.rating_reason, u.rating_reason_cn, u.owner_flags"
#define UNIT_FROM                                                                          \
	" FROM units u LEFT JOIN sectors s ON s.code=u.sector LEFT JOIN regions r ON r.code=u.region"

static json_t *row_json(sqlite3_stmt *s)
{
	json_t *o = json_pack("{sI ss ss ss ss ss ss ss ss so so ss so ss ss ss sI ss ss}",
			 "id", sqlite3_column_int64(s, 0), "credit_code", cr_col_text(s, 1),
			 "name", cr_col_text(s, 2), "sector", cr_col_text(s, 3), "section",
			 cr_col_text(s, 4), "dept", cr_col_text(s, 5), "region", cr_col_text(s, 6),
			 "region_name", cr_col_text(s, 7), "address", cr_col_text(s, 8), "lon",
			 cr_col_json_num(s, 9), "lat", cr_col_json_num(s, 10), "size_class",
			 cr_col_text(s, 11), "employees", cr_col_json_num(s, 12), "contact_name",
			 cr_col_text(s, 13), "contact_phone", cr_col_text(s, 14), "status",
			 cr_col_text(s, 15), "version", sqlite3_column_int64(s, 16), "created_at",
			 cr_col_text(s, 17), "updated_at", cr_col_text(s, 18));
	json_object_set_new(o, "rating", json_string(cr_col_text(s, 19)));
	json_object_set_new(o, "rating_reason", json_string(cr_col_text(s, 20)));
	json_object_set_new(o, "rating_reason_cn", json_string(cr_col_text(s, 21)));
	json_object_set_new(o, "owner_flags", json_integer(sqlite3_column_int(s, 22)));
	return o;
}

static json_t *unit_row(sqlite3_stmt *s, const void *ctx)
{
	(void)ctx;
	return row_json(s);
}

json_t *cr_store_unit_get(sqlite3 *c, long long id, struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, "SELECT " UNIT_COLS UNIT_FROM " WHERE u.id=?");
	sqlite3_bind_int64(s, 1, id);
	return cr_store_one(c, s, unit_row, NULL, "unit", id, err);
}

static void bind_row(sqlite3_stmt *s, const struct cr_unit_row *u)
{
	sqlite3_bind_text(s, 1, u->credit_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, u->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, u->sector, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, u->dept, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, u->region, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, u->address ? u->address : "", -1, SQLITE_STATIC);
	if (u->has_coords) {
		sqlite3_bind_double(s, 7, u->lon);
		sqlite3_bind_double(s, 8, u->lat);
	} else {
		sqlite3_bind_null(s, 7);
		sqlite3_bind_null(s, 8);
	}
	sqlite3_bind_text(s, 9, u->size_class, -1, SQLITE_STATIC);
	if (u->employees >= 0)
		sqlite3_bind_int64(s, 10, u->employees);
	else
		sqlite3_bind_null(s, 10);
	sqlite3_bind_text(s, 11, u->contact_name ? u->contact_name : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 12, u->contact_phone ? u->contact_phone : "", -1, SQLITE_STATIC);
}

static int fts_put(sqlite3 *c, long long id, const char *name, struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, "INSERT INTO units_fts(rowid, name) VALUES (?, ?)");
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	int rc = cr_db_run(c, s, err);
	return rc;
}

/* Removes the name index entry of unit id, which must still hold its old name. */
static int fts_drop(sqlite3 *c, long long id, struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, "INSERT INTO units_fts(units_fts, rowid, name)"
					" SELECT 'delete', id, name FROM units WHERE id=?");
	sqlite3_bind_int64(s, 1, id);
	int rc = cr_db_run(c, s, err);
	return rc;
}

int cr_store_units_index_names(sqlite3 *c, long long first_id, long long last_id,
			       struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, "INSERT INTO units_fts(rowid, name)"
					" SELECT id, name FROM units WHERE id BETWEEN ? AND ?");
	sqlite3_bind_int64(s, 1, first_id);
	sqlite3_bind_int64(s, 2, last_id);
	int rc = cr_db_run(c, s, err);
	return rc;
}

int cr_store_unit_insert(sqlite3 *c, const struct cr_unit_row *u, long long *id, struct cr_err *err)
{
	return cr_store_unit_insert_bulk(c, u, id, err) ||
	       fts_put(c, *id, u->name, err) ? -1 : 0;
}

int cr_store_unit_insert_bulk(sqlite3 *c, const struct cr_unit_row *u, long long *id,
			      struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	sqlite3_stmt *s = cr_db_stmt(c, "INSERT INTO units(credit_code, name, sector, dept, region,"
					" address, lon, lat, size_class, employees, contact_name,"
					" contact_phone, created_at, updated_at)"
					" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?13,?13)");
	bind_row(s, u);
	sqlite3_bind_text(s, 13, now, -1, SQLITE_STATIC);
	int rc = cr_db_run(c, s, err);
	if (rc && err && err->status == 409)
		return cr_err_set(err, 409, "duplicate", "credit_code",
				  "a unit with credit code %s already exists", u->credit_code);
	if (!rc)
		*id = sqlite3_last_insert_rowid(c);
	return rc;
}

int cr_store_unit_update(sqlite3 *c, long long id, const struct cr_unit_row *u,
			 long long expect_version, struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	if (fts_drop(c, id, err))
		return -1;
	sqlite3_stmt *s = cr_db_stmt(c, "UPDATE units SET credit_code=?, name=?, sector=?, dept=?,"
					" region=?, address=?, lon=?, lat=?, size_class=?, employees=?,"
					" contact_name=?, contact_phone=?, updated_at=?13,"
					" version=version+1 WHERE id=?14 AND (?15<=0 OR version=?15)");
	bind_row(s, u);
	sqlite3_bind_text(s, 13, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 14, id);
	sqlite3_bind_int64(s, 15, expect_version);
	int rc = cr_db_run(c, s, err);
	if (rc && err && err->status == 409)
		return cr_err_set(err, 409, "duplicate", "credit_code",
				  "a unit with credit code %s already exists", u->credit_code);
	if (!rc && sqlite3_changes(c) == 0)
		return cr_err_set(err, 409, "version_conflict", "version",
				  "the unit was changed by someone else; reload it");
	return rc ? rc : fts_put(c, id, u->name, err);
}

int cr_store_unit_set_status(sqlite3 *c, long long id, const char *status, struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	sqlite3_stmt *s = cr_db_stmt(c, "UPDATE units SET status=?, updated_at=?,"
					" version=version+1 WHERE id=?");
	sqlite3_bind_text(s, 1, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, id);
	int rc = cr_db_run(c, s, err);
	return rc;
}

/* The FTS5 trigram index needs three characters; shorter searches scan names with LIKE. */
static void add_name_filter(struct cr_sqlb *b, const char *q, char *buf, size_t cap)
{
	size_t chars = 0;
	for (const char *p = q; *p; p++)
		chars += ((unsigned char)*p & 0xc0) != 0x80;
	size_t n = 0;
	if (chars >= 3) {
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
	cr_sqlb_text(b, buf);
}

static void add_filters(struct cr_sqlb *b, const struct cr_unit_filter *f, char *upper,
			char *qbuf, size_t qcap)
{
	cr_sqlb_where(b, "u.status=?");
	cr_sqlb_text(b, f->status && *f->status ? f->status : "active");
	if (f->region_prefix && *f->region_prefix) {
		/* A code prefix as a range keeps the (status, region) index usable. */
		snprintf(upper, 24, "%s~", f->region_prefix);
		cr_sqlb_where(b, "u.region >= ? AND u.region < ?");
		cr_sqlb_text(b, f->region_prefix);
		cr_sqlb_text(b, upper);
	}
	if (f->sector && *f->sector) {
		cr_sqlb_where(b, "u.sector=?");
		cr_sqlb_text(b, f->sector);
	}
	if (f->dept && *f->dept) {
		cr_sqlb_where(b, "u.dept=?");
		cr_sqlb_text(b, f->dept);
	}
	if (f->size_class && *f->size_class) {
		cr_sqlb_where(b, "u.size_class=?");
		cr_sqlb_text(b, f->size_class);
	}
	if (f->rating && *f->rating) {
		cr_sqlb_where(b, "u.rating=?");
		cr_sqlb_text(b, f->rating);
	}
	if (f->only_id) {
		cr_sqlb_where(b, "u.id=?");
		cr_sqlb_int(b, f->only_id);
	}
	if (f->q && *f->q)
		add_name_filter(b, f->q, qbuf, qcap);
}


/* Reads units `ids` (those with the high bit in stamps[i]) and caches their JSON text in the unit
 * index. With force, every id is read and its text appended to *joined instead. */
static int fill_texts(sqlite3 *c, const long long *ids, int n, const unsigned long *stamps,
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
	sqlite3_stmt *s = cr_db_stmt(c, "SELECT " UNIT_COLS UNIT_FROM
					" WHERE u.id IN (SELECT value FROM json_each(?)) ORDER BY u.id");
	sqlite3_bind_text(s, 1, list, -1, SQLITE_STATIC);
	size_t at = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		json_t *row = row_json(s);
		char *text = cr_json_dump(row);
		json_decref(row);
		if (!text)
			continue;
		long long id = sqlite3_column_int64(s, 0);
		if (joined) {
			size_t k = strlen(text);
			if (at + k + 2 > cap) {
				cap = 2 * (at + k + 2);
				char *g = realloc(*joined, cap);
				if (!g) {
					free(text);
					break;
				}
				*joined = g;
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
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : cr_db_fail(c, err);
}

char *cr_store_unit_page_text(sqlite3 *c, const struct cr_unit_filter *f, struct cr_err *err)
{
	long long ids[501], total;
	unsigned long stamps[501];
	int n, missing;
	bool more;
	struct cr_unit_match m = { .region_prefix = f->region_prefix, .sector = f->sector,
				   .dept = f->dept, .size_class = f->size_class,
				   .status = f->status, .rating = f->rating, .only_id = f->only_id,
				   .credit_prefix = f->credit_prefix };
	if (cr_unit_index_page(c, &m, f->after, f->limit < 500 ? f->limit : 500, ids, &n, &total,
			       &more, err))
		return NULL;
	/* Units' JSON is cached in the index until they change; a page joins the texts. Rows not
	 * cached yet are read once; if writes keep racing the cache, read the page directly. */
	char *joined = NULL;
	for (int attempt = 0; attempt < 3 && !joined; attempt++) {
		joined = cr_unit_index_join(ids, n, stamps, &missing);
		if (!joined && fill_texts(c, ids, n, stamps, NULL, err))
			return NULL;
	}
	if (!joined && (fill_texts(c, ids, n, stamps, &joined, err) || !joined)) {
		free(joined);
		if (n)
			return NULL;
		joined = strdup("");
	}
	size_t cap = strlen(joined) + 96;
	char *out = malloc(cap);
	if (out) {
		if (more)
			snprintf(out, cap, "{\"items\":[%s],\"next\":\"%lld\",\"total\":%lld}", joined,
				 ids[n - 1], total);
		else
			snprintf(out, cap, "{\"items\":[%s],\"next\":null,\"total\":%lld}", joined, total);
	}
	free(joined);
	if (!out)
		cr_err_set(err, 500, "oom", "", "out of memory");
	return out;
}

json_t *cr_store_unit_list(sqlite3 *c, const struct cr_unit_filter *f, struct cr_err *err)
{
	char upper[24], qbuf[512];
	struct cr_sqlb cnt, sel;
	cr_sqlb_init(&cnt, "SELECT count(*) FROM units u");
	add_filters(&cnt, f, upper, qbuf, sizeof qbuf);
	cr_sqlb_init(&sel, "SELECT " UNIT_COLS UNIT_FROM);
	add_filters(&sel, f, upper, qbuf, sizeof qbuf);
	return cr_store_page(c, &cnt, &sel, "u.id > ?", " ORDER BY u.id LIMIT ?", f->after, f->limit,
			     unit_row, NULL, err);
}

long long cr_store_unit_count(sqlite3 *c, bool active_only, struct cr_err *err)
{
	sqlite3_stmt *s = active_only ? cr_db_stmt(c, "SELECT count(*) FROM units WHERE status='active'")
				      : cr_db_stmt(c, "SELECT count(*) FROM units");
	long long n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : cr_db_fail(c, err);
	sqlite3_reset(s);
	return n;
}

int cr_store_units_each_active(sqlite3 *c, cr_unit_place_fn fn, void *ctx, struct cr_err *err)
{
	/* A one-off statement: fn may write (risk points, ratings) through the cached ones. */
	sqlite3_stmt *s = cr_db_prepare(c, "SELECT id, region, sector, dept, size_class, lon, lat"
					   " FROM units WHERE status='active' ORDER BY id", err);
	if (!s)
		return -1;
	int rc, out = 0;
	while (!out && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct cr_unit_place u = {
			.id = sqlite3_column_int64(s, 0), .region = cr_col_text(s, 1),
			.sector = cr_col_text(s, 2), .dept = cr_col_text(s, 3),
			.size_class = cr_col_text(s, 4),
			.has_coords = sqlite3_column_type(s, 5) != SQLITE_NULL,
			.lon = sqlite3_column_double(s, 5), .lat = sqlite3_column_double(s, 6),
		};
		out = fn(ctx, &u);
	}
	if (!out && rc != SQLITE_DONE)
		out = cr_db_fail(c, err);
	sqlite3_finalize(s);
	return out;
}

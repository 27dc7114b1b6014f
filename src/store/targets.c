/* targets.c — the targets table: one column table for JSON, writes and the paged list, and the
 * change feed of the exposure index. It must not check permissions or field rules. */
#include "store/targets.h"

#include <stdio.h>

#include "core/clock.h"
#include "store/columns.h"
#include "store/db.h"
#include "store/page.h"
#include "store/sqlb.h"

#define TARGET_FROM                                                                                \
	" FROM targets t LEFT JOIN regions r ON r.code=t.region"                                   \
	" LEFT JOIN departments d ON d.code=t.dept"

#define F(field) CR_COL_FIELD(struct cr_target_row, field)
#define W CR_COL_WRITE

static const struct cr_col target_cols[] = {
	{ "id", .expr = "t.id", .type = CR_COL_INT },
	{ "name", .column = "name", .type = CR_COL_TEXT, .flags = W, F(name) },
	{ "kind", .column = "kind", .type = CR_COL_TEXT, .flags = W, F(kind) },
	{ "protection_class", .column = "protection_class", .type = CR_COL_TEXT, .flags = W,
	  F(protection_class) },
	{ "region", .column = "region", .type = CR_COL_TEXT, .flags = W, F(region) },
	{ "region_name", .expr = "r.name", .type = CR_COL_TEXT },
	{ "dept", .column = "dept", .type = CR_COL_TEXT, .flags = W, F(dept) },
	{ "dept_name", .expr = "d.name_cn", .type = CR_COL_TEXT },
	{ "address", .column = "address", .type = CR_COL_TEXT, .flags = W, F(address) },
	{ "lon", .column = "lon", .type = CR_COL_REAL, .flags = W, F(lon) },
	{ "lat", .column = "lat", .type = CR_COL_REAL, .flags = W, F(lat) },
	{ "people_day", .column = "people_day", .type = CR_COL_INT, .flags = W | CR_COL_NULLABLE,
	  F(people_day), .absent = CR_ABSENT_NEGATIVE },
	{ "people_night", .column = "people_night", .type = CR_COL_INT,
	  .flags = W | CR_COL_NULLABLE, F(people_night), .absent = CR_ABSENT_NEGATIVE },
	{ "status", .expr = "t.status", .type = CR_COL_TEXT },
	{ "version", .expr = "t.version", .type = CR_COL_INT },
	{ "created_at", .expr = "t.created_at", .type = CR_COL_TEXT },
	{ "updated_at", .expr = "t.updated_at", .type = CR_COL_TEXT },
};

#undef F
#undef W

static struct cr_cols targets = CR_COLS("targets", "t", TARGET_FROM, "target", target_cols);

static json_t *target_row(sqlite3_stmt *s, const void *ctx)
{
	(void)ctx;
	return cr_cols_row_json(&targets, s);
}

json_t *cr_store_target_get(sqlite3 *c, long long id, struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, cr_cols_select(&targets, " WHERE t.id=?"));
	sqlite3_bind_int64(s, 1, id);
	return cr_store_one(c, s, target_row, NULL, "target", id, err);
}

int cr_store_target_insert(sqlite3 *c, const struct cr_target_row *t, long long *id,
			   struct cr_err *err)
{
	return cr_cols_insert(c, &targets, t, id, err);
}

int cr_store_target_update(sqlite3 *c, long long id, const struct cr_target_row *t,
			   long long expect_version, struct cr_err *err)
{
	return cr_cols_update(c, &targets, t, id, expect_version, err);
}

int cr_store_target_set_status(sqlite3 *c, long long id, const char *status, struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	sqlite3_stmt *s = cr_db_stmt(c, "UPDATE targets SET status=?, updated_at=?,"
					" version=version+1 WHERE id=?");
	sqlite3_bind_text(s, 1, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, id);
	return cr_db_run(c, s, err);
}

static void add_filters(struct cr_sqlb *b, const struct cr_target_filter *f, char *upper,
			char *qbuf, size_t qcap)
{
	cr_sqlb_where(b, "t.status=?");
	cr_sqlb_bind_text(b, f->status && *f->status ? f->status : "active");
	if (f->region_prefix && *f->region_prefix) {
		snprintf(upper, 24, "%s~", f->region_prefix);
		cr_sqlb_where(b, "t.region >= ? AND t.region < ?");
		cr_sqlb_bind_text(b, f->region_prefix);
		cr_sqlb_bind_text(b, upper);
	}
	if (f->kind && *f->kind) {
		cr_sqlb_where(b, "t.kind=?");
		cr_sqlb_bind_text(b, f->kind);
	}
	if (f->protection_class && *f->protection_class) {
		cr_sqlb_where(b, "t.protection_class=?");
		cr_sqlb_bind_text(b, f->protection_class);
	}
	if (f->dept && *f->dept) {
		cr_sqlb_where(b, "t.dept=?");
		cr_sqlb_bind_text(b, f->dept);
	}
	if (f->q && *f->q) {
		size_t n = 0;
		for (const char *p = f->q; *p && n + 3 < qcap; p++) {
			if (*p == '%' || *p == '_' || *p == '\\')
				qbuf[n++] = '\\';
			qbuf[n++] = *p;
		}
		qbuf[n] = 0;
		cr_sqlb_where(b, "t.name LIKE '%' || ? || '%' ESCAPE '\\'");
		cr_sqlb_bind_text(b, qbuf);
	}
}

json_t *cr_store_target_list(sqlite3 *c, const struct cr_target_filter *f, struct cr_err *err)
{
	char upper[24], qbuf[512];
	struct cr_sqlb cnt, sel;
	cr_sqlb_init(&cnt, "SELECT count(*) FROM targets t");
	add_filters(&cnt, f, upper, qbuf, sizeof qbuf);
	cr_sqlb_init(&sel, cr_cols_select(&targets, ""));
	add_filters(&sel, f, upper, qbuf, sizeof qbuf);
	return cr_store_page(c, &cnt, &sel, "t.id > ?", " ORDER BY t.id LIMIT ?", f->after,
			     f->limit, target_row, NULL, err);
}

struct cr_store_rows *cr_store_target_rows(sqlite3 *c, const struct cr_target_filter *f,
					   const char *const *keys, size_t n, struct cr_err *err)
{
	char upper[24], qbuf[512];
	struct cr_sqlb sel;
	if (cr_cols_select_keys(&targets, keys, n, &sel, err))
		return NULL;
	add_filters(&sel, f, upper, qbuf, sizeof qbuf);
	return cr_store_rows_open(c, &sel, " ORDER BY t.id", err);
}

int cr_store_targets_changed(sqlite3 *c, const char *since, cr_target_place_fn fn, void *ctx,
			     struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, "SELECT id, region, status, updated_at, lon, lat,"
					" coalesce(people_day, -1), coalesce(people_night, -1)"
					" FROM targets WHERE updated_at >= ? ORDER BY updated_at");
	sqlite3_bind_text(s, 1, since ? since : "", -1, SQLITE_STATIC);
	int rc, out = 0;
	while (!out && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct cr_target_place t = {
			.id = sqlite3_column_int64(s, 0),
			.region = cr_col_text(s, 1),
			.status = cr_col_text(s, 2),
			.updated_at = cr_col_text(s, 3),
			.lon = sqlite3_column_double(s, 4),
			.lat = sqlite3_column_double(s, 5),
			.people_day = sqlite3_column_int64(s, 6),
			.people_night = sqlite3_column_int64(s, 7),
		};
		out = fn(ctx, &t);
	}
	if (!out && rc != SQLITE_DONE)
		out = cr_db_fail(c, err);
	sqlite3_reset(s);
	return out;
}

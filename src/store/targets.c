/* targets.c — the targets table: one column table for JSON, writes and the paged list, and the
 * change feed of the exposure index. It must not check permissions or field rules. */
#include "store/targets.h"

#include <stdio.h>

#include "domain/geo.h"
#include "store/columns.h"
#include "store/db.h"
#include "store/register.h"
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

json_t *cr_store_target_get(struct cr_conn *c, long long id, struct cr_err *err)
{
	return cr_register_get(c, &targets, id, err);
}

int cr_store_target_insert(struct cr_conn *c, const struct cr_target_row *t, long long *id,
			   struct cr_err *err)
{
	return cr_cols_insert(c, &targets, t, id, err);
}

int cr_store_target_update(struct cr_conn *c, long long id, const struct cr_target_row *t,
			   long long expect_version, struct cr_err *err)
{
	return cr_cols_update(c, &targets, t, id, expect_version, err);
}

int cr_store_target_set_status(struct cr_conn *c, long long id, const char *status,
			       struct cr_err *err)
{
	return cr_register_set_status(c, &targets, id, status, err);
}

static void add_filters(struct cr_sqlb *b, const struct cr_cols *t, const void *filter,
			struct cr_register_text *x)
{
	const struct cr_target_filter *f = filter;
	cr_register_status(b, t, f->status);
	cr_register_territory(b, t, f->region_prefix, x);
	cr_register_eq(b, t, "kind", f->kind);
	cr_register_eq(b, t, "protection_class", f->protection_class);
	cr_register_eq(b, t, "dept", f->dept);
	cr_register_name(b, t, f->q, x);
}

json_t *cr_store_target_list(struct cr_conn *c, const struct cr_target_filter *f,
			     struct cr_err *err)
{
	return cr_register_page(c, &targets, add_filters, f, f->after, f->limit, false, err);
}

struct cr_store_rows *cr_store_target_rows(struct cr_conn *c, const struct cr_target_filter *f,
					   const char *const *keys, size_t n, struct cr_err *err)
{
	struct cr_register_text x;
	struct cr_sqlb sel;
	if (cr_cols_select_keys(&targets, keys, n, &sel, err))
		return NULL;
	add_filters(&sel, &targets, f, &x);
	return cr_store_rows_open(c, &sel, " ORDER BY t.id", err);
}

/* A target's place: the columns and the row read from them. */
#define PLACE_COLS                                                                                 \
	"t.id, t.region, t.status, t.updated_at, t.lon, t.lat, coalesce(t.people_day, -1),"        \
	" coalesce(t.people_night, -1)"

static struct cr_target_place place_of(struct cr_stmt *s)
{
	return (struct cr_target_place){
		.id = cr_stmt_column_int64(s, 0),
		.region = cr_col_text(s, 1),
		.status = cr_col_text(s, 2),
		.updated_at = cr_col_text(s, 3),
		.lon = cr_stmt_column_double(s, 4),
		.lat = cr_stmt_column_double(s, 5),
		.people_day = cr_stmt_column_int64(s, 6),
		.people_night = cr_stmt_column_int64(s, 7),
	};
}

int cr_store_targets_changed(struct cr_conn *c, const char *since, cr_target_place_fn fn, void *ctx,
			     struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT " PLACE_COLS " FROM targets t"
					  " WHERE t.updated_at >= ? ORDER BY t.updated_at");
	cr_stmt_bind_text(s, 1, since ? since : "", -1, CR_SQL_STATIC);
	int rc, out = 0;
	while (!out && (rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		struct cr_target_place t = place_of(s);
		out = fn(ctx, &t);
	}
	if (!out && rc != CR_SQL_DONE)
		out = cr_db_fail(c, err);
	cr_stmt_reset(s);
	return out;
}

int cr_store_targets_within(struct cr_conn *c, double lon, double lat, double radius_m,
			    cr_target_near_fn fn, void *ctx, struct cr_err *err)
{
	struct cr_sqlb b;
	cr_sqlb_init(&b, "SELECT " PLACE_COLS " FROM targets t WHERE t.status='active'");
	b.nwhere = 1;
	cr_sqlb_near(&b, c, "t", lon, lat, radius_m);
	struct cr_stmt *s = cr_sqlb_prepare(c, &b, err);
	if (!s)
		return -1;
	int rc, out = 0;
	while (!out && (rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		struct cr_target_place t = place_of(s);
		double d = cr_haversine_m(lon, lat, t.lon, t.lat);
		if (d <= radius_m)
			out = fn(ctx, &t, d);
	}
	if (!out && rc != CR_SQL_DONE)
		out = cr_db_fail(c, err);
	cr_stmt_finalize(s);
	return out;
}

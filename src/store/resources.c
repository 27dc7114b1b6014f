/* resources.c — the resources table: one column table for JSON, writes and the paged list, and
 * the change feed of the nearest index. It must not check permissions or field rules. */
#include "store/resources.h"

#include <stdio.h>

#include "store/columns.h"
#include "store/db.h"
#include "store/register.h"

#define RESOURCE_FROM                                                                              \
	" FROM resources s LEFT JOIN regions r ON r.code=s.region"                                 \
	" LEFT JOIN departments d ON d.code=s.dept LEFT JOIN units u ON u.id=s.unit_id"

#define F(field) CR_COL_FIELD(struct cr_resource_row, field)
#define W CR_COL_WRITE

static const struct cr_col resource_cols[] = {
	{ "id", .expr = "s.id", .type = CR_COL_INT },
	{ "name", .column = "name", .type = CR_COL_TEXT, .flags = W, F(name) },
	{ "kind", .column = "kind", .type = CR_COL_TEXT, .flags = W, F(kind) },
	{ "unit_id", .column = "unit_id", .type = CR_COL_INT, .flags = W | CR_COL_NULLABLE,
	  F(unit_id), .absent = CR_ABSENT_ZERO },
	{ "unit_name", .expr = "u.name", .type = CR_COL_TEXT, .flags = CR_COL_NULLABLE },
	{ "region", .column = "region", .type = CR_COL_TEXT, .flags = W, F(region) },
	{ "region_name", .expr = "r.name", .type = CR_COL_TEXT },
	{ "dept", .column = "dept", .type = CR_COL_TEXT, .flags = W, F(dept) },
	{ "dept_name", .expr = "d.name_cn", .type = CR_COL_TEXT },
	{ "owner", .column = "owner", .type = CR_COL_TEXT, .flags = W, F(owner) },
	{ "address", .column = "address", .type = CR_COL_TEXT, .flags = W, F(address) },
	{ "lon", .column = "lon", .type = CR_COL_REAL, .flags = W, F(lon) },
	{ "lat", .column = "lat", .type = CR_COL_REAL, .flags = W, F(lat) },
	{ "quantity", .column = "quantity", .type = CR_COL_REAL, .flags = W | CR_COL_NULLABLE,
	  F(quantity), .absent = CR_ABSENT_NEGATIVE },
	{ "measure", .column = "measure", .type = CR_COL_TEXT, .flags = W, F(measure) },
	{ "contact_name", .column = "contact_name", .type = CR_COL_TEXT, .flags = W,
	  F(contact_name) },
	{ "contact_phone", .column = "contact_phone", .type = CR_COL_TEXT, .flags = W,
	  F(contact_phone) },
	{ "available", .column = "available", .type = CR_COL_BOOL, .flags = W, F(available) },
	{ "status", .expr = "s.status", .type = CR_COL_TEXT },
	{ "version", .expr = "s.version", .type = CR_COL_INT },
	{ "created_at", .expr = "s.created_at", .type = CR_COL_TEXT },
	{ "updated_at", .expr = "s.updated_at", .type = CR_COL_TEXT },
};

#undef F
#undef W

static struct cr_cols resources =
	CR_COLS("resources", "s", RESOURCE_FROM, "resource", resource_cols);

json_t *cr_store_resource_get(struct cr_conn *c, long long id, struct cr_err *err)
{
	return cr_register_get(c, &resources, id, err);
}

json_t *cr_store_resource_rows(struct cr_conn *c, const long long *ids, size_t n,
			       struct cr_err *err)
{
	json_t *out = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *r = cr_store_resource_get(c, ids[i], err);
		if (r) {
			json_array_append_new(out, r);
		} else if (err->status != 404) {
			json_decref(out);
			return NULL;
		}
	}
	*err = (struct cr_err){ 0 };
	return out;
}

int cr_store_resource_insert(struct cr_conn *c, const struct cr_resource_row *r, long long *id,
			     struct cr_err *err)
{
	return cr_cols_insert(c, &resources, r, id, err);
}

int cr_store_resource_update(struct cr_conn *c, long long id, const struct cr_resource_row *r,
			     long long expect_version, struct cr_err *err)
{
	return cr_cols_update(c, &resources, r, id, expect_version, err);
}

int cr_store_resource_set_status(struct cr_conn *c, long long id, const char *status,
				 struct cr_err *err)
{
	return cr_register_set_status(c, &resources, id, status, err);
}

static void add_filters(struct cr_sqlb *b, const struct cr_cols *t, const void *filter,
			struct cr_register_text *x)
{
	const struct cr_resource_filter *f = filter;
	cr_register_status(b, t, f->status);
	cr_register_territory(b, t, f->region_prefix, x);
	cr_register_eq(b, t, "kind", f->kind);
	cr_register_eq(b, t, "dept", f->dept);
	cr_register_id(b, t, "unit_id", f->unit_id);
	cr_register_name(b, t, f->q, x);
}

json_t *cr_store_resource_list(struct cr_conn *c, const struct cr_resource_filter *f,
			       struct cr_err *err)
{
	return cr_register_page(c, &resources, add_filters, f, f->after, f->limit, false, err);
}

int cr_store_resources_changed(struct cr_conn *c, const char *since, cr_resource_place_fn fn,
			       void *ctx, struct cr_err *err)
{
	struct cr_stmt *s =
		cr_db_stmt(c, "SELECT id, coalesce(unit_id, 0), kind, region, dept,"
			      " status, updated_at, lon, lat, available"
			      " FROM resources WHERE updated_at >= ? ORDER BY updated_at");
	cr_stmt_bind_text(s, 1, since ? since : "", -1, CR_SQL_STATIC);
	int rc, out = 0;
	while (!out && (rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		struct cr_resource_place p = {
			.id = cr_stmt_column_int64(s, 0),
			.unit_id = cr_stmt_column_int64(s, 1),
			.kind = cr_col_text(s, 2),
			.region = cr_col_text(s, 3),
			.dept = cr_col_text(s, 4),
			.status = cr_col_text(s, 5),
			.updated_at = cr_col_text(s, 6),
			.lon = cr_stmt_column_double(s, 7),
			.lat = cr_stmt_column_double(s, 8),
			.available = cr_stmt_column_int(s, 9) != 0,
		};
		out = fn(ctx, &p);
	}
	if (!out && rc != CR_SQL_DONE)
		out = cr_db_fail(c, err);
	cr_stmt_reset(s);
	return out;
}

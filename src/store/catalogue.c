/* catalogue.c — the catalogue table (行业风险目录). It must not grade or authorise:
 * service/catalogue.c validates every entry and checks the writer's department first. */
#include "store/catalogue.h"

#include <string.h>

#include "store/columns.h"
#include "store/db.h"
#include "store/kept_names.h"
#include "store/page.h"
#include "store/register.h"
#include "store/sqlb.h"

#define F(field) CR_COL_FIELD(struct cr_catalogue_row, field)
#define W CR_COL_WRITE

static const struct cr_col catalogue_cols[] = {
	{ "id", .expr = "c.id", .type = CR_COL_INT },
	{ "dept", .column = "dept", .type = CR_COL_TEXT, .flags = W, F(dept) },
	{ "sector", .column = "sector", .type = CR_COL_TEXT, .flags = W, F(sector) },
	{ "name", .column = "name", .type = CR_COL_TEXT, .flags = W, F(name) },
	{ "place", .column = "place", .type = CR_COL_TEXT, .flags = W, F(place) },
	{ "accident_types", .column = "accident_types", .type = CR_COL_JSON, .flags = W,
	  F(accident_types), .dflt = "[]" },
	{ "method", .column = "method", .type = CR_COL_TEXT, .flags = W, F(method) },
	{ "inputs", .column = "inputs", .type = CR_COL_JSON, .flags = W, F(inputs), .dflt = "{}" },
	{ "measures", .column = "measures", .type = CR_COL_JSON, .flags = W, F(measures),
	  .dflt = "{}" },
	{ "status", .expr = "c.status", .type = CR_COL_TEXT },
	{ "created_at", .expr = "c.created_at", .type = CR_COL_TEXT },
	{ "version", .expr = "c.version", .type = CR_COL_INT },
	{ "updated_at", .expr = "c.updated_at", .type = CR_COL_TEXT },
};

#undef F
#undef W

static struct cr_cols catalogue =
	CR_COLS("catalogue", "c", " FROM catalogue c", "catalogue entry", catalogue_cols);

static json_t *catalogue_row(struct cr_stmt *s, const void *ctx)
{
	(void)ctx;
	return cr_cols_row_json(&catalogue, s);
}

json_t *cr_store_catalogue_get(struct cr_conn *c, long long id, struct cr_err *err)
{
	return cr_register_get(c, &catalogue, id, err);
}

json_t *cr_store_catalogue_list(struct cr_conn *c, const char *sector, const char *dept,
				struct cr_err *err)
{
	struct cr_sqlb b;
	cr_sqlb_init(&b, cr_cols_select(&catalogue, ""));
	cr_sqlb_where(&b, "c.status='active'");
	if (sector && *sector) {
		cr_sqlb_where(&b, "c.sector=?");
		cr_sqlb_bind_text(&b, sector);
	}
	if (dept && *dept) {
		cr_sqlb_where(&b, "c.dept=?");
		cr_sqlb_bind_text(&b, dept);
	}
	cr_sqlb_sql(&b, " ORDER BY c.sector, c.id LIMIT ?");
	cr_sqlb_bind_int(&b, CR_CATALOGUE_LIST_MAX);
	struct cr_stmt *s = cr_sqlb_prepare(c, &b, err);
	if (!s)
		return NULL;
	json_t *items = json_array();
	int rc;
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW)
		json_array_append_new(items, cr_cols_row_json(&catalogue, s));
	cr_stmt_finalize(s);
	if (rc != CR_SQL_DONE) {
		json_decref(items);
		cr_db_fail(c, err);
		return NULL;
	}
	return json_pack("{so}", "items", items);
}

json_t *cr_store_catalogue_active(struct cr_conn *c, struct cr_err *err)
{
	return cr_store_items(
		c,
		cr_db_stmt(c, cr_cols_select(&catalogue, " WHERE c.status='active' ORDER BY c.id")),
		catalogue_row, NULL, err);
}

int cr_store_catalogue_insert(struct cr_conn *c, const struct cr_catalogue_row *r, long long *id,
			      struct cr_err *err)
{
	return cr_cols_insert(c, &catalogue, r, id, err);
}

int cr_store_catalogue_update(struct cr_conn *c, long long id, const struct cr_catalogue_row *r,
			      long long expect_version, struct cr_err *err)
{
	return cr_cols_update(c, &catalogue, r, id, expect_version, err);
}

int cr_store_catalogue_archive(struct cr_conn *c, long long id, struct cr_err *err)
{
	return cr_register_set_status(c, &catalogue, id, "archived", err);
}

int cr_store_sector_dept(struct cr_conn *c, const char *sector, char dept[16], struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT coalesce(dept,'') FROM sectors WHERE code=?");
	cr_stmt_bind_text(s, 1, sector, -1, CR_SQL_STATIC);
	int rc = cr_stmt_step(s), out;
	if (rc == CR_SQL_ROW) {
		const char *d = cr_col_text(s, 0);
		size_t n = strlen(d) < 15 ? strlen(d) : 15;
		memcpy(dept, d, n);
		dept[n] = 0;
		out = 0;
	} else {
		out = rc == CR_SQL_DONE ? 1 : cr_db_fail(c, err);
	}
	cr_stmt_reset(s);
	return out;
}

/* Sectors are reference data like regions (store/regions.c): a statistic by sector names each
 * row from here without a query once the name was read. */
CR_KEPT_NAMES(sector_names, 512);

int cr_store_sector_name_cn(struct cr_conn *c, const char *code, char *name, size_t size,
			    struct cr_err *err)
{
	return cr_kept_names_read(&sector_names, c, "SELECT name_cn FROM sectors WHERE code=?",
				  code, name, size, err);
}

void cr_store_sector_names_forget(void)
{
	cr_kept_names_forget(&sector_names);
}

int cr_store_dept_exists(struct cr_conn *c, const char *dept)
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT 1 FROM departments WHERE code=?");
	cr_stmt_bind_text(s, 1, dept, -1, CR_SQL_STATIC);
	int ok = cr_stmt_step(s) == CR_SQL_ROW;
	cr_stmt_reset(s);
	return ok;
}

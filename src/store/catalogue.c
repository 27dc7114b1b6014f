/* catalogue.c — the catalogue table (行业风险目录). It must not grade or authorise:
 * service/catalogue.c validates every entry and checks the writer's department first. */
#include "store/catalogue.h"

#include <stdlib.h>
#include <string.h>

#include "core/jsonx.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/page.h"
#include "store/sqlb.h"

#define CAT_COLS                                                                                   \
	"id, dept, sector, name, place, accident_types, method, inputs, measures, status,"         \
	" created_at"

static json_t *row_json(sqlite3_stmt *s)
{
	return json_pack("{sI ss ss ss ss so ss so so ss ss}", "id", sqlite3_column_int64(s, 0),
			 "dept", cr_col_text(s, 1), "sector", cr_col_text(s, 2), "name",
			 cr_col_text(s, 3), "place", cr_col_text(s, 4), "accident_types",
			 cr_col_json_parsed(s, 5), "method", cr_col_text(s, 6), "inputs",
			 cr_col_json_parsed(s, 7), "measures", cr_col_json_parsed(s, 8), "status",
			 cr_col_text(s, 9), "created_at", cr_col_text(s, 10));
}

static json_t *catalogue_row(sqlite3_stmt *s, const void *ctx)
{
	(void)ctx;
	return row_json(s);
}

json_t *cr_store_catalogue_get(sqlite3 *c, long long id, struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, "SELECT " CAT_COLS " FROM catalogue WHERE id=?");
	sqlite3_bind_int64(s, 1, id);
	return cr_store_one(c, s, catalogue_row, NULL, "catalogue entry", id, err);
}

json_t *cr_store_catalogue_list(sqlite3 *c, const char *sector, const char *dept,
				struct cr_err *err)
{
	struct cr_sqlb b;
	cr_sqlb_init(&b, "SELECT " CAT_COLS " FROM catalogue");
	cr_sqlb_where(&b, "status='active'");
	if (sector && *sector) {
		cr_sqlb_where(&b, "sector=?");
		cr_sqlb_bind_text(&b, sector);
	}
	if (dept && *dept) {
		cr_sqlb_where(&b, "dept=?");
		cr_sqlb_bind_text(&b, dept);
	}
	cr_sqlb_sql(&b, " ORDER BY sector, id LIMIT ?");
	cr_sqlb_bind_int(&b, CR_CATALOGUE_LIST_MAX);
	sqlite3_stmt *s = cr_sqlb_prepare(c, &b, err);
	if (!s)
		return NULL;
	json_t *items = json_array();
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		json_array_append_new(items, row_json(s));
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		json_decref(items);
		cr_db_fail(c, err);
		return NULL;
	}
	return json_pack("{so}", "items", items);
}

json_t *cr_store_catalogue_active(sqlite3 *c, struct cr_err *err)
{
	return cr_store_items(c,
			      cr_db_stmt(c, "SELECT " CAT_COLS " FROM catalogue"
					    " WHERE status='active' ORDER BY id"),
			      catalogue_row, NULL, err);
}

static void bind_json(sqlite3_stmt *s, int i, const json_t *v, const char *dflt)
{
	if (!v || json_is_null(v))
		sqlite3_bind_text(s, i, dflt, -1, SQLITE_STATIC);
	else
		sqlite3_bind_text(s, i, cr_json_dump(v), -1, free);
}

/* Binds parameters 1..8 in the column order of the INSERT and UPDATE below. */
static void bind_row(sqlite3_stmt *s, const struct cr_catalogue_row *r)
{
	sqlite3_bind_text(s, 1, r->dept, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, r->sector, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, r->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, r->place ? r->place : "", -1, SQLITE_STATIC);
	bind_json(s, 5, r->accident_types, "[]");
	sqlite3_bind_text(s, 6, r->method, -1, SQLITE_STATIC);
	bind_json(s, 7, r->inputs, "{}");
	bind_json(s, 8, r->measures, "{}");
}

int cr_store_catalogue_insert(sqlite3 *c, const struct cr_catalogue_row *r, long long *id,
			      struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	sqlite3_stmt *s = cr_db_stmt(c, "INSERT INTO catalogue(dept, sector, name, place,"
					" accident_types, method, inputs, measures, created_at)"
					" VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)");
	bind_row(s, r);
	sqlite3_bind_text(s, 9, now, -1, SQLITE_STATIC);
	int rc = cr_db_run(c, s, err);
	if (!rc)
		*id = sqlite3_last_insert_rowid(c);
	return rc;
}

int cr_store_catalogue_update(sqlite3 *c, long long id, const struct cr_catalogue_row *r,
			      struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, "UPDATE catalogue SET dept=?1, sector=?2, name=?3,"
					" place=?4, accident_types=?5, method=?6, inputs=?7,"
					" measures=?8 WHERE id=?9");
	bind_row(s, r);
	sqlite3_bind_int64(s, 9, id);
	int rc = cr_db_run(c, s, err);
	return rc;
}

int cr_store_catalogue_archive(sqlite3 *c, long long id, struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, "UPDATE catalogue SET status='archived' WHERE id=?");
	sqlite3_bind_int64(s, 1, id);
	int rc = cr_db_run(c, s, err);
	return rc;
}

int cr_store_sector_dept(sqlite3 *c, const char *sector, char dept[16], struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, "SELECT coalesce(dept,'') FROM sectors WHERE code=?");
	sqlite3_bind_text(s, 1, sector, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s), out;
	if (rc == SQLITE_ROW) {
		const char *d = cr_col_text(s, 0);
		size_t n = strlen(d) < 15 ? strlen(d) : 15;
		memcpy(dept, d, n);
		dept[n] = 0;
		out = 0;
	} else {
		out = rc == SQLITE_DONE ? 1 : cr_db_fail(c, err);
	}
	sqlite3_reset(s);
	return out;
}

int cr_store_dept_exists(sqlite3 *c, const char *dept)
{
	sqlite3_stmt *s = cr_db_stmt(c, "SELECT 1 FROM departments WHERE code=?");
	sqlite3_bind_text(s, 1, dept, -1, SQLITE_STATIC);
	int ok = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_reset(s);
	return ok;
}

/* installations.c — the installations and installation_versions tables. It must not assess or
 * authorise: service/installations.c computes S, R and the grade and checks scope first. */
#include "store/installations.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/jsonx.h"
#include "store/columns.h"
#include "store/db.h"
#include "store/register.h"
#include "store/page.h"
#include "store/sqlb.h"

#define F(field) CR_COL_FIELD(struct cr_installation_row, field)
#define W CR_COL_WRITE
#define N CR_COL_NULLABLE

static const struct cr_col installation_cols[] = {
	{ "id", .expr = "i.id", .type = CR_COL_INT },
	{ "unit_id", .column = "unit_id", .type = CR_COL_INT, .flags = W, F(unit_id) },
	{ "unit_name", .expr = "u.name", .type = CR_COL_TEXT, .flags = N },
	{ "region", .column = "region", .type = CR_COL_TEXT, .flags = W, F(region) },
	{ "dept", .column = "dept", .type = CR_COL_TEXT, .flags = W, F(dept) },
	{ "name", .column = "name", .type = CR_COL_TEXT, .flags = W, F(name) },
	{ "kind", .column = "kind", .type = CR_COL_TEXT, .flags = W, F(kind) },
	{ "exposed_500m", .column = "exposed_500m", .type = CR_COL_INT, .flags = W,
	  F(exposed_500m) },
	{ "exposed_entered", .column = "exposed_entered", .type = CR_COL_INT, .flags = W | N,
	  F(exposed_entered), .absent = CR_ABSENT_NEGATIVE },
	{ "exposed_counted", .column = "exposed_counted", .type = CR_COL_INT, .flags = W,
	  F(exposed_counted) },
	{ "exposed_targets", .column = "exposed_targets", .type = CR_COL_INT, .flags = W,
	  F(exposed_targets) },
	{ "inventory", .column = "inventory", .type = CR_COL_JSON, .flags = W, F(inventory),
	  .dflt = "[]" },
	{ "S", .column = "s", .type = CR_COL_REAL, .flags = W, F(S) },
	{ "R", .column = "r", .type = CR_COL_REAL, .flags = W, F(R) },
	{ "alpha", .column = "alpha", .type = CR_COL_REAL, .flags = W, F(alpha) },
	{ "major", .column = "major", .type = CR_COL_BOOL, .flags = W, F(major) },
	{ "grade", .column = "grade", .type = CR_COL_INT, .flags = W | N, F(grade),
	  .absent = CR_ABSENT_ZERO },
	{ "terms", .column = "terms", .type = CR_COL_JSON, .flags = W, F(terms), .dflt = "[]" },
	{ "lon", .column = "lon", .type = CR_COL_REAL, .flags = W | N, F(lon),
	  CR_COL_HAS(struct cr_installation_row, has_coords) },
	{ "lat", .column = "lat", .type = CR_COL_REAL, .flags = W | N, F(lat),
	  CR_COL_HAS(struct cr_installation_row, has_coords) },
	{ "impact_radius_m", .column = "impact_radius_m", .type = CR_COL_REAL, .flags = W | N,
	  F(impact_radius_m), CR_COL_HAS(struct cr_installation_row, has_radius) },
	{ "status", .expr = "i.status", .type = CR_COL_TEXT },
	{ "version", .expr = "i.version", .type = CR_COL_INT },
	{ "created_at", .expr = "i.created_at", .type = CR_COL_TEXT },
	{ "updated_at", .expr = "i.updated_at", .type = CR_COL_TEXT },
};

#undef F
#undef W
#undef N

static struct cr_cols installations =
	CR_COLS("installations", "i", " FROM installations i LEFT JOIN units u ON u.id=i.unit_id",
		"installation", installation_cols);

static json_t *installation_row(struct cr_stmt *s, const void *ctx)
{
	(void)ctx;
	return cr_cols_row_json(&installations, s);
}

json_t *cr_store_installation_get(struct cr_conn *c, long long id, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, cr_cols_select(&installations, " WHERE i.id=?"));
	cr_stmt_bind_int64(s, 1, id);
	return cr_store_one(c, s, installation_row, NULL, "installation", id, err);
}

int cr_store_installation_insert(struct cr_conn *c, const struct cr_installation_row *r,
				 long long *id, struct cr_err *err)
{
	return cr_cols_insert(c, &installations, r, id, err);
}

int cr_store_installation_update(struct cr_conn *c, long long id,
				 const struct cr_installation_row *r, long long expect_version,
				 struct cr_err *err)
{
	return cr_cols_update(c, &installations, r, id, expect_version, err);
}

int cr_store_installation_archive(struct cr_conn *c, long long id, struct cr_err *err)
{
	return cr_register_set_status(c, &installations, id, "archived", err);
}

json_t *cr_store_installation_list_unit(struct cr_conn *c, long long unit_id, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(
		c, cr_cols_select(&installations, " WHERE i.unit_id=? AND i.status='active'"
						  " ORDER BY i.grade IS NULL, i.grade, i.id"));
	cr_stmt_bind_int64(s, 1, unit_id);
	return cr_store_items(c, s, installation_row, NULL, err);
}

int cr_store_installation_top_grade(struct cr_conn *c, long long unit_id, int *grade,
				    struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT min(grade) FROM installations WHERE unit_id=?"
					  " AND status='active' AND major=1");
	cr_stmt_bind_int64(s, 1, unit_id);
	int rc = cr_stmt_step(s);
	*grade = 0;
	if (rc == CR_SQL_ROW) {
		*grade = cr_stmt_column_int(s, 0);
		rc = CR_SQL_DONE;
	}
	cr_stmt_reset(s);
	return cr_db_done(c, rc, err);
}

json_t *cr_store_installation_sources(struct cr_conn *c, const char *region_prefix,
				      const char *dept, long long unit_id, struct cr_err *err)
{
	struct cr_sqlb b;
	char upper[32];
	cr_sqlb_init(&b, "SELECT i.id, i.name, i.kind, i.unit_id, u.name, i.grade, i.s, i.r, i.lon,"
			 " i.lat FROM installations i JOIN units u ON u.id=i.unit_id");
	cr_sqlb_where(&b, "i.status='active' AND i.major=1 AND i.lon IS NOT NULL"
			  " AND i.lat IS NOT NULL");
	if (region_prefix && *region_prefix) {
		snprintf(upper, sizeof upper, "%s~", region_prefix);
		cr_sqlb_where(&b, "i.region >= ? AND i.region < ?");
		cr_sqlb_bind_text(&b, region_prefix);
		cr_sqlb_bind_text(&b, upper);
	}
	if (dept && *dept) {
		cr_sqlb_where(&b, "i.dept=?");
		cr_sqlb_bind_text(&b, dept);
	}
	if (unit_id) {
		cr_sqlb_where(&b, "i.unit_id=?");
		cr_sqlb_bind_int(&b, unit_id);
	}
	cr_sqlb_sql(&b, " ORDER BY i.grade, i.id LIMIT 5000");
	struct cr_stmt *s = cr_sqlb_prepare(c, &b, err);
	if (!s)
		return NULL;
	json_t *features = json_array();
	int rc;
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		int g = cr_stmt_column_int(s, 5);
		json_array_append_new(
			features,
			json_pack("{ss s{ss s[ff]} s{sI ss ss sI ss si sf sf}}", "type", "Feature",
				  "geometry", "type", "Point", "coordinates",
				  cr_stmt_column_double(s, 8), cr_stmt_column_double(s, 9),
				  "properties", "id", (json_int_t)cr_stmt_column_int64(s, 0),
				  "name", cr_col_text(s, 1), "kind", cr_col_text(s, 2), "unit_id",
				  (json_int_t)cr_stmt_column_int64(s, 3), "unit_name",
				  cr_col_text(s, 4), "grade", g, "S", cr_stmt_column_double(s, 6),
				  "R", cr_stmt_column_double(s, 7)));
	}
	if (rc != CR_SQL_DONE) {
		cr_db_fail(c, err);
		cr_stmt_finalize(s);
		json_decref(features);
		return NULL;
	}
	cr_stmt_finalize(s);
	return json_pack("{ss so}", "type", "FeatureCollection", "features", features);
}

/* risks.c — the risks and risk_versions tables. It must not grade or authorise: service/risks.c
 * computes every grade and checks scope before calling here. */
#include "store/risks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonx.h"
#include "store/audit.h"
#include "store/columns.h"
#include "store/db.h"
#include "store/register.h"
#include "store/page.h"
#include "store/rows.h"
#include "store/sqlb.h"

#define RISK_FROM " FROM risks k JOIN units u ON u.id=k.unit_id"

#define F(field) CR_COL_FIELD(struct cr_risk_row, field)
#define W CR_COL_WRITE
#define N CR_COL_NULLABLE

/* The risk point's one column table: JSON order, SELECT list, binds, INSERT and UPDATE. */
static const struct cr_col risk_cols[] = {
	{ "id", .expr = "k.id", .type = CR_COL_INT },
	{ "unit_id", .column = "unit_id", .type = CR_COL_INT, .flags = W, F(unit_id) },
	{ "unit_name", .expr = "u.name", .type = CR_COL_TEXT },
	{ "region", .column = "region", .type = CR_COL_TEXT, .flags = W, F(region) },
	{ "sector", .column = "sector", .type = CR_COL_TEXT, .flags = W, F(sector) },
	{ "dept", .column = "dept", .type = CR_COL_TEXT, .flags = W, F(dept) },
	{ "name", .column = "name", .type = CR_COL_TEXT, .flags = W, F(name) },
	{ "place", .column = "place", .type = CR_COL_TEXT, .flags = W, F(place) },
	{ "accident_types", .column = "accident_types", .type = CR_COL_JSON, .flags = W,
	  F(accident_types), .dflt = "[]" },
	{ "consequences", .column = "consequences", .type = CR_COL_TEXT, .flags = W,
	  F(consequences) },
	{ "method", .column = "method", .type = CR_COL_TEXT, .flags = W, F(method) },
	{ "inputs", .column = "inputs", .type = CR_COL_JSON, .flags = W, F(inputs), .dflt = "{}" },
	{ "score", .column = "score", .type = CR_COL_REAL, .flags = W, F(score) },
	{ "assessed_grade", .column = "assessed_grade", .type = CR_COL_INT, .flags = W,
	  F(assessed_grade) },
	{ "inherent_inputs", .column = "inherent_inputs", .type = CR_COL_JSON, .flags = W | N,
	  F(inherent_inputs) },
	{ "inherent_grade", .column = "inherent_grade", .type = CR_COL_INT, .flags = W,
	  F(inherent_grade) },
	{ "direct", .column = "direct", .type = CR_COL_JSON, .flags = W, F(direct), .dflt = "{}" },
	{ "direct_rule", .column = "direct_rule", .type = CR_COL_TEXT, .flags = W | N,
	  F(direct_rule) },
	{ "open_major_hazards", .column = "open_major_hazards", .type = CR_COL_INT, .flags = W,
	  F(open_major_hazards) },
	{ "grade", .column = "grade", .type = CR_COL_INT, .flags = W, F(grade) },
	{ "explain", .column = "explain", .type = CR_COL_TEXT, .flags = W, F(explain) },
	{ "measures", .column = "measures", .type = CR_COL_JSON, .flags = W, F(measures),
	  .dflt = "{}" },
	{ "control_level", .column = "control_level", .type = CR_COL_TEXT, .flags = W,
	  F(control_level) },
	{ "owner_name", .column = "owner_name", .type = CR_COL_TEXT, .flags = W, F(owner_name) },
	{ "owner_rank", .column = "owner_rank", .type = CR_COL_TEXT, .flags = W, F(owner_rank) },
	{ "owner_ok", .column = "owner_ok", .type = CR_COL_BOOL, .flags = W, F(owner_ok) },
	{ "impact_radius_m", .column = "impact_radius_m", .type = CR_COL_REAL, .flags = W | N,
	  F(impact_radius_m), .absent = CR_ABSENT_NEGATIVE },
	{ "exposed_people", .column = "exposed_people", .type = CR_COL_INT, .flags = W | N,
	  F(exposed_people), .absent = CR_ABSENT_NEGATIVE },
	{ "public_impact", .column = "public_impact", .type = CR_COL_BOOL, .flags = W,
	  F(public_impact) },
	{ "lon", .column = "lon", .type = CR_COL_REAL, .flags = W | N, F(lon),
	  CR_COL_HAS(struct cr_risk_row, has_coords) },
	{ "lat", .column = "lat", .type = CR_COL_REAL, .flags = W | N, F(lat),
	  CR_COL_HAS(struct cr_risk_row, has_coords) },
	{ NULL, .column = "cell_x", .type = CR_COL_INT, .flags = W | N, F(cell_x),
	  CR_COL_HAS(struct cr_risk_row, has_coords) },
	{ NULL, .column = "cell_y", .type = CR_COL_INT, .flags = W | N, F(cell_y),
	  CR_COL_HAS(struct cr_risk_row, has_coords) },
	{ "status", .expr = "k.status", .type = CR_COL_TEXT },
	{ "reviewed_at", .column = "reviewed_at", .type = CR_COL_TEXT, .flags = W | N | CR_COL_KEEP,
	  F(reviewed_at) },
	{ "version", .expr = "k.version", .type = CR_COL_INT },
	{ "created_at", .expr = "k.created_at", .type = CR_COL_TEXT },
	{ "updated_at", .expr = "k.updated_at", .type = CR_COL_TEXT },
	{ "accident_edition", .column = "accident_edition", .type = CR_COL_INT, .flags = W,
	  F(accident_edition) },
};

#undef F
#undef W
#undef N

static struct cr_cols risks = CR_COLS("risks", "k", RISK_FROM, "risk point", risk_cols);

static json_t *row_json(struct cr_stmt *s)
{
	return cr_cols_row_json(&risks, s);
}

static json_t *risk_row(struct cr_stmt *s, const void *ctx)
{
	(void)ctx;
	return row_json(s);
}

json_t *cr_store_risk_get(struct cr_conn *c, long long id, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, cr_cols_select(&risks, " WHERE k.id=?"));
	cr_stmt_bind_int64(s, 1, id);
	return cr_store_one(c, s, risk_row, NULL, "risk point", id, err);
}

int cr_store_risk_insert(struct cr_conn *c, const struct cr_risk_row *r, long long *id,
			 struct cr_err *err)
{
	return cr_cols_insert(c, &risks, r, id, err);
}

int cr_store_risk_update(struct cr_conn *c, long long id, const struct cr_risk_row *r,
			 long long expect_version, struct cr_err *err)
{
	return cr_cols_update(c, &risks, r, id, expect_version, err);
}

int cr_store_risk_archive(struct cr_conn *c, long long id, struct cr_err *err)
{
	return cr_register_set_status(c, &risks, id, "archived", err);
}

json_t *cr_store_risk_versions(struct cr_conn *c, long long risk_id, struct cr_err *err)
{
	struct cr_stmt *s =
		cr_db_stmt(c, "SELECT version, at, login, action, old_grade, new_grade,"
			      " diff FROM risk_versions WHERE risk_id=? ORDER BY version");
	cr_stmt_bind_int64(s, 1, risk_id);
	json_t *items = json_array();
	int rc;
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW)
		json_array_append_new(
			items, json_pack("{sI ss ss ss so so so}", "version",
					 cr_stmt_column_int64(s, 0), "at", cr_col_text(s, 1),
					 "login", cr_col_text(s, 2), "action", cr_col_text(s, 3),
					 "old_grade", cr_col_json_num(s, 4), "new_grade",
					 cr_col_json_num(s, 5), "diff", cr_col_json_parsed(s, 6)));
	if (cr_db_done(c, rc, err)) {
		cr_stmt_reset(s);
		json_decref(items);
		return NULL;
	}
	cr_stmt_reset(s);
	return json_pack("{so}", "items", items);
}

static void add_filters(struct cr_sqlb *b, const struct cr_risk_filter *f, char *upper, char *like)
{
	cr_sqlb_where(b, "k.status='active'");
	if (f->region_prefix && *f->region_prefix) {
		snprintf(upper, 24, "%s~", f->region_prefix);
		cr_sqlb_where(b, "k.region >= ? AND k.region < ?");
		cr_sqlb_bind_text(b, f->region_prefix);
		cr_sqlb_bind_text(b, upper);
	}
	if (f->sector && *f->sector) {
		cr_sqlb_where(b, "k.sector=?");
		cr_sqlb_bind_text(b, f->sector);
	}
	if (f->dept && *f->dept) {
		cr_sqlb_where(b, "k.dept=?");
		cr_sqlb_bind_text(b, f->dept);
	}
	if (f->grade) {
		cr_sqlb_where(b, "k.grade=?");
		cr_sqlb_bind_int(b, f->grade);
	}
	if (f->unit_id) {
		cr_sqlb_where(b, "k.unit_id=?");
		cr_sqlb_bind_int(b, f->unit_id);
	}
	if (f->flagged)
		cr_sqlb_where(b, "k.owner_ok=0");
	if (f->q && *f->q) {
		cr_sqlb_like_text(f->q, like);
		cr_sqlb_where(b, "(k.name LIKE '%' || ? || '%' ESCAPE '\\' OR k.place LIKE '%' || ?"
				 " || '%' ESCAPE '\\')");
		cr_sqlb_bind_text(b, like);
		cr_sqlb_bind_text(b, like);
	}
}

json_t *cr_store_risk_list(struct cr_conn *c, const struct cr_risk_filter *f, struct cr_err *err)
{
	char upper[24], like[CR_SQLB_LIKE_CAP];
	struct cr_sqlb cnt, sel;
	cr_sqlb_init(&cnt, "SELECT count(*) FROM risks k");
	add_filters(&cnt, f, upper, like);
	cr_sqlb_init(&sel, cr_cols_select(&risks, ""));
	add_filters(&sel, f, upper, like);
	return cr_store_page(c, &cnt, &sel, "k.id > ?", " ORDER BY k.id LIMIT ?", f->after,
			     f->limit, risk_row, NULL, err);
}

int cr_store_unit_risk_counts(struct cr_conn *c, long long unit_id, int by_grade[5], int *flagged,
			      struct cr_err *err)
{
	memset(by_grade, 0, 5 * sizeof by_grade[0]);
	*flagged = 0;
	struct cr_stmt *s =
		cr_db_stmt(c, "SELECT grade, count(*), sum(owner_ok=0) FROM risks"
			      " INDEXED BY risks_unit WHERE unit_id=? AND status='active'"
			      " GROUP BY grade");
	cr_stmt_bind_int64(s, 1, unit_id);
	int rc;
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		int g = cr_stmt_column_int(s, 0);
		if (g >= 1 && g <= 4)
			by_grade[g] = cr_stmt_column_int(s, 1);
		*flagged += cr_stmt_column_int(s, 2);
	}
	cr_stmt_reset(s);
	return rc == CR_SQL_DONE ? 0 : cr_db_fail(c, err);
}

/* A rating's values as ?1 color, ?2 reason, ?3 reason_cn, ?4 owner flags, ?5 unit, ?6 now. */
static int run_rating(struct cr_conn *c, struct cr_stmt *s, long long unit_id, const char *color,
		      const char *reason, const char *reason_cn, int owner_flags,
		      struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	cr_stmt_bind_text(s, 1, color, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 2, reason, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 3, reason_cn, -1, CR_SQL_STATIC);
	cr_stmt_bind_int(s, 4, owner_flags);
	cr_stmt_bind_int64(s, 5, unit_id);
	cr_stmt_bind_text(s, 6, now, -1, CR_SQL_STATIC);
	return cr_db_run(c, s, err);
}

int cr_store_unit_set_rating(struct cr_conn *c, long long unit_id, const char *color,
			     const char *reason, const char *reason_cn, int owner_flags,
			     struct cr_err *err)
{
	/* The rating is part of the unit record: updated_at moves so the unit index sees it. Only
	 * a real change writes, so regrading an unchanged unit leaves it alone. */
	struct cr_stmt *s =
		cr_db_stmt(c, "UPDATE units SET rating=?1, rating_reason=?2,"
			      " rating_reason_cn=?3, owner_flags=?4, updated_at=?6 WHERE id=?5"
			      " AND (rating IS NOT ?1 OR rating_reason IS NOT ?2"
			      " OR owner_flags IS NOT ?4)");
	return run_rating(c, s, unit_id, color, reason, reason_cn, owner_flags, err);
}

int cr_store_unit_ratings_begin(struct cr_conn *c, struct cr_err *err)
{
	if (!cr_conn_is_pg(c))
		return 0;
	return cr_db_exec(
		c,
		"CREATE TEMP TABLE unit_ratings_load(id BIGINT, rating TEXT, rating_reason"
		" TEXT, rating_reason_cn TEXT, owner_flags BIGINT, updated_at TEXT)"
		" ON COMMIT DROP",
		err);
}

int cr_store_unit_rating_hold(struct cr_conn *c, long long unit_id, const char *color,
			      const char *reason, const char *reason_cn, int owner_flags,
			      struct cr_err *err)
{
	if (!cr_conn_is_pg(c))
		return cr_store_unit_set_rating(c, unit_id, color, reason, reason_cn, owner_flags,
						err);
	struct cr_stmt *s = cr_db_stmt(c, "INSERT INTO unit_ratings_load(rating, rating_reason,"
					  " rating_reason_cn, owner_flags, id, updated_at) VALUES"
					  " (?1, ?2, ?3, ?4, ?5, ?6)");
	return run_rating(c, s, unit_id, color, reason, reason_cn, owner_flags, err);
}

int cr_store_unit_ratings_apply(struct cr_conn *c, struct cr_err *err)
{
	if (!cr_conn_is_pg(c))
		return 0;
	/* as cr_store_unit_set_rating: only a real change writes */
	if (cr_db_exec(c,
		       "UPDATE units SET rating=l.rating, rating_reason=l.rating_reason,"
		       " rating_reason_cn=l.rating_reason_cn, owner_flags=l.owner_flags,"
		       " updated_at=l.updated_at FROM unit_ratings_load l WHERE units.id=l.id AND"
		       " (units.rating IS DISTINCT FROM l.rating OR units.rating_reason IS"
		       " DISTINCT FROM l.rating_reason OR units.owner_flags IS DISTINCT FROM"
		       " l.owner_flags)",
		       err))
		return -1;
	return cr_db_exec(c, "DROP TABLE unit_ratings_load", err);
}

int cr_store_risks_follow_unit(struct cr_conn *c, long long unit_id, struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	struct cr_stmt *s = cr_db_stmt(c, "UPDATE risks SET region=u.region, sector=u.sector,"
					  " dept=u.dept, updated_at=?2 FROM units u"
					  " WHERE u.id=risks.unit_id AND risks.unit_id=?1");
	cr_stmt_bind_text(s, 2, now, -1, CR_SQL_STATIC);
	cr_stmt_bind_int64(s, 1, unit_id);
	int rc = cr_db_run(c, s, err);
	return rc;
}

struct cr_store_rows *cr_store_risk_rows(struct cr_conn *c, const struct cr_risk_filter *f,
					 const char *const *keys, size_t n, struct cr_err *err)
{
	char upper[24], like[CR_SQLB_LIKE_CAP];
	struct cr_sqlb sel;
	if (cr_cols_select_keys(&risks, keys, n, &sel, err))
		return NULL;
	add_filters(&sel, f, upper, like);
	return cr_store_rows_open(c, &sel, " ORDER BY k.id", err);
}

json_t *cr_store_unit_risks(struct cr_conn *c, long long unit_id, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(
		c,
		cr_cols_select(&risks, " WHERE k.unit_id=? AND k.status='active' ORDER BY k.id"));
	cr_stmt_bind_int64(s, 1, unit_id);
	return cr_store_items(c, s, risk_row, NULL, err);
}

int cr_store_unit_point_counts_each(struct cr_conn *c, cr_unit_point_counts_fn fn, void *ctx,
				    struct cr_err *err)
{
	struct cr_stmt *s = cr_db_prepare(c,
					  "SELECT unit_id, grade, count(*), sum(public_impact),"
					  " sum(owner_ok=0) FROM risks WHERE status='active'"
					  " GROUP BY unit_id, grade ORDER BY unit_id, grade",
					  err);
	if (!s)
		return -1;
	cr_stmt_stream(s);
	struct cr_unit_point_counts pc = { .unit_id = -1 };
	int rc, out = 0;
	while (!out && (rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		long long u = cr_stmt_column_int64(s, 0);
		int g = cr_stmt_column_int(s, 1);
		if (u != pc.unit_id && pc.unit_id >= 0) {
			out = fn(ctx, &pc);
			pc = (struct cr_unit_point_counts){ 0 };
		}
		pc.unit_id = u;
		if (g >= 1 && g <= 4) {
			pc.by_grade[g] = cr_stmt_column_int64(s, 2);
			pc.public_by_grade[g] = cr_stmt_column_int64(s, 3);
		}
		pc.flagged += cr_stmt_column_int64(s, 4);
	}
	if (!out && rc != CR_SQL_DONE)
		out = cr_db_fail(c, err);
	if (!out && pc.unit_id >= 0)
		out = fn(ctx, &pc);
	cr_stmt_finalize(s);
	return out;
}

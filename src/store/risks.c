/* risks.c — the risks and risk_versions tables. It must not grade or authorise: service/risks.c
 * computes every grade and checks scope before calling here. */
#include "store/risks.h"

#include <stdio.h>
#include <string.h>

#include "core/jsonx.h"
#include "domain/grade.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/page.h"
#include "store/sqlb.h"

#define RISK_COLS                                                                             \
	"k.id, k.unit_id, u.name, k.region, k.sector, k.dept, k.name, k.place, k.accident_types," \
	" k.consequences, k.method, k.inputs, k.score, k.assessed_grade, k.inherent_inputs,"      \
	" k.inherent_grade, k.direct, k.direct_rule, k.open_major_hazards, k.grade, k.explain,"   \
	" k.measures, k.control_level, k.owner_name, k.owner_rank, k.owner_ok,"                   \
	" k.impact_radius_m, k.exposed_people, k.public_impact, k.lon, k.lat, k.status,"          \
	" k.reviewed_at, k.version, k.created_at, k.updated_at, k.accident_edition"
#define RISK_FROM " FROM risks k JOIN units u ON u.id=k.unit_id"

static json_t *row_json(sqlite3_stmt *s)
{
	int grade = sqlite3_column_int(s, 19);
	json_t *o = json_pack(
		"{sI sI ss ss ss ss ss ss so ss ss so so si so si so so si si ss ss}", "id",
		sqlite3_column_int64(s, 0), "unit_id", sqlite3_column_int64(s, 1), "unit_name",
		cr_col_text(s, 2), "region", cr_col_text(s, 3), "sector", cr_col_text(s, 4), "dept",
		cr_col_text(s, 5), "name", cr_col_text(s, 6), "place", cr_col_text(s, 7),
		"accident_types", cr_col_json_parsed(s, 8), "consequences", cr_col_text(s, 9), "method",
		cr_col_text(s, 10), "inputs", cr_col_json_parsed(s, 11), "score", cr_col_json_num(s, 12),
		"assessed_grade", sqlite3_column_int(s, 13), "inherent_inputs", cr_col_json_parsed(s, 14),
		"inherent_grade", sqlite3_column_int(s, 15), "direct", cr_col_json_parsed(s, 16), "direct_rule",
		cr_col_json_text(s, 17), "open_major_hazards", sqlite3_column_int(s, 18), "grade", grade,
		"color", cr_grade_color(grade) ? cr_grade_color(grade) : "", "explain",
		cr_col_text(s, 20));
	json_object_set_new(o, "measures", cr_col_json_parsed(s, 21));
	json_object_set_new(o, "control_level", json_string(cr_col_text(s, 22)));
	json_object_set_new(o, "owner_name", json_string(cr_col_text(s, 23)));
	json_object_set_new(o, "owner_rank", json_string(cr_col_text(s, 24)));
	json_object_set_new(o, "owner_ok", json_boolean(sqlite3_column_int(s, 25)));
	json_object_set_new(o, "impact_radius_m", cr_col_json_num(s, 26));
	json_object_set_new(o, "exposed_people", cr_col_json_num(s, 27));
	json_object_set_new(o, "public_impact", json_boolean(sqlite3_column_int(s, 28)));
	json_object_set_new(o, "lon", cr_col_json_num(s, 29));
	json_object_set_new(o, "lat", cr_col_json_num(s, 30));
	json_object_set_new(o, "status", json_string(cr_col_text(s, 31)));
	json_object_set_new(o, "reviewed_at", cr_col_json_text(s, 32));
	json_object_set_new(o, "version", json_integer(sqlite3_column_int64(s, 33)));
	json_object_set_new(o, "created_at", json_string(cr_col_text(s, 34)));
	json_object_set_new(o, "updated_at", json_string(cr_col_text(s, 35)));
	json_object_set_new(o, "accident_edition", json_integer(sqlite3_column_int(s, 36)));
	return o;
}

static json_t *risk_row(sqlite3_stmt *s, const void *ctx)
{
	(void)ctx;
	return row_json(s);
}

json_t *cr_store_risk_get(sqlite3 *c, long long id, struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, "SELECT " RISK_COLS RISK_FROM " WHERE k.id=?");
	sqlite3_bind_int64(s, 1, id);
	return cr_store_one(c, s, risk_row, NULL, "risk point", id, err);
}

/* Binds v as JSON text; absent values bind dflt ("[]", "{}") or NULL when dflt is NULL. */
static void bind_json(sqlite3_stmt *s, int i, const json_t *v, const char *dflt)
{
	if (!v || json_is_null(v)) {
		if (dflt)
			sqlite3_bind_text(s, i, dflt, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(s, i);
		return;
	}
	char *t = cr_json_dump(v);
	sqlite3_bind_text(s, i, t, -1, free);
}

/* Binds parameters 1..32 and 36 in the column order of the INSERT and UPDATE below. */
static void bind_row(sqlite3_stmt *s, const struct cr_risk_row *r)
{
	sqlite3_bind_int64(s, 1, r->unit_id);
	sqlite3_bind_text(s, 2, r->region, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, r->sector, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, r->dept, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, r->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, r->place ? r->place : "", -1, SQLITE_STATIC);
	bind_json(s, 7, r->accident_types, "[]");
	sqlite3_bind_text(s, 8, r->consequences ? r->consequences : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, r->method, -1, SQLITE_STATIC);
	bind_json(s, 10, r->inputs, "{}");
	sqlite3_bind_double(s, 11, r->score);
	sqlite3_bind_int(s, 12, r->assessed_grade);
	bind_json(s, 13, r->inherent_inputs, NULL);
	sqlite3_bind_int(s, 14, r->inherent_grade);
	bind_json(s, 15, r->direct, "{}");
	if (r->direct_rule)
		sqlite3_bind_text(s, 16, r->direct_rule, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 16);
	sqlite3_bind_int(s, 17, r->open_major_hazards);
	sqlite3_bind_int(s, 18, r->grade);
	sqlite3_bind_text(s, 19, r->explain ? r->explain : "", -1, SQLITE_STATIC);
	bind_json(s, 20, r->measures, "{}");
	sqlite3_bind_text(s, 21, r->control_level ? r->control_level : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 22, r->owner_name ? r->owner_name : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 23, r->owner_rank ? r->owner_rank : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 24, r->owner_ok);
	if (r->impact_radius_m >= 0)
		sqlite3_bind_double(s, 25, r->impact_radius_m);
	if (r->exposed_people >= 0)
		sqlite3_bind_int64(s, 26, r->exposed_people);
	sqlite3_bind_int(s, 27, r->public_impact);
	if (r->has_coords) {
		sqlite3_bind_double(s, 28, r->lon);
		sqlite3_bind_double(s, 29, r->lat);
		sqlite3_bind_int64(s, 30, r->cell_x);
		sqlite3_bind_int64(s, 31, r->cell_y);
	}
	if (r->reviewed_at)
		sqlite3_bind_text(s, 32, r->reviewed_at, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 36, r->accident_edition ? r->accident_edition : 1986);
}

int cr_store_risk_insert(sqlite3 *c, const struct cr_risk_row *r, long long *id, struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	sqlite3_stmt *s = cr_db_stmt(
		c, "INSERT INTO risks(unit_id, region, sector, dept, name, place, accident_types,"
		   " consequences, method, inputs, score, assessed_grade, inherent_inputs,"
		   " inherent_grade, direct, direct_rule, open_major_hazards, grade, explain, measures,"
		   " control_level, owner_name, owner_rank, owner_ok, impact_radius_m, exposed_people,"
		   " public_impact, lon, lat, cell_x, cell_y, reviewed_at, created_at, updated_at,"
		   " accident_edition)"
		   " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,"
		   "?21,?22,?23,?24,?25,?26,?27,?28,?29,?30,?31,coalesce(?32,?33),?33,?33,?36)");
	bind_row(s, r);
	sqlite3_bind_text(s, 33, now, -1, SQLITE_STATIC);
	int rc = cr_db_run(c, s, err);
	if (!rc)
		*id = sqlite3_last_insert_rowid(c);
	return rc;
}

int cr_store_risk_update(sqlite3 *c, long long id, const struct cr_risk_row *r,
			 long long expect_version, struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	sqlite3_stmt *s = cr_db_stmt(
		c, "UPDATE risks SET unit_id=?1, region=?2, sector=?3, dept=?4, name=?5, place=?6,"
		   " accident_types=?7, consequences=?8, method=?9, inputs=?10, score=?11,"
		   " assessed_grade=?12, inherent_inputs=?13, inherent_grade=?14, direct=?15,"
		   " direct_rule=?16, open_major_hazards=?17, grade=?18, explain=?19, measures=?20,"
		   " control_level=?21, owner_name=?22, owner_rank=?23, owner_ok=?24,"
		   " impact_radius_m=?25, exposed_people=?26, public_impact=?27, lon=?28, lat=?29,"
		   " cell_x=?30, cell_y=?31, reviewed_at=coalesce(?32, reviewed_at), updated_at=?33,"
		   " accident_edition=?36, version=version+1 WHERE id=?34 AND (?35<=0 OR version=?35)");
	bind_row(s, r);
	sqlite3_bind_text(s, 33, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 34, id);
	sqlite3_bind_int64(s, 35, expect_version);
	int rc = cr_db_run(c, s, err);
	if (!rc && sqlite3_changes(c) == 0)
		return cr_err_set(err, 409, "version_conflict", "version",
				  "the risk point was changed by someone else; reload it");
	return rc;
}

int cr_store_risk_archive(sqlite3 *c, long long id, struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	sqlite3_stmt *s = cr_db_stmt(c, "UPDATE risks SET status='archived', updated_at=?,"
					" version=version+1 WHERE id=?");
	sqlite3_bind_text(s, 1, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, id);
	int rc = cr_db_run(c, s, err);
	return rc;
}

int cr_store_risk_version(sqlite3 *c, long long risk_id, long long version, const char *login,
			  const char *action, int old_grade, int new_grade, const json_t *diff,
			  struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	sqlite3_stmt *s = cr_db_stmt(c, "INSERT INTO risk_versions(risk_id, version, at, login,"
					" action, old_grade, new_grade, diff) VALUES (?,?,?,?,?,?,?,?)");
	sqlite3_bind_int64(s, 1, risk_id);
	sqlite3_bind_int64(s, 2, version);
	sqlite3_bind_text(s, 3, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, action, -1, SQLITE_STATIC);
	if (old_grade)
		sqlite3_bind_int(s, 6, old_grade);
	sqlite3_bind_int(s, 7, new_grade);
	bind_json(s, 8, diff, "{}");
	int rc = cr_db_run(c, s, err);
	return rc;
}

json_t *cr_store_risk_versions(sqlite3 *c, long long risk_id, struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, "SELECT version, at, login, action, old_grade, new_grade,"
					" diff FROM risk_versions WHERE risk_id=? ORDER BY version");
	sqlite3_bind_int64(s, 1, risk_id);
	json_t *items = json_array();
	while (sqlite3_step(s) == SQLITE_ROW)
		json_array_append_new(items,
				      json_pack("{sI ss ss ss so so so}", "version",
						sqlite3_column_int64(s, 0), "at", cr_col_text(s, 1),
						"login", cr_col_text(s, 2), "action", cr_col_text(s, 3),
						"old_grade", cr_col_json_num(s, 4), "new_grade",
						cr_col_json_num(s, 5), "diff", cr_col_json_parsed(s, 6)));
	sqlite3_reset(s);
	return json_pack("{so}", "items", items);
}

static void add_filters(struct cr_sqlb *b, const struct cr_risk_filter *f, char *upper, char *like)
{
	cr_sqlb_where(b, "k.status='active'");
	if (f->region_prefix && *f->region_prefix) {
		snprintf(upper, 24, "%s~", f->region_prefix);
		cr_sqlb_where(b, "k.region >= ? AND k.region < ?");
		cr_sqlb_text(b, f->region_prefix);
		cr_sqlb_text(b, upper);
	}
	if (f->sector && *f->sector) {
		cr_sqlb_where(b, "k.sector=?");
		cr_sqlb_text(b, f->sector);
	}
	if (f->dept && *f->dept) {
		cr_sqlb_where(b, "k.dept=?");
		cr_sqlb_text(b, f->dept);
	}
	if (f->grade) {
		cr_sqlb_where(b, "k.grade=?");
		cr_sqlb_int(b, f->grade);
	}
	if (f->unit_id) {
		cr_sqlb_where(b, "k.unit_id=?");
		cr_sqlb_int(b, f->unit_id);
	}
	if (f->flagged)
		cr_sqlb_where(b, "k.owner_ok=0");
	if (f->q && *f->q) {
		size_t n = 0;
		for (const char *p = f->q; *p && n + 3 < 400; p++) {
			if (*p == '%' || *p == '_' || *p == '\\')
				like[n++] = '\\';
			like[n++] = *p;
		}
		like[n] = 0;
		cr_sqlb_where(b, "(k.name LIKE '%' || ? || '%' ESCAPE '\\' OR k.place LIKE '%' || ?"
				 " || '%' ESCAPE '\\')");
		cr_sqlb_text(b, like);
		cr_sqlb_text(b, like);
	}
}

json_t *cr_store_risk_list(sqlite3 *c, const struct cr_risk_filter *f, struct cr_err *err)
{
	char upper[24], like[400];
	struct cr_sqlb cnt, sel;
	cr_sqlb_init(&cnt, "SELECT count(*) FROM risks k");
	add_filters(&cnt, f, upper, like);
	cr_sqlb_init(&sel, "SELECT " RISK_COLS RISK_FROM);
	add_filters(&sel, f, upper, like);
	return cr_store_page(c, &cnt, &sel, "k.id > ?", " ORDER BY k.id LIMIT ?", f->after, f->limit,
			     risk_row, NULL, err);
}

int cr_store_unit_risk_counts(sqlite3 *c, long long unit_id, int by_grade[5], int *flagged,
			      struct cr_err *err)
{
	memset(by_grade, 0, 5 * sizeof by_grade[0]);
	*flagged = 0;
	sqlite3_stmt *s = cr_db_stmt(c, "SELECT grade, count(*), sum(owner_ok=0) FROM risks"
					" INDEXED BY risks_unit WHERE unit_id=? AND status='active'"
					" GROUP BY grade");
	sqlite3_bind_int64(s, 1, unit_id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int g = sqlite3_column_int(s, 0);
		if (g >= 1 && g <= 4)
			by_grade[g] = sqlite3_column_int(s, 1);
		*flagged += sqlite3_column_int(s, 2);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : cr_db_fail(c, err);
}

int cr_store_unit_set_rating(sqlite3 *c, long long unit_id, const char *color, const char *reason,
			     const char *reason_cn, int owner_flags, struct cr_err *err)
{
	/* The rating is part of the unit record: updated_at moves so the unit index sees it. Only
	 * a real change writes, so regrading an unchanged unit leaves it alone. */
	char now[32];
	cr_now_iso(now);
	sqlite3_stmt *s = cr_db_stmt(c, "UPDATE units SET rating=?1, rating_reason=?2,"
					" rating_reason_cn=?3, owner_flags=?4, updated_at=?6 WHERE id=?5"
					" AND (rating IS NOT ?1 OR rating_reason IS NOT ?2"
					" OR owner_flags IS NOT ?4)");
	sqlite3_bind_text(s, 1, color, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, reason_cn, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, owner_flags);
	sqlite3_bind_int64(s, 5, unit_id);
	sqlite3_bind_text(s, 6, now, -1, SQLITE_STATIC);
	int rc = cr_db_run(c, s, err);
	return rc;
}

int cr_store_risks_follow_unit(sqlite3 *c, long long unit_id, struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	sqlite3_stmt *s = cr_db_stmt(c, "UPDATE risks SET region=u.region, sector=u.sector,"
					" dept=u.dept, updated_at=?2 FROM units u"
					" WHERE u.id=risks.unit_id AND risks.unit_id=?1");
	sqlite3_bind_text(s, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 1, unit_id);
	int rc = cr_db_run(c, s, err);
	return rc;
}

int cr_store_unit_top_risk(sqlite3 *c, long long unit_id, long long *risk_id, struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, "SELECT id FROM risks WHERE unit_id=? AND status='active'"
					" ORDER BY grade, id LIMIT 1");
	sqlite3_bind_int64(s, 1, unit_id);
	int rc = sqlite3_step(s), out = 0;
	*risk_id = 0;
	if (rc == SQLITE_ROW)
		*risk_id = sqlite3_column_int64(s, 0);
	else if (rc != SQLITE_DONE)
		out = cr_db_fail(c, err);
	sqlite3_reset(s);
	return out;
}

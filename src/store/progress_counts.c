/* progress_counts.c — aggregate counts of reporting, review and verification by group, and the
 * dates a unit's reporting cycle depends on. It must not compute rates or owed reports. */
#include "store/progress_counts.h"

#include "store/db.h"
#include "store/sqlb.h"

/* Where each group's name comes from, one literal per group. */
static const char *const name_joins[] = {
	[CR_PG_DISTRICT] = " LEFT JOIN regions n ON n.code=t.k",
	[CR_PG_TOWN] = " LEFT JOIN regions n ON n.code=t.k",
	[CR_PG_DEPT] = " LEFT JOIN departments n ON n.code=t.k",
	[CR_PG_SECTOR] = " LEFT JOIN sectors n ON n.code=t.k",
};

static const char *const heads[] = {
	[CR_PG_DISTRICT] = "SELECT t.k, n.name,",
	[CR_PG_TOWN] = "SELECT t.k, n.name,",
	[CR_PG_DEPT] = "SELECT t.k, n.name_cn,",
	[CR_PG_SECTOR] = "SELECT t.k, n.name_cn,",
};

static const char *const inner_keys[] = {
	[CR_PG_DISTRICT] = " count(*), sum(rep), sum(pub), sum(ver), sum(vc), sum(vd), sum(vt),"
			   " sum(nv) FROM (SELECT substr(u.region, 1, 6) AS k,",
	[CR_PG_TOWN] = " count(*), sum(rep), sum(pub), sum(ver), sum(vc), sum(vd), sum(vt),"
		       " sum(nv) FROM (SELECT substr(u.region, 1, 9) AS k,",
	[CR_PG_DEPT] = " count(*), sum(rep), sum(pub), sum(ver), sum(vc), sum(vd), sum(vt),"
		       " sum(nv) FROM (SELECT u.dept AS k,",
	[CR_PG_SECTOR] = " count(*), sum(rep), sum(pub), sum(ver), sum(vc), sum(vd), sum(vt),"
			 " sum(nv) FROM (SELECT u.sector AS k,",
};

/* Active units in a region prefix and of a department (NULL or "": any). */
static void active_units_in(struct cr_sqlb *b, const char *region, const char *dept)
{
	cr_sqlb_where(b, "u.status='active'");
	if (region && *region) {
		cr_sqlb_where(b, "u.region LIKE ? || '%'");
		cr_sqlb_bind_text(b, region);
	}
	if (dept && *dept) {
		cr_sqlb_where(b, "u.dept=?");
		cr_sqlb_bind_text(b, dept);
	}
}

json_t *cr_store_progress_counts(struct cr_conn *c, enum cr_progress_group by, const char *region,
				 const char *dept, struct cr_err *err)
{
	struct cr_sqlb b;
	cr_sqlb_init(&b, heads[by]);
	cr_sqlb_sql(&b, inner_keys[by]);
	cr_sqlb_sql(&b, " EXISTS(SELECT 1 FROM reviews r WHERE r.unit_id=u.id) AS rep,"
			" EXISTS(SELECT 1 FROM reviews r WHERE r.unit_id=u.id"
			" AND r.published_at IS NOT NULL) AS pub,"
			" EXISTS(SELECT 1 FROM verifications v WHERE v.unit_id=u.id) AS ver,"
			" EXISTS(SELECT 1 FROM verifications v WHERE v.unit_id=u.id"
			" AND v.level='city') AS vc,"
			" EXISTS(SELECT 1 FROM verifications v WHERE v.unit_id=u.id"
			" AND v.level='district') AS vd,"
			" EXISTS(SELECT 1 FROM verifications v WHERE v.unit_id=u.id"
			" AND v.level='town') AS vt,"
			" (SELECT count(*) FROM verifications v WHERE v.unit_id=u.id) AS nv"
			" FROM units u");
	active_units_in(&b, region, dept);
	cr_sqlb_sql(&b, ") t");
	cr_sqlb_sql(&b, name_joins[by]);
	cr_sqlb_sql(&b, " GROUP BY t.k, 2 ORDER BY t.k");
	struct cr_stmt *s = cr_sqlb_prepare(c, &b, err);
	if (!s)
		return NULL;
	json_t *items = json_array();
	int rc;
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		const char *name = (const char *)cr_stmt_column_text(s, 1);
		json_array_append_new(
			items,
			json_pack("{ss ss sI sI sI sI sI sI sI sI}", "key",
				  (const char *)cr_stmt_column_text(s, 0), "name",
				  name ? name : (const char *)cr_stmt_column_text(s, 0), "units",
				  (json_int_t)cr_stmt_column_int64(s, 2), "reported",
				  (json_int_t)cr_stmt_column_int64(s, 3), "reviewed",
				  (json_int_t)cr_stmt_column_int64(s, 4), "verified",
				  (json_int_t)cr_stmt_column_int64(s, 5), "verified_city",
				  (json_int_t)cr_stmt_column_int64(s, 6), "verified_district",
				  (json_int_t)cr_stmt_column_int64(s, 7), "verified_town",
				  (json_int_t)cr_stmt_column_int64(s, 8), "verifications",
				  (json_int_t)cr_stmt_column_int64(s, 9)));
	}
	cr_stmt_finalize(s);
	if (rc != CR_SQL_DONE) {
		json_decref(items);
		cr_db_fail(c, err);
		return NULL;
	}
	return json_pack("{so}", "items", items);
}

static json_t *text_or_null(struct cr_stmt *s, int i)
{
	const char *t = (const char *)cr_stmt_column_text(s, i);
	return t ? json_string(t) : json_null();
}

int cr_store_reporting_facts_each(struct cr_conn *c, const char *region, const char *dept,
				  long long unit_id, int max_grade, cr_reporting_facts_fn fn,
				  void *ctx, struct cr_err *err)
{
	struct cr_sqlb b;
	cr_sqlb_init(&b, "SELECT u.id, u.name, u.region, g.name, u.dept, u.sector, u.created_at,"
			 " (SELECT max(r.submitted_at) FROM reviews r WHERE r.unit_id=u.id),"
			 " (SELECT max(v.at) FROM risks k JOIN risk_versions v ON v.risk_id=k.id"
			 " WHERE k.unit_id=u.id AND (v.new_grade<=? OR v.old_grade<=?)"
			 " AND (v.old_grade IS NULL OR v.old_grade<>v.new_grade))"
			 " FROM units u LEFT JOIN regions g ON g.code=u.region");
	cr_sqlb_bind_int(&b, max_grade);
	cr_sqlb_bind_int(&b, max_grade);
	active_units_in(&b, region, dept);
	if (unit_id > 0) {
		cr_sqlb_where(&b, "u.id=?");
		cr_sqlb_bind_int(&b, unit_id);
	}
	cr_sqlb_sql(&b, " ORDER BY u.region, u.id");
	struct cr_stmt *s = cr_sqlb_prepare(c, &b, err);
	if (!s)
		return -1;
	/* every active unit of a province: a batch at a time, not one result held whole */
	cr_stmt_stream(s);
	int rc = CR_SQL_DONE, out = 0;
	while (!out && (rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		json_t *row = json_pack("{sI ss ss so ss ss ss so so}", "id",
					(json_int_t)cr_stmt_column_int64(s, 0), "name",
					(const char *)cr_stmt_column_text(s, 1), "region",
					(const char *)cr_stmt_column_text(s, 2), "region_name",
					text_or_null(s, 3), "dept",
					(const char *)cr_stmt_column_text(s, 4), "sector",
					(const char *)cr_stmt_column_text(s, 5), "registered",
					(const char *)cr_stmt_column_text(s, 6), "last_submit",
					text_or_null(s, 7), "major_change", text_or_null(s, 8));
		out = row ? fn(ctx, row) : cr_err_set(err, 500, "oom", "", "out of memory");
		json_decref(row);
	}
	if (!out && rc != CR_SQL_DONE)
		out = cr_db_fail(c, err);
	cr_stmt_finalize(s);
	return out;
}

static int collect(void *ctx, json_t *row)
{
	return json_array_append(ctx, row);
}

json_t *cr_store_reporting_facts(struct cr_conn *c, const char *region, const char *dept,
				 long long unit_id, int max_grade, struct cr_err *err)
{
	json_t *items = json_array();
	if (cr_store_reporting_facts_each(c, region, dept, unit_id, max_grade, collect, items,
					  err)) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{so}", "items", items);
}

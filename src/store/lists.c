/* lists.c — the four lists' SQL (major risks, open major hazards, major hazard sources,
 * vulnerable targets) in one row shape, and the risk points the exposure index reads.
 * It must not decide scope or format: the service narrows the filter and writes the rows. */
#include "store/lists.h"

#include <stdio.h>

#include "store/db.h"
#include "store/sqlb.h"

/* Every list selects the same columns in this order. */
static const char *const list_head[] = {
	[CR_LIST_MAJOR_RISKS] =
		"SELECT x.id, x.unit_id, u.name, CASE WHEN x.place<>'' THEN x.place ELSE u.address "
		"END,"
		" x.region, r.name, x.dept, d.name_cn, x.name, x.consequences, CAST(x.grade AS "
		"TEXT),"
		" x.lon, x.lat, -1, -1, 0, 0 FROM risks x JOIN units u ON u.id=x.unit_id"
		" LEFT JOIN regions r ON r.code=x.region LEFT JOIN departments d ON d.code=x.dept",
	[CR_LIST_MAJOR_HAZARDS] =
		"SELECT x.id, coalesce(x.unit_id, 0), coalesce(u.name, ''),"
		" CASE WHEN x.location<>'' THEN x.location ELSE coalesce(u.address, '') END,"
		" x.region, r.name, x.dept, d.name_cn, x.description, x.state, x.grade,"
		" x.lon, x.lat, -1, -1, 0, 0 FROM hazards x LEFT JOIN units u ON u.id=x.unit_id"
		" LEFT JOIN regions r ON r.code=x.region LEFT JOIN departments d ON d.code=x.dept",
	/* 重大危险源: installations identified as major hazard sources (GB 18218: S ≥ 1) */
	[CR_LIST_HAZARD_SOURCES] =
		"SELECT x.id, x.unit_id, u.name, u.address, x.region, r.name, x.dept, d.name_cn,"
		" x.name, x.kind, CAST(x.grade AS TEXT), x.lon, x.lat, -1, -1, x.s, x.r"
		" FROM installations x"
		" JOIN units u ON u.id=x.unit_id LEFT JOIN regions r ON r.code=x.region"
		" LEFT JOIN departments d ON d.code=x.dept",
	[CR_LIST_TARGETS] =
		"SELECT x.id, 0, x.name, x.address, x.region, r.name, x.dept, d.name_cn, x.name,"
		" x.kind, x.protection_class, x.lon, x.lat, coalesce(x.people_day, -1),"
		" coalesce(x.people_night, -1), 0, 0 FROM targets x"
		" LEFT JOIN regions r ON r.code=x.region LEFT JOIN departments d ON d.code=x.dept",
};

static const char *const list_where[] = {
	[CR_LIST_MAJOR_RISKS] = "x.status='active' AND x.grade=1",
	[CR_LIST_MAJOR_HAZARDS] = "x.grade='major' AND x.state<>'closed'",
	[CR_LIST_HAZARD_SOURCES] = "x.status='active' AND x.major=1",
	[CR_LIST_TARGETS] = "x.status='active'",
};

/* The same rows, counted (no joins needed: the filters read only x). */
static const char *const list_count_head[] = {
	[CR_LIST_MAJOR_RISKS] = "SELECT count(*) FROM risks x",
	[CR_LIST_MAJOR_HAZARDS] = "SELECT count(*) FROM hazards x",
	[CR_LIST_HAZARD_SOURCES] = "SELECT count(*) FROM installations x",
	[CR_LIST_TARGETS] = "SELECT count(*) FROM targets x",
};

/* head, the list's own condition and the filter's region and department. upper holds the
 * region bound's text until the statement is prepared. */
static void filtered(struct cr_sqlb *b, const char *head, enum cr_list_kind k,
		     const struct cr_list_filter *f, char upper[24])
{
	cr_sqlb_init(b, head);
	cr_sqlb_where(b, list_where[k]);
	if (f->region_prefix && *f->region_prefix) {
		snprintf(upper, 24, "%s~", f->region_prefix);
		cr_sqlb_where(b, "x.region >= ? AND x.region < ?");
		cr_sqlb_bind_text(b, f->region_prefix);
		cr_sqlb_bind_text(b, upper);
	}
	if (f->dept && *f->dept) {
		cr_sqlb_where(b, "(x.dept=? OR x.dept IN (SELECT code FROM departments"
				 " WHERE merged_into=?))");
		cr_sqlb_bind_text(b, f->dept);
		cr_sqlb_bind_text(b, f->dept);
	}
}

int cr_store_list_count(struct cr_conn *c, enum cr_list_kind k, const struct cr_list_filter *f,
			long long *n, bool *available, struct cr_err *err)
{
	*n = 0;
	*available = true;
	char upper[24];
	struct cr_sqlb b;
	filtered(&b, list_count_head[k], k, f, upper);
	struct cr_stmt *s = cr_sqlb_prepare(c, &b, err);
	if (!s)
		return -1;
	int rc = cr_stmt_step(s);
	if (rc == CR_SQL_ROW)
		*n = cr_stmt_column_int64(s, 0);
	cr_stmt_finalize(s);
	return rc == CR_SQL_ROW ? 0 : cr_db_fail(c, err);
}

int cr_store_list_each(struct cr_conn *c, enum cr_list_kind k, const struct cr_list_filter *f,
		       cr_list_fn fn, void *ctx, bool *available, struct cr_err *err)
{
	*available = true;
	char upper[24];
	struct cr_sqlb b;
	filtered(&b, list_head[k], k, f, upper);
	cr_sqlb_where(&b, "x.id > ?");
	cr_sqlb_bind_int(&b, f->after);
	cr_sqlb_sql(&b, " ORDER BY x.id LIMIT ?");
	cr_sqlb_bind_int(&b, f->limit > 0 ? f->limit : -1);
	struct cr_stmt *s = cr_sqlb_prepare(c, &b, err);
	if (!s)
		return -1;
	int rc, out = 0;
	while (!out && (rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		struct cr_list_entry e = {
			.id = cr_stmt_column_int64(s, 0),
			.unit_id = cr_stmt_column_int64(s, 1),
			.unit_name = cr_col_text(s, 2),
			.place = cr_col_text(s, 3),
			.region = cr_col_text(s, 4),
			.region_name = cr_col_text(s, 5),
			.dept = cr_col_text(s, 6),
			.dept_name = cr_col_text(s, 7),
			.name = cr_col_text(s, 8),
			.detail = cr_col_text(s, 9),
			.level = cr_col_text(s, 10),
			.has_coords = cr_stmt_column_type(s, 11) != CR_SQL_NULL &&
				      cr_stmt_column_type(s, 12) != CR_SQL_NULL,
			.lon = cr_stmt_column_double(s, 11),
			.lat = cr_stmt_column_double(s, 12),
			.people_day = cr_stmt_column_int64(s, 13),
			.people_night = cr_stmt_column_int64(s, 14),
			.s = cr_stmt_column_double(s, 15),
			.r = cr_stmt_column_double(s, 16),
		};
		out = fn(ctx, &e);
	}
	if (!out)
		out = cr_db_done(c, rc, err);
	cr_stmt_finalize(s);
	return out;
}

/* The feed's statements: one-off, so a first load reads every row while other readers use the
 * statement cache. The labels' statements are cached. */
static const struct {
	const char *changed, *label, *noun;
} feed[] = {
	[CR_SOURCE_RISK] = { "SELECT id, unit_id, region, dept, status, updated_at, lon, lat,"
			     " coalesce(impact_radius_m, -1), 1, grade"
			     " FROM risks WHERE updated_at >= ?",
			     "SELECT r.name, u.name FROM risks r JOIN units u"
			     " ON u.id=r.unit_id WHERE r.id=?",
			     "risk point" },
	[CR_SOURCE_INSTALLATION] = { "SELECT id, unit_id, region, dept, status, updated_at, lon,"
				     " lat, coalesce(impact_radius_m, -1), major, grade"
				     " FROM installations WHERE updated_at >= ?",
				     "SELECT i.name, u.name FROM installations i JOIN units u"
				     " ON u.id=i.unit_id WHERE i.id=?",
				     "installation" },
};

int cr_store_sources_changed(struct cr_conn *c, enum cr_source_of of, const char *since,
			     cr_source_fn fn, void *ctx, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_prepare(c, feed[of].changed, err);
	if (!s)
		return -1;
	cr_stmt_bind_text(s, 1, since ? since : "", -1, CR_SQL_STATIC);
	int rc, out = 0;
	while (!out && (rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		struct cr_source_place r = {
			.id = cr_stmt_column_int64(s, 0),
			.unit_id = cr_stmt_column_int64(s, 1),
			.region = cr_col_text(s, 2),
			.dept = cr_col_text(s, 3),
			.status = cr_col_text(s, 4),
			.updated_at = cr_col_text(s, 5),
			.has_coords = cr_stmt_column_type(s, 6) != CR_SQL_NULL &&
				      cr_stmt_column_type(s, 7) != CR_SQL_NULL,
			.lon = cr_stmt_column_double(s, 6),
			.lat = cr_stmt_column_double(s, 7),
			.radius_m = cr_stmt_column_double(s, 8),
			.major = cr_stmt_column_int(s, 9) != 0,
			.grade = cr_stmt_column_int(s, 10),
		};
		out = fn(ctx, &r);
	}
	if (!out)
		out = cr_db_done(c, rc, err);
	cr_stmt_finalize(s);
	return out;
}

int cr_store_source_label(struct cr_conn *c, enum cr_source_of of, long long id, char name[256],
			  char unit_name[256], struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, feed[of].label);
	cr_stmt_bind_int64(s, 1, id);
	int rc = cr_stmt_step(s);
	if (rc == CR_SQL_ROW) {
		snprintf(name, 256, "%s", cr_col_text(s, 0));
		snprintf(unit_name, 256, "%s", cr_col_text(s, 1));
	}
	cr_stmt_reset(s);
	if (rc == CR_SQL_ROW)
		return 0;
	if (rc == CR_SQL_DONE)
		return cr_err_set(err, 404, "not_found", "source", "no %s %lld", feed[of].noun, id);
	return cr_db_fail(c, err);
}

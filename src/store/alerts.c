/* alerts.c — the alerts table and the rule queries that find the records an alert is about. It
 * must not decide who sees an alert nor which rules run: the service does. */
#include "store/alerts.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "store/columns.h"
#include "store/db.h"
#include "store/page.h"
#include "store/sqlb.h"

#define F(field) CR_COL_FIELD(struct cr_alert_row, field)
#define W CR_COL_INSERT

static const struct cr_col alert_cols[] = {
	{ "id", .expr = "a.id", .type = CR_COL_INT },
	{ "rule", .column = "rule", .type = CR_COL_TEXT, .flags = W, F(rule) },
	{ "level", .column = "level", .type = CR_COL_TEXT, .flags = W, F(level) },
	{ "region", .column = "region", .type = CR_COL_TEXT, .flags = W, F(region) },
	{ "region_name", .expr = "g.name", .type = CR_COL_TEXT, .flags = CR_COL_NULLABLE },
	{ "dept", .column = "dept", .type = CR_COL_TEXT, .flags = W, F(dept) },
	{ "unit_id", .column = "unit_id", .type = CR_COL_INT, .flags = W | CR_COL_NULLABLE,
	  F(unit_id), .absent = CR_ABSENT_ZERO },
	{ "unit_name", .expr = "u.name", .type = CR_COL_TEXT, .flags = CR_COL_NULLABLE },
	{ "title", .column = "title", .type = CR_COL_TEXT, .flags = W, F(title) },
	{ "why", .column = "why", .type = CR_COL_TEXT, .flags = W, F(why) },
	{ "links", .column = "links", .type = CR_COL_JSON, .flags = W, F(links), .dflt = "[]" },
	{ "entity", .column = "entity", .type = CR_COL_TEXT, .flags = W, F(entity) },
	{ "entity_id", .column = "entity_id", .type = CR_COL_INT, .flags = W, F(entity_id) },
	{ "state", .expr = "a.state", .type = CR_COL_TEXT },
	{ "acked_by", .expr = "a.acked_by", .type = CR_COL_TEXT, .flags = CR_COL_NULLABLE },
	{ "acked_at", .expr = "a.acked_at", .type = CR_COL_TEXT, .flags = CR_COL_NULLABLE },
	{ "closed_by", .expr = "a.closed_by", .type = CR_COL_TEXT, .flags = CR_COL_NULLABLE },
	{ "closed_at", .expr = "a.closed_at", .type = CR_COL_TEXT, .flags = CR_COL_NULLABLE },
	{ "version", .expr = "a.version", .type = CR_COL_INT },
	{ "created_at", .expr = "a.created_at", .type = CR_COL_TEXT },
	{ "updated_at", .expr = "a.updated_at", .type = CR_COL_TEXT },
};

#undef F
#undef W

static struct cr_cols alerts = CR_COLS("alerts", "a",
				       " FROM alerts a LEFT JOIN units u ON u.id=a.unit_id"
				       " LEFT JOIN regions g ON g.code=a.region",
				       "alert", alert_cols);

static json_t *alert_row(struct cr_stmt *s, const void *ctx)
{
	(void)ctx;
	return cr_cols_row_json(&alerts, s);
}

json_t *cr_store_alert_get(struct cr_conn *c, long long id, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, cr_cols_select(&alerts, " WHERE a.id=?"));
	cr_stmt_bind_int64(s, 1, id);
	return cr_store_one(c, s, alert_row, NULL, "alert", id, err);
}

int cr_store_alert_insert(struct cr_conn *c, const struct cr_alert_row *a, long long *id,
			  struct cr_err *err)
{
	return cr_cols_insert(c, &alerts, a, id, err);
}

int cr_store_alert_max_id(struct cr_conn *c, long long *id, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT COALESCE(max(id), 0) FROM alerts");
	int rc = cr_stmt_step(s);
	*id = rc == CR_SQL_ROW ? cr_stmt_column_int64(s, 0) : 0;
	cr_stmt_reset(s);
	return rc == CR_SQL_ROW ? 0 : cr_db_fail(c, err);
}

int cr_store_alert_ids_after(struct cr_conn *c, long long after, long long *ids, size_t cap,
			     size_t *n, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT id FROM alerts WHERE id>? ORDER BY id LIMIT ?");
	cr_stmt_bind_int64(s, 1, after);
	cr_stmt_bind_int64(s, 2, (long long)cap);
	int rc;
	*n = 0;
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW && *n < cap)
		ids[(*n)++] = cr_stmt_column_int64(s, 0);
	cr_stmt_reset(s);
	return rc == CR_SQL_DONE || rc == CR_SQL_ROW ? 0 : cr_db_fail(c, err);
}

int cr_store_alert_exists(struct cr_conn *c, const char *rule, const char *entity,
			  long long entity_id, bool *yes, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT 1 FROM alerts WHERE rule=? AND entity=?"
					  " AND entity_id=? AND state<>'closed'");
	cr_stmt_bind_text(s, 1, rule, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 2, entity, -1, CR_SQL_STATIC);
	cr_stmt_bind_int64(s, 3, entity_id);
	int rc = cr_stmt_step(s);
	*yes = rc == CR_SQL_ROW;
	cr_stmt_reset(s);
	return rc == CR_SQL_ROW || rc == CR_SQL_DONE ? 0 : cr_db_fail(c, err);
}

int cr_store_alert_set_state(struct cr_conn *c, long long id, const char *state, const char *login,
			     struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	bool ack = strcmp(state, "acked") == 0;
	struct cr_stmt *s = cr_db_stmt(
		c,
		ack ? "UPDATE alerts SET state='acked', acked_by=?, acked_at=?, updated_at=?2,"
		      " version=version+1 WHERE id=?"
		    : "UPDATE alerts SET state='closed', closed_by=?, closed_at=?, updated_at=?2,"
		      " version=version+1 WHERE id=?");
	cr_stmt_bind_text(s, 1, login, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 2, now, -1, CR_SQL_STATIC);
	cr_stmt_bind_int64(s, 3, id);
	return cr_db_run(c, s, err);
}

static void add_filters(struct cr_sqlb *b, const struct cr_alert_filter *f, char *upper)
{
	if (f->region_prefix && *f->region_prefix) {
		snprintf(upper, 24, "%s~", f->region_prefix);
		cr_sqlb_where(b, "a.region >= ? AND a.region < ?");
		cr_sqlb_bind_text(b, f->region_prefix);
		cr_sqlb_bind_text(b, upper);
	}
	if (f->dept && *f->dept) {
		cr_sqlb_where(b, "a.dept=?");
		cr_sqlb_bind_text(b, f->dept);
	}
	if (f->state && *f->state) {
		cr_sqlb_where(b, "a.state=?");
		cr_sqlb_bind_text(b, f->state);
	}
	if (f->rule && *f->rule) {
		cr_sqlb_where(b, "a.rule=?");
		cr_sqlb_bind_text(b, f->rule);
	}
	if (f->level && *f->level) {
		cr_sqlb_where(b, "a.level=?");
		cr_sqlb_bind_text(b, f->level);
	}
	if (f->rules) {
		cr_sqlb_where(b, "a.rule IN (SELECT value FROM json_each(?))");
		cr_sqlb_bind_text(b, f->rules);
	}
	if (f->min_level > 1) {
		cr_sqlb_where(b, "(CASE a.level WHEN 'blue' THEN 1 WHEN 'yellow' THEN 2"
				 " WHEN 'orange' THEN 3 ELSE 4 END) >= ?");
		cr_sqlb_bind_int(b, f->min_level);
	}
}

json_t *cr_store_alert_list(struct cr_conn *c, const struct cr_alert_filter *f, struct cr_err *err)
{
	char upper[24];
	struct cr_sqlb cnt, sel;
	cr_sqlb_init(&cnt, "SELECT count(*) FROM alerts a");
	add_filters(&cnt, f, upper);
	cr_sqlb_init(&sel, cr_cols_select(&alerts, ""));
	add_filters(&sel, f, upper);
	return cr_store_page(c, &cnt, &sel, "a.id < ?", " ORDER BY a.id DESC LIMIT ?", f->after,
			     f->limit, alert_row, NULL, err);
}

/* ===== The rules' queries: each selects entity_id, unit_id, unit name, region, dept, name,
 * grade, detail ===== */

/* A rule's scan, streamed: at a province a rule can meet hundreds of thousands of rows, which
 * PostgreSQL's client library would otherwise hold at once. NULL with err. */
static struct cr_stmt *scan(struct cr_conn *c, const char *sql, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_prepare(c, sql, err);
	if (s)
		cr_stmt_stream(s);
	return s;
}

/* Walks a scan's rows into fn and finalizes it (s NULL: the scan's error is returned). */
static int each_hit(struct cr_conn *c, struct cr_stmt *s, const char *entity, cr_alert_hit_fn fn,
		    void *ctx, struct cr_err *err)
{
	if (!s)
		return -1;
	int rc = CR_SQL_DONE, out = 0;
	while (!out && (rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		struct cr_alert_hit h = {
			.entity = entity,
			.entity_id = cr_stmt_column_int64(s, 0),
			.unit_id = cr_stmt_column_int64(s, 1),
			.unit_name = cr_col_text(s, 2),
			.region = cr_col_text(s, 3),
			.dept = cr_col_text(s, 4),
			.name = cr_col_text(s, 5),
			.grade = cr_stmt_column_int64(s, 6),
			.detail = cr_col_text(s, 7),
			.count = cr_stmt_column_count(s) > 8 ? cr_stmt_column_int64(s, 8) : 0,
		};
		out = fn(ctx, &h);
	}
	if (!out && rc != CR_SQL_DONE)
		out = cr_db_fail(c, err);
	cr_stmt_finalize(s);
	return out;
}

int cr_store_alert_zero_risk(struct cr_conn *c, cr_alert_hit_fn fn, void *ctx, struct cr_err *err)
{
	struct cr_stmt *s =
		scan(c,
		     "SELECT u.id, u.id, u.name, u.region, u.dept, '', 0, '' FROM units u"
		     " WHERE u.status='active' AND NOT EXISTS(SELECT 1 FROM risks r"
		     " WHERE r.unit_id=u.id AND r.status='active') ORDER BY u.id",
		     err);
	return each_hit(c, s, "unit", fn, ctx, err);
}

int cr_store_alert_owner_rank(struct cr_conn *c, int max_grade, cr_alert_hit_fn fn, void *ctx,
			      struct cr_err *err)
{
	struct cr_stmt *s =
		scan(c,
		     "SELECT r.id, r.unit_id, u.name, r.region, r.dept, r.name, r.grade,"
		     " r.owner_rank FROM risks r JOIN units u ON u.id=r.unit_id"
		     " WHERE r.status='active' AND r.grade<=? AND r.owner_ok=0 ORDER BY r.id",
		     err);
	if (s)
		cr_stmt_bind_int(s, 1, max_grade);
	return each_hit(c, s, "risk", fn, ctx, err);
}

int cr_store_alert_overdue_major(struct cr_conn *c, const char *states, const char *overdue_before,
				 cr_alert_hit_fn fn, void *ctx, struct cr_err *err)
{
	struct cr_stmt *s = scan(
		c,
		"SELECT h.id, coalesce(h.unit_id, 0), coalesce(u.name, ''), h.region, h.dept,"
		" h.description, 0, h.deadline FROM hazards h LEFT JOIN units u ON u.id=h.unit_id"
		" WHERE h.grade='major' AND h.state IN (SELECT value FROM json_each(?))"
		" AND h.deadline < ? ORDER BY h.id",
		err);
	if (s) {
		cr_stmt_bind_text(s, 1, states, -1, CR_SQL_COPY);
		cr_stmt_bind_text(s, 2, overdue_before, -1, CR_SQL_COPY);
	}
	return each_hit(c, s, "hazard", fn, ctx, err);
}

int cr_store_alert_new_grade1(struct cr_conn *c, const char *since, cr_alert_hit_fn fn, void *ctx,
			      struct cr_err *err)
{
	struct cr_stmt *s = scan(
		c,
		"SELECT r.id, r.unit_id, u.name, r.region, r.dept, r.name, r.grade,"
		" (SELECT max(v.at) FROM risk_versions v WHERE v.risk_id=r.id AND v.new_grade=1"
		" AND (v.old_grade IS NULL OR v.old_grade>1))"
		" FROM risks r JOIN units u ON u.id=r.unit_id"
		" WHERE r.status='active' AND r.grade=1 AND EXISTS(SELECT 1 FROM risk_versions v"
		" WHERE v.risk_id=r.id AND v.new_grade=1 AND (v.old_grade IS NULL OR"
		" v.old_grade>1) AND v.at>=?) ORDER BY r.id",
		err);
	if (s)
		cr_stmt_bind_text(s, 1, since, -1, CR_SQL_COPY);
	return each_hit(c, s, "risk", fn, ctx, err);
}

int cr_store_alert_review_overdue(struct cr_conn *c, const char *cutoff, cr_alert_hit_fn fn,
				  void *ctx, struct cr_err *err)
{
	struct cr_stmt *s =
		scan(c,
		     "SELECT u.id, u.id, u.name, u.region, u.dept, '', min(r.grade),"
		     " coalesce(min(r.reviewed_at), ''), count(*) FROM risks r"
		     " JOIN units u ON u.id=r.unit_id WHERE r.status='active' AND u.status='active'"
		     " AND (r.reviewed_at IS NULL OR r.reviewed_at<?) GROUP BY u.id ORDER BY u.id",
		     err);
	if (s)
		cr_stmt_bind_text(s, 1, cutoff, -1, CR_SQL_COPY);
	return each_hit(c, s, "unit", fn, ctx, err);
}

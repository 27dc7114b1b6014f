/* reviews.c — the reviews and review_steps tables. It must not decide who may act or which
 * state comes next (domain/review_flow.c) nor authorise (service/review_chain.c). */
#include "store/reviews.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "domain/review_flow.h"
#include "store/columns.h"
#include "store/db.h"
#include "store/page.h"
#include "store/sqlb.h"

#define F(field) CR_COL_FIELD(struct cr_review_row, field)
#define W CR_COL_WRITE
#define N CR_COL_NULLABLE

static const struct cr_col review_cols[] = {
	{ "id", .expr = "r.id", .type = CR_COL_INT },
	{ "unit_id", .column = "unit_id", .type = CR_COL_INT, .flags = CR_COL_INSERT, F(unit_id) },
	{ "unit_name", .expr = "u.name", .type = CR_COL_TEXT, .flags = N },
	{ "region", .expr = "u.region", .type = CR_COL_TEXT, .flags = N },
	{ "region_name", .expr = "g.name", .type = CR_COL_TEXT, .flags = N },
	{ "dept", .expr = "u.dept", .type = CR_COL_TEXT, .flags = N },
	{ "kind", .column = "kind", .type = CR_COL_TEXT, .flags = W, F(kind) },
	{ "state", .column = "state", .type = CR_COL_TEXT, .flags = W, F(state) },
	{ "waiting_on", .column = "waiting_on", .type = CR_COL_TEXT, .flags = W, F(waiting_on) },
	{ "public_safety", .column = "public_safety", .type = CR_COL_BOOL, .flags = W,
	  F(public_safety) },
	{ "risk_count", .column = "risk_count", .type = CR_COL_INT, .flags = W, F(risk_count) },
	{ "public_count", .column = "public_count", .type = CR_COL_INT, .flags = W,
	  F(public_count) },
	{ "note", .column = "note", .type = CR_COL_TEXT, .flags = W, F(note), .dflt = "" },
	{ "submitted_by", .column = "submitted_by", .type = CR_COL_TEXT, .flags = W,
	  F(submitted_by) },
	{ "submitted_at", .column = "submitted_at", .type = CR_COL_TEXT, .flags = W,
	  F(submitted_at) },
	{ "published_at", .column = "published_at", .type = CR_COL_TEXT, .flags = W | N,
	  F(published_at) },
	{ "version", .expr = "r.version", .type = CR_COL_INT },
	{ "created_at", .expr = "r.created_at", .type = CR_COL_TEXT },
	{ "updated_at", .expr = "r.updated_at", .type = CR_COL_TEXT },
};

#undef F
#undef W
#undef N

static struct cr_cols reviews = CR_COLS("reviews", "r",
					" FROM reviews r LEFT JOIN units u ON u.id=r.unit_id"
					" LEFT JOIN regions g ON g.code=u.region",
					"review", review_cols);

static json_t *review_row(struct cr_stmt *s, const void *ctx)
{
	(void)ctx;
	return cr_cols_row_json(&reviews, s);
}

json_t *cr_store_review_get(struct cr_conn *c, long long id, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, cr_cols_select(&reviews, " WHERE r.id=?"));
	cr_stmt_bind_int64(s, 1, id);
	return cr_store_one(c, s, review_row, NULL, "review", id, err);
}

json_t *cr_store_review_latest(struct cr_conn *c, long long unit_id, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(
		c, cr_cols_select(&reviews, " WHERE r.unit_id=? ORDER BY r.id DESC LIMIT 1"));
	cr_stmt_bind_int64(s, 1, unit_id);
	json_t *items = cr_store_items(c, s, review_row, NULL, err);
	if (!items)
		return NULL;
	json_t *first = json_array_get(json_object_get(items, "items"), 0);
	json_t *out = first ? json_incref(first) : json_null();
	json_decref(items);
	return out;
}

int cr_store_review_insert(struct cr_conn *c, const struct cr_review_row *r, long long *id,
			   struct cr_err *err)
{
	return cr_cols_insert(c, &reviews, r, id, err);
}

int cr_store_review_update(struct cr_conn *c, long long id, const struct cr_review_row *r,
			   long long expect_version, struct cr_err *err)
{
	return cr_cols_update(c, &reviews, r, id, expect_version, err);
}

void cr_store_review_row_of(const json_t *j, struct cr_review_row *r)
{
	cr_cols_row_from_json(&reviews, j, r);
}

int cr_store_review_step_add(struct cr_conn *c, const struct cr_review_step *st, struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	struct cr_stmt *s =
		st->seq > 0
			? cr_db_stmt(
				  c,
				  "INSERT INTO review_steps(review_id, seq, at, user_id, login,"
				  " role, action, from_state, to_state, comment) VALUES (?1, ?10,"
				  " ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
			: cr_db_stmt(c,
				     "INSERT INTO review_steps(review_id, seq, at, user_id, login,"
				     " role, action, from_state, to_state, comment) VALUES (?1,"
				     " (SELECT coalesce(max(seq), 0) + 1 FROM review_steps WHERE"
				     " review_id=?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	cr_stmt_bind_int64(s, 1, st->review_id);
	cr_stmt_bind_text(s, 2, now, -1, CR_SQL_COPY);
	if (st->user_id)
		cr_stmt_bind_int64(s, 3, st->user_id);
	cr_stmt_bind_text(s, 4, st->login, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 5, st->role, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 6, st->action, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 7, st->from_state, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 8, st->to_state, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 9, st->comment ? st->comment : "", -1, CR_SQL_STATIC);
	if (st->seq > 0)
		cr_stmt_bind_int64(s, 10, st->seq);
	return cr_db_run(c, s, err);
}

static json_t *step_row(struct cr_stmt *s, const void *ctx)
{
	(void)ctx;
	return json_pack("{sI ss ss ss ss ss ss ss}", "seq", (json_int_t)cr_stmt_column_int64(s, 0),
			 "at", (const char *)cr_stmt_column_text(s, 1), "login",
			 (const char *)cr_stmt_column_text(s, 2), "role",
			 (const char *)cr_stmt_column_text(s, 3), "action",
			 (const char *)cr_stmt_column_text(s, 4), "from",
			 (const char *)cr_stmt_column_text(s, 5), "to",
			 (const char *)cr_stmt_column_text(s, 6), "comment",
			 (const char *)cr_stmt_column_text(s, 7));
}

json_t *cr_store_review_steps(struct cr_conn *c, long long review_id, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT seq, at, login, role, action, from_state,"
					  " to_state, comment FROM review_steps WHERE review_id=?"
					  " ORDER BY seq");
	cr_stmt_bind_int64(s, 1, review_id);
	return cr_store_items(c, s, step_row, NULL, err);
}

static void filters(struct cr_sqlb *b, const struct cr_review_filter *f)
{
	if (f->region && *f->region) {
		cr_sqlb_where(b, "u.region LIKE ? || '%'");
		cr_sqlb_bind_text(b, f->region);
	}
	if (f->dept && *f->dept) {
		cr_sqlb_where(b, "u.dept=?");
		cr_sqlb_bind_text(b, f->dept);
	}
	if (f->unit_id) {
		cr_sqlb_where(b, "r.unit_id=?");
		cr_sqlb_bind_int(b, f->unit_id);
	}
	if (f->state && *f->state) {
		cr_sqlb_where(b, "r.state=?");
		cr_sqlb_bind_text(b, f->state);
	}
	if (f->waiting_on && *f->waiting_on) {
		cr_sqlb_where(b, "r.waiting_on=?");
		cr_sqlb_bind_text(b, f->waiting_on);
	}
	if (f->latest)
		cr_sqlb_where(b, "r.id=(SELECT max(id) FROM reviews x WHERE x.unit_id=r.unit_id)");
}

json_t *cr_store_review_page(struct cr_conn *c, const struct cr_review_filter *f, long long after,
			     int limit, struct cr_err *err)
{
	struct cr_sqlb cnt, sel;
	cr_sqlb_init(&cnt, "SELECT count(*) FROM reviews r LEFT JOIN units u ON u.id=r.unit_id");
	cr_sqlb_init(&sel, cr_cols_select(&reviews, ""));
	filters(&cnt, f);
	filters(&sel, f);
	return cr_store_page(c, &cnt, &sel, "r.id < ?", " ORDER BY r.id DESC LIMIT ?", after, limit,
			     review_row, NULL, err);
}

int cr_store_review_grade_counts(struct cr_conn *c, long long unit_id, long long by_grade[5],
				 long long public_by_grade[5], struct cr_err *err)
{
	for (int g = 0; g < 5; g++)
		by_grade[g] = public_by_grade[g] = 0;
	/* +grade: without statistics (a fresh database, the demo load) the planner would walk the
	 * risks_stats index of every active point for its order, once per unit */
	struct cr_stmt *s = cr_db_stmt(c, "SELECT +grade, count(*), sum(public_impact) FROM risks"
					  " WHERE unit_id=? AND status='active' GROUP BY +grade");
	cr_stmt_bind_int64(s, 1, unit_id);
	int rc;
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		int g = cr_stmt_column_int(s, 0);
		if (g < 1 || g > 4)
			continue;
		by_grade[g] = cr_stmt_column_int64(s, 1);
		public_by_grade[g] = cr_stmt_column_int64(s, 2);
	}
	int out = cr_db_done(c, rc, err);
	cr_stmt_reset(s);
	return out;
}

/* plans.c — the plans and plan_installations tables: one column table, the links, and the gap
 * lists. It must not compute due dates or check permissions. */
#include "store/plans.h"

#include <stdio.h>
#include <stdlib.h>

#include "store/columns.h"
#include "store/db.h"
#include "store/register.h"
#include "store/page.h"
#include "store/sqlb.h"

#define PLAN_FROM " FROM plans p LEFT JOIN units u ON u.id=p.unit_id"

#define F(field) CR_COL_FIELD(struct cr_plan_row, field)
#define W CR_COL_WRITE
#define N CR_COL_NULLABLE

static const struct cr_col plan_cols[] = {
	{ "id", .expr = "p.id", .type = CR_COL_INT },
	{ "unit_id", .column = "unit_id", .type = CR_COL_INT, .flags = W, F(unit_id) },
	{ "unit_name", .expr = "u.name", .type = CR_COL_TEXT },
	{ "unit_sector", .expr = "u.sector", .type = CR_COL_TEXT, .flags = N },
	{ "region", .column = "region", .type = CR_COL_TEXT, .flags = W, F(region) },
	{ "dept", .column = "dept", .type = CR_COL_TEXT, .flags = W, F(dept) },
	{ "name", .column = "name", .type = CR_COL_TEXT, .flags = W, F(name) },
	{ "type", .column = "type", .type = CR_COL_TEXT, .flags = W, F(type) },
	{ "risk_ids", .column = "risk_ids", .type = CR_COL_JSON, .flags = W, F(risk_ids),
	  .dflt = "[]" },
	{ "installation_ids", .column = "installation_ids", .type = CR_COL_JSON, .flags = W,
	  F(installation_ids), .dflt = "[]" },
	{ "issued_on", .column = "issued_on", .type = CR_COL_TEXT, .flags = W | N, F(issued_on) },
	{ "reviewed_on", .column = "reviewed_on", .type = CR_COL_TEXT, .flags = W | N,
	  F(reviewed_on) },
	{ "drilled_on", .column = "drilled_on", .type = CR_COL_TEXT, .flags = W | N,
	  F(drilled_on) },
	{ "status", .expr = "p.status", .type = CR_COL_TEXT },
	{ "version", .expr = "p.version", .type = CR_COL_INT },
	{ "created_at", .expr = "p.created_at", .type = CR_COL_TEXT },
	{ "updated_at", .expr = "p.updated_at", .type = CR_COL_TEXT },
};

#undef F
#undef W
#undef N

static struct cr_cols plans = CR_COLS("plans", "p", PLAN_FROM, "plan", plan_cols);

static json_t *plan_row(struct cr_stmt *s, const void *ctx)
{
	(void)ctx;
	return cr_cols_row_json(&plans, s);
}

json_t *cr_store_plan_get(struct cr_conn *c, long long id, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, cr_cols_select(&plans, " WHERE p.id=?"));
	cr_stmt_bind_int64(s, 1, id);
	return cr_store_one(c, s, plan_row, NULL, "plan", id, err);
}

int cr_store_plan_insert(struct cr_conn *c, const struct cr_plan_row *p, long long *id,
			 struct cr_err *err)
{
	return cr_cols_insert(c, &plans, p, id, err);
}

int cr_store_plan_update(struct cr_conn *c, long long id, const struct cr_plan_row *p,
			 long long expect_version, struct cr_err *err)
{
	return cr_cols_update(c, &plans, p, id, expect_version, err);
}

int cr_store_plan_set_status(struct cr_conn *c, long long id, const char *status,
			     struct cr_err *err)
{
	return cr_register_set_status(c, &plans, id, status, err);
}

int cr_store_plan_link(struct cr_conn *c, long long id, const json_t *installation_ids,
		       struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "DELETE FROM plan_installations WHERE plan_id=?");
	cr_stmt_bind_int64(s, 1, id);
	if (cr_db_run(c, s, err))
		return -1;
	size_t i;
	json_t *v;
	json_array_foreach(installation_ids, i, v) {
		s = cr_db_stmt(c,
			       "INSERT OR IGNORE INTO plan_installations(installation_id, plan_id)"
			       " VALUES(?, ?)");
		cr_stmt_bind_int64(s, 1, json_integer_value(v));
		cr_stmt_bind_int64(s, 2, id);
		if (cr_db_run(c, s, err))
			return -1;
	}
	return 0;
}

json_t *cr_store_plan_list_unit(struct cr_conn *c, long long unit_id, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(
		c,
		cr_cols_select(&plans, " WHERE p.unit_id=? AND p.status='active' ORDER BY p.id"));
	cr_stmt_bind_int64(s, 1, unit_id);
	return cr_store_items(c, s, plan_row, NULL, err);
}

int cr_store_plan_owns(struct cr_conn *c, const char *table, long long unit_id, long long id,
		       struct cr_err *err)
{
	struct cr_stmt *s =
		cr_db_stmt(c, table[0] == 'r' ? "SELECT 1 FROM risks WHERE id=? AND unit_id=?"
						" AND status='active'"
					      : "SELECT 1 FROM installations WHERE id=? AND"
						" unit_id=? AND status='active'");
	cr_stmt_bind_int64(s, 1, id);
	cr_stmt_bind_int64(s, 2, unit_id);
	int rc = cr_stmt_step(s);
	cr_stmt_reset(s);
	if (rc == CR_SQL_ROW)
		return 1;
	return rc == CR_SQL_DONE ? 0 : cr_db_fail(c, err);
}

static void scope_where(struct cr_sqlb *b, const struct cr_plan_scope *s, const char *alias,
			char upper[24])
{
	if (s->region_prefix && *s->region_prefix) {
		snprintf(upper, 24, "%s~", s->region_prefix);
		cr_sqlb_where(b, alias[0] == 'i' ? "i.region >= ? AND i.region < ?"
						 : "p.region >= ? AND p.region < ?");
		cr_sqlb_bind_text(b, s->region_prefix);
		cr_sqlb_bind_text(b, upper);
	}
	if (s->dept && *s->dept) {
		cr_sqlb_where(b, alias[0] == 'i' ? "i.dept=?" : "p.dept=?");
		cr_sqlb_bind_text(b, s->dept);
	}
	if (s->unit_id > 0) {
		cr_sqlb_where(b, alias[0] == 'i' ? "i.unit_id=?" : "p.unit_id=?");
		cr_sqlb_bind_int(b, s->unit_id);
	}
}

static json_t *source_row(struct cr_stmt *s, const void *ctx)
{
	(void)ctx;
	json_t *g = cr_col_json_num(s, 5);
	return json_pack("{sI ss sI ss ss so}", "id", (json_int_t)cr_stmt_column_int64(s, 0),
			 "name", cr_col_text(s, 1), "unit_id",
			 (json_int_t)cr_stmt_column_int64(s, 2), "unit_name", cr_col_text(s, 3),
			 "region", cr_col_text(s, 4), "grade", g);
}

static json_t *run_list(struct cr_conn *c, struct cr_sqlb *b, cr_row_json_fn row,
			struct cr_err *err)
{
	struct cr_stmt *s = cr_sqlb_prepare(c, b, err);
	if (!s)
		return NULL;
	json_t *out = cr_store_items(c, s, row, NULL, err);
	cr_stmt_finalize(s);
	return out;
}

json_t *cr_store_sources_without_plan(struct cr_conn *c, const struct cr_plan_scope *s,
				      struct cr_err *err)
{
	char upper[24];
	struct cr_sqlb b;
	cr_sqlb_init(&b, "SELECT i.id, i.name, i.unit_id, u.name, i.region, i.grade"
			 " FROM installations i LEFT JOIN units u ON u.id=i.unit_id");
	cr_sqlb_where(&b, "i.status='active' AND i.major=1 AND NOT EXISTS(SELECT 1"
			  " FROM plan_installations l JOIN plans p ON p.id=l.plan_id"
			  " AND p.status='active' WHERE l.installation_id=i.id)");
	scope_where(&b, s, "i", upper);
	cr_sqlb_sql(&b, " ORDER BY i.id LIMIT 1000");
	return run_list(c, &b, source_row, err);
}

json_t *cr_store_plans_overdue(struct cr_conn *c, const struct cr_plan_scope *s,
			       const char *review_cut, const char *const drill_cut[2][3],
			       const char *const *key_sectors, int nkey, struct cr_err *err)
{
	char upper[24];
	struct cr_sqlb b;
	json_t *keys = json_array(), *out = NULL;
	for (int k = 0; k < nkey; k++)
		json_array_append_new(keys, json_string(key_sectors[k]));
	char *keys_text = json_dumps(keys, JSON_COMPACT);
	json_decref(keys);
	if (!keys_text)
		return cr_err_set(err, 500, "internal", "", "out of memory"), NULL;
	cr_sqlb_init(&b, cr_cols_select(&plans, ""));
	cr_sqlb_where(&b, "p.status='active'");
	cr_sqlb_where(&b, "(coalesce(p.reviewed_on, p.issued_on, '') < ?"
			  " OR coalesce(p.drilled_on, p.issued_on, '') <"
			  " CASE WHEN u.sector IN (SELECT value FROM json_each(?))"
			  " THEN CASE p.type WHEN 'comprehensive' THEN ? WHEN 'special' THEN ?"
			  " ELSE ? END"
			  " ELSE CASE p.type WHEN 'comprehensive' THEN ? WHEN 'special' THEN ?"
			  " ELSE ? END END)");
	cr_sqlb_bind_text(&b, review_cut);
	cr_sqlb_bind_text(&b, keys_text);
	for (int key = 1; key >= 0; key--)
		for (int k = 0; k < 3; k++)
			cr_sqlb_bind_text(&b, drill_cut[key][k]);
	scope_where(&b, s, "p", upper);
	cr_sqlb_sql(&b, " ORDER BY p.id LIMIT 1000");
	out = run_list(c, &b, plan_row, err);
	free(keys_text);
	return out;
}

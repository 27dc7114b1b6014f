/* capability.c — the capability_assessments table: one column table for JSON and the insert,
 * and the paged history. It must not score or check permissions. */
#include "store/capability.h"

#include <stdio.h>

#include "store/columns.h"
#include "store/db.h"
#include "store/page.h"
#include "store/sqlb.h"

#define CAP_FROM                                                                                   \
	" FROM capability_assessments a LEFT JOIN units u ON u.id=a.unit_id"                       \
	" LEFT JOIN regions r ON r.code=a.region LEFT JOIN departments d ON d.code=a.dept"

#define F(field) CR_COL_FIELD(struct cr_capability_row, field)
#define W CR_COL_WRITE

static const struct cr_col cap_cols[] = {
	{ "id", .expr = "a.id", .type = CR_COL_INT },
	{ "subject", .column = "subject", .type = CR_COL_TEXT, .flags = W, F(subject) },
	{ "unit_id", .column = "unit_id", .type = CR_COL_INT, .flags = W | CR_COL_NULLABLE,
	  F(unit_id), .absent = CR_ABSENT_ZERO },
	{ "unit_name", .expr = "u.name", .type = CR_COL_TEXT, .flags = CR_COL_NULLABLE },
	{ "region", .column = "region", .type = CR_COL_TEXT, .flags = W, F(region) },
	{ "region_name", .expr = "r.name", .type = CR_COL_TEXT },
	{ "dept", .column = "dept", .type = CR_COL_TEXT, .flags = W, F(dept) },
	{ "dept_name", .expr = "d.name_cn", .type = CR_COL_TEXT },
	{ "assessed_on", .column = "assessed_on", .type = CR_COL_TEXT, .flags = W, F(assessed_on) },
	{ "answers", .column = "answers", .type = CR_COL_JSON, .flags = W, F(answers),
	  .dflt = "{}" },
	{ "score", .column = "score", .type = CR_COL_REAL, .flags = W, F(score) },
	{ "level", .column = "level", .type = CR_COL_TEXT, .flags = W, F(level) },
	{ "weak", .column = "weak", .type = CR_COL_JSON, .flags = W, F(weak), .dflt = "[]" },
	{ "checklist", .column = "checklist", .type = CR_COL_TEXT, .flags = W, F(checklist) },
	{ "assessor", .column = "assessor", .type = CR_COL_TEXT, .flags = W, F(assessor) },
	{ "version", .expr = "a.version", .type = CR_COL_INT },
	{ "created_at", .expr = "a.created_at", .type = CR_COL_TEXT },
	{ "updated_at", .expr = "a.updated_at", .type = CR_COL_TEXT },
};

#undef F
#undef W

static struct cr_cols caps =
	CR_COLS("capability_assessments", "a", CAP_FROM, "assessment", cap_cols);

static json_t *cap_row(sqlite3_stmt *s, const void *ctx)
{
	(void)ctx;
	return cr_cols_row_json(&caps, s);
}

json_t *cr_store_capability_get(sqlite3 *c, long long id, struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, cr_cols_select(&caps, " WHERE a.id=?"));
	sqlite3_bind_int64(s, 1, id);
	return cr_store_one(c, s, cap_row, NULL, "assessment", id, err);
}

int cr_store_capability_insert(sqlite3 *c, const struct cr_capability_row *r, long long *id,
			       struct cr_err *err)
{
	return cr_cols_insert(c, &caps, r, id, err);
}

static void add_filters(struct cr_sqlb *b, const struct cr_capability_filter *f, char upper[24])
{
	cr_sqlb_where(b, "1=1");
	if (f->subject && *f->subject) {
		cr_sqlb_where(b, "a.subject=?");
		cr_sqlb_bind_text(b, f->subject);
	}
	if (f->region_prefix && *f->region_prefix) {
		snprintf(upper, 24, "%s~", f->region_prefix);
		cr_sqlb_where(b, "a.region >= ? AND a.region < ?");
		cr_sqlb_bind_text(b, f->region_prefix);
		cr_sqlb_bind_text(b, upper);
	}
	if (f->region_exact && *f->region_exact) {
		cr_sqlb_where(b, "a.region=?");
		cr_sqlb_bind_text(b, f->region_exact);
	}
	if (f->dept && *f->dept) {
		cr_sqlb_where(b, "a.dept=?");
		cr_sqlb_bind_text(b, f->dept);
	}
	if (f->unit_id > 0) {
		cr_sqlb_where(b, "a.unit_id=?");
		cr_sqlb_bind_int(b, f->unit_id);
	}
}

json_t *cr_store_capability_list(sqlite3 *c, const struct cr_capability_filter *f,
				 struct cr_err *err)
{
	char upper[24];
	struct cr_sqlb cnt, sel;
	cr_sqlb_init(&cnt, "SELECT count(*) FROM capability_assessments a");
	add_filters(&cnt, f, upper);
	cr_sqlb_init(&sel, cr_cols_select(&caps, ""));
	add_filters(&sel, f, upper);
	return cr_store_page(c, &cnt, &sel, "a.id < ?", " ORDER BY a.id DESC LIMIT ?", f->after,
			     f->limit, cap_row, NULL, err);
}

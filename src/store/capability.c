/* capability.c — the capability_assessments table: one column table for JSON and the insert,
 * and the paged history. It must not score or check permissions. */
#include "store/capability.h"

#include "store/columns.h"
#include "store/register.h"

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

json_t *cr_store_capability_get(struct cr_conn *c, long long id, struct cr_err *err)
{
	return cr_register_get(c, &caps, id, err);
}

int cr_store_capability_insert(struct cr_conn *c, const struct cr_capability_row *r, long long *id,
			       struct cr_err *err)
{
	return cr_cols_insert(c, &caps, r, id, err);
}

static void add_filters(struct cr_sqlb *b, const struct cr_cols *t, const void *filter,
			struct cr_register_text *x)
{
	const struct cr_capability_filter *f = filter;
	cr_register_eq(b, t, "subject", f->subject);
	cr_register_territory(b, t, f->region_prefix, x);
	cr_register_eq(b, t, "region", f->region_exact);
	cr_register_eq(b, t, "dept", f->dept);
	cr_register_id(b, t, "unit_id", f->unit_id);
}

json_t *cr_store_capability_list(struct cr_conn *c, const struct cr_capability_filter *f,
				 struct cr_err *err)
{
	return cr_register_page(c, &caps, add_filters, f, f->after, f->limit, true, err);
}

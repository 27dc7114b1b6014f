/* dynamic_reports.c — the dynamic_reports table: one column table for JSON, the insert and the
 * paged list. It must not check permissions or field rules. */
#include "store/dynamic_reports.h"

#include <stdio.h>

#include "store/columns.h"
#include "store/db.h"
#include "store/page.h"
#include "store/sqlb.h"

#define F(field) CR_COL_FIELD(struct cr_dynamic_report_row, field)
#define W CR_COL_WRITE

static const struct cr_col report_cols[] = {
	{ "id", .expr = "d.id", .type = CR_COL_INT },
	{ "unit_id", .column = "unit_id", .type = CR_COL_INT, .flags = W, F(unit_id) },
	{ "unit_name", .expr = "u.name", .type = CR_COL_TEXT, .flags = CR_COL_NULLABLE },
	{ "region", .column = "region", .type = CR_COL_TEXT, .flags = W, F(region) },
	{ "region_name", .expr = "g.name", .type = CR_COL_TEXT, .flags = CR_COL_NULLABLE },
	{ "dept", .column = "dept", .type = CR_COL_TEXT, .flags = W, F(dept) },
	{ "kind", .column = "kind", .type = CR_COL_TEXT, .flags = W, F(kind) },
	{ "title", .column = "title", .type = CR_COL_TEXT, .flags = W, F(title) },
	{ "description", .column = "description", .type = CR_COL_TEXT, .flags = W, F(description) },
	{ "start", .column = "start_at", .type = CR_COL_TEXT, .flags = W, F(start) },
	{ "end", .column = "end_at", .type = CR_COL_TEXT, .flags = W, F(end) },
	{ "place", .column = "place", .type = CR_COL_TEXT, .flags = W, F(place) },
	{ "risks", .column = "risks", .type = CR_COL_TEXT, .flags = W, F(risks) },
	{ "measures", .column = "measures", .type = CR_COL_TEXT, .flags = W, F(measures) },
	{ "reported_by", .column = "reported_by", .type = CR_COL_TEXT, .flags = W, F(reported_by) },
	{ "version", .expr = "d.version", .type = CR_COL_INT },
	{ "created_at", .expr = "d.created_at", .type = CR_COL_TEXT },
	{ "updated_at", .expr = "d.updated_at", .type = CR_COL_TEXT },
};

#undef F
#undef W

static struct cr_cols reports =
	CR_COLS("dynamic_reports", "d",
		" FROM dynamic_reports d LEFT JOIN units u ON u.id=d.unit_id"
		" LEFT JOIN regions g ON g.code=d.region",
		"dynamic report", report_cols);

static json_t *report_row(struct cr_stmt *s, const void *ctx)
{
	(void)ctx;
	return cr_cols_row_json(&reports, s);
}

json_t *cr_store_dynamic_report_get(struct cr_conn *c, long long id, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, cr_cols_select(&reports, " WHERE d.id=?"));
	cr_stmt_bind_int64(s, 1, id);
	return cr_store_one(c, s, report_row, NULL, "dynamic report", id, err);
}

int cr_store_dynamic_report_insert(struct cr_conn *c, const struct cr_dynamic_report_row *r,
				   long long *id, struct cr_err *err)
{
	return cr_cols_insert(c, &reports, r, id, err);
}

static void add_filters(struct cr_sqlb *b, const struct cr_dynamic_report_filter *f, char *upper)
{
	if (f->region_prefix && *f->region_prefix) {
		snprintf(upper, 24, "%s~", f->region_prefix);
		cr_sqlb_where(b, "d.region >= ? AND d.region < ?");
		cr_sqlb_bind_text(b, f->region_prefix);
		cr_sqlb_bind_text(b, upper);
	}
	if (f->dept && *f->dept) {
		cr_sqlb_where(b, "d.dept=?");
		cr_sqlb_bind_text(b, f->dept);
	}
	if (f->kind && *f->kind) {
		cr_sqlb_where(b, "d.kind=?");
		cr_sqlb_bind_text(b, f->kind);
	}
	if (f->unit_id) {
		cr_sqlb_where(b, "d.unit_id=?");
		cr_sqlb_bind_int(b, f->unit_id);
	}
}

json_t *cr_store_dynamic_report_list(struct cr_conn *c, const struct cr_dynamic_report_filter *f,
				     struct cr_err *err)
{
	char upper[24];
	struct cr_sqlb cnt, sel;
	cr_sqlb_init(&cnt, "SELECT count(*) FROM dynamic_reports d");
	add_filters(&cnt, f, upper);
	cr_sqlb_init(&sel, cr_cols_select(&reports, ""));
	add_filters(&sel, f, upper);
	return cr_store_page(c, &cnt, &sel, "d.id > ?", " ORDER BY d.id LIMIT ?", f->after,
			     f->limit, report_row, NULL, err);
}

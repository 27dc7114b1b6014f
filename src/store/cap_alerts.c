/* cap_alerts.c — the cap_alerts table: one column table for JSON, the insert, publishing and
 * the lists. It must not check CAP's rules or who may approve. */
#include "store/cap_alerts.h"

#include "core/clock.h"
#include "store/columns.h"
#include "store/db.h"
#include "store/page.h"

#define F(field) CR_COL_FIELD(struct cr_cap_alert_row, field)
#define W CR_COL_INSERT
#define N CR_COL_NULLABLE

static const struct cr_col cap_cols[] = {
	{ "id", .expr = "k.id", .type = CR_COL_INT },
	{ "alert_id", .column = "alert_id", .type = CR_COL_INT, .flags = W | N, F(alert_id),
	  .absent = CR_ABSENT_ZERO },
	{ "region", .column = "region", .type = CR_COL_TEXT, .flags = W, F(region) },
	{ "dept", .column = "dept", .type = CR_COL_TEXT, .flags = W, F(dept) },
	{ "event", .column = "event", .type = CR_COL_TEXT, .flags = W, F(event) },
	{ "category", .column = "category", .type = CR_COL_TEXT, .flags = W, F(category) },
	{ "urgency", .column = "urgency", .type = CR_COL_TEXT, .flags = W, F(urgency) },
	{ "severity", .column = "severity", .type = CR_COL_TEXT, .flags = W, F(severity) },
	{ "certainty", .column = "certainty", .type = CR_COL_TEXT, .flags = W, F(certainty) },
	{ "headline", .column = "headline", .type = CR_COL_TEXT, .flags = W, F(headline) },
	{ "description", .column = "description", .type = CR_COL_TEXT, .flags = W, F(description) },
	{ "instruction", .column = "instruction", .type = CR_COL_TEXT, .flags = W, F(instruction) },
	{ "area_desc", .column = "area_desc", .type = CR_COL_TEXT, .flags = W, F(area_desc) },
	{ "polygon", .column = "polygon", .type = CR_COL_TEXT, .flags = W | N, F(polygon) },
	{ "circle", .column = "circle", .type = CR_COL_TEXT, .flags = W | N, F(circle) },
	{ "expires", .column = "expires", .type = CR_COL_TEXT, .flags = W, F(expires) },
	{ "state", .expr = "k.state", .type = CR_COL_TEXT },
	{ "author", .column = "author", .type = CR_COL_TEXT, .flags = W, F(author) },
	{ "author_id", .column = "author_id", .type = CR_COL_INT, .flags = W, F(author_id) },
	{ "approver", .expr = "k.approver", .type = CR_COL_TEXT, .flags = N },
	{ "sent", .expr = "k.sent", .type = CR_COL_TEXT, .flags = N },
	{ "version", .expr = "k.version", .type = CR_COL_INT },
	{ "created_at", .expr = "k.created_at", .type = CR_COL_TEXT },
	{ "updated_at", .expr = "k.updated_at", .type = CR_COL_TEXT },
};

#undef F
#undef W
#undef N

static struct cr_cols caps =
	CR_COLS("cap_alerts", "k", " FROM cap_alerts k", "CAP alert", cap_cols);

static json_t *cap_row(struct cr_stmt *s, const void *ctx)
{
	(void)ctx;
	return cr_cols_row_json(&caps, s);
}

json_t *cr_store_cap_alert_get(struct cr_conn *c, long long id, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, cr_cols_select(&caps, " WHERE k.id=?"));
	cr_stmt_bind_int64(s, 1, id);
	return cr_store_one(c, s, cap_row, NULL, "CAP alert", id, err);
}

int cr_store_cap_alert_insert(struct cr_conn *c, const struct cr_cap_alert_row *a, long long *id,
			      struct cr_err *err)
{
	return cr_cols_insert(c, &caps, a, id, err);
}

int cr_store_cap_alert_publish(struct cr_conn *c, long long id, const char *approver,
			       long long approver_id, const char *sent, struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	struct cr_stmt *s = cr_db_stmt(c, "UPDATE cap_alerts SET state='published', approver=?,"
					  " approver_id=?, sent=?, updated_at=?, version=version+1"
					  " WHERE id=? AND state='draft'");
	cr_stmt_bind_text(s, 1, approver, -1, CR_SQL_STATIC);
	cr_stmt_bind_int64(s, 2, approver_id);
	cr_stmt_bind_text(s, 3, sent, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 4, now, -1, CR_SQL_STATIC);
	cr_stmt_bind_int64(s, 5, id);
	return cr_db_run(c, s, err);
}

json_t *cr_store_cap_alert_list(struct cr_conn *c, const char *region_prefix, const char *dept,
				const char *state, int limit, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(
		c, cr_cols_select(&caps, " WHERE substr(k.region, 1, length(?1))=?1"
					 " AND (?2='' OR k.dept=?2) AND (?3='' OR k.state=?3)"
					 " ORDER BY k.id DESC LIMIT ?4"));
	cr_stmt_bind_text(s, 1, region_prefix ? region_prefix : "", -1, CR_SQL_COPY);
	cr_stmt_bind_text(s, 2, dept ? dept : "", -1, CR_SQL_COPY);
	cr_stmt_bind_text(s, 3, state ? state : "", -1, CR_SQL_COPY);
	cr_stmt_bind_int(s, 4, limit);
	return cr_store_items(c, s, cap_row, NULL, err);
}

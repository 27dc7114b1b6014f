/* webhooks.c — the webhooks and webhook_deliveries tables: one column table for webhooks (the
 * secret written, never read back into JSON), queuing, leases and attempts. It must not sign,
 * send or decide a retry. */
#include "store/webhooks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "store/columns.h"
#include "store/db.h"
#include "store/page.h"
#include "store/sqlb.h"

#define F(field) CR_COL_FIELD(struct cr_webhook_row, field)
#define W CR_COL_WRITE

static const struct cr_col webhook_cols[] = {
	{ "id", .expr = "w.id", .type = CR_COL_INT },
	{ "name", .column = "name", .type = CR_COL_TEXT, .flags = W, F(name) },
	{ "url", .column = "url", .type = CR_COL_TEXT, .flags = W, F(url) },
	{ NULL, .column = "secret", .type = CR_COL_TEXT, .flags = CR_COL_INSERT, F(secret) },
	{ "secret_set", .expr = "w.secret<>''", .type = CR_COL_BOOL },
	{ "region", .column = "region", .type = CR_COL_TEXT, .flags = W, F(region) },
	{ "dept", .column = "dept", .type = CR_COL_TEXT, .flags = W, F(dept) },
	{ "rules", .column = "rules", .type = CR_COL_JSON, .flags = W, F(rules), .dflt = "[]" },
	{ "retry_s", .column = "retry_s", .type = CR_COL_INT, .flags = W, F(retry_s) },
	{ "max_attempts", .column = "max_attempts", .type = CR_COL_INT, .flags = W,
	  F(max_attempts) },
	{ "active", .column = "active", .type = CR_COL_BOOL, .flags = W, F(active) },
	{ "created_by", .column = "created_by", .type = CR_COL_TEXT, .flags = CR_COL_INSERT,
	  F(created_by) },
	{ "pending",
	  .expr = "(SELECT count(*) FROM webhook_deliveries d WHERE d.webhook_id=w.id"
		  " AND d.state='pending')",
	  .type = CR_COL_INT },
	{ "failed",
	  .expr = "(SELECT count(*) FROM webhook_deliveries d WHERE d.webhook_id=w.id"
		  " AND d.state='failed')",
	  .type = CR_COL_INT },
	{ "version", .expr = "w.version", .type = CR_COL_INT },
	{ "created_at", .expr = "w.created_at", .type = CR_COL_TEXT },
	{ "updated_at", .expr = "w.updated_at", .type = CR_COL_TEXT },
};

#undef F
#undef W

static struct cr_cols webhooks =
	CR_COLS("webhooks", "w", " FROM webhooks w", "webhook", webhook_cols);

static json_t *webhook_row(struct cr_stmt *s, const void *ctx)
{
	(void)ctx;
	return cr_cols_row_json(&webhooks, s);
}

json_t *cr_store_webhook_get(struct cr_conn *c, long long id, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, cr_cols_select(&webhooks, " WHERE w.id=?"));
	cr_stmt_bind_int64(s, 1, id);
	return cr_store_one(c, s, webhook_row, NULL, "webhook", id, err);
}

int cr_store_webhook_insert(struct cr_conn *c, const struct cr_webhook_row *w, long long *id,
			    struct cr_err *err)
{
	return cr_cols_insert(c, &webhooks, w, id, err);
}

int cr_store_webhook_update(struct cr_conn *c, long long id, const struct cr_webhook_row *w,
			    long long expect_version, struct cr_err *err)
{
	if (cr_cols_update(c, &webhooks, w, id, expect_version, err))
		return -1;
	if (!w->secret || !*w->secret)
		return 0;
	struct cr_stmt *s = cr_db_stmt(c, "UPDATE webhooks SET secret=? WHERE id=?");
	cr_stmt_bind_text(s, 1, w->secret, -1, CR_SQL_STATIC);
	cr_stmt_bind_int64(s, 2, id);
	return cr_db_run(c, s, err);
}

json_t *cr_store_webhook_list(struct cr_conn *c, const char *region_prefix, const char *dept,
			      struct cr_err *err)
{
	struct cr_stmt *s =
		cr_db_stmt(c, cr_cols_select(&webhooks, " WHERE substr(w.region, 1, length(?1))=?1"
							" AND (?2='' OR w.dept=?2) ORDER BY w.id"));
	cr_stmt_bind_text(s, 1, region_prefix ? region_prefix : "", -1, CR_SQL_COPY);
	cr_stmt_bind_text(s, 2, dept ? dept : "", -1, CR_SQL_COPY);
	return cr_store_items(c, s, webhook_row, NULL, err);
}

int cr_store_webhook_enqueue(struct cr_conn *c, long long alert_id, const char *rule,
			     const char *region, const char *dept, const char *payload,
			     long long next_at, int *queued, struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	struct cr_stmt *s = cr_db_stmt(
		c, "INSERT INTO webhook_deliveries(webhook_id, alert_id, payload, next_at,"
		   " created_at, updated_at) SELECT w.id, ?1, ?2, ?3, ?4, ?4 FROM webhooks w"
		   " WHERE w.active=1 AND substr(?5, 1, length(w.region))=w.region"
		   " AND (w.dept='' OR w.dept=?6) AND (w.rules='[]' OR EXISTS(SELECT 1 FROM"
		   " json_each(w.rules) j WHERE j.value=?7))");
	cr_stmt_bind_int64(s, 1, alert_id);
	cr_stmt_bind_text(s, 2, payload, -1, CR_SQL_STATIC);
	cr_stmt_bind_int64(s, 3, next_at);
	cr_stmt_bind_text(s, 4, now, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 5, region, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 6, dept ? dept : "", -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 7, rule, -1, CR_SQL_STATIC);
	if (cr_db_run(c, s, err))
		return -1;
	*queued = cr_conn_changes(c);
	return 0;
}

int cr_store_webhook_due(struct cr_conn *c, long long now, long long lease_s,
			 struct cr_webhook_due *out, int cap, int *n, struct cr_err *err)
{
	*n = 0;
	if (cr_db_begin(c, err))
		return -1;
	struct cr_stmt *s =
		cr_db_stmt(c, "SELECT d.id, d.attempts, w.retry_s, w.max_attempts, w.url, w.secret,"
			      " d.payload, w.active FROM webhook_deliveries d JOIN webhooks w"
			      " ON w.id=d.webhook_id WHERE d.state='pending' AND d.next_at<=?"
			      " ORDER BY d.next_at, d.id LIMIT ?");
	cr_stmt_bind_int64(s, 1, now);
	cr_stmt_bind_int(s, 2, cap);
	int rc;
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW && *n < cap) {
		struct cr_webhook_due *d = &out[(*n)++];
		d->id = cr_stmt_column_int64(s, 0);
		d->attempts = cr_stmt_column_int64(s, 1);
		d->retry_s = cr_stmt_column_int64(s, 2);
		d->max_attempts = cr_stmt_column_int64(s, 3);
		d->url = strdup(cr_col_text(s, 4));
		d->secret = strdup(cr_col_text(s, 5));
		d->payload = strdup(cr_col_text(s, 6));
		d->active = cr_stmt_column_int(s, 7) != 0;
	}
	cr_stmt_reset(s);
	if (cr_db_done(c, rc == CR_SQL_ROW ? CR_SQL_DONE : rc, err))
		goto fail;
	struct cr_stmt *u = cr_db_stmt(c, "UPDATE webhook_deliveries SET next_at=? WHERE id=?");
	for (int i = 0; i < *n; i++) {
		if (!out[i].url || !out[i].secret || !out[i].payload) {
			cr_err_set(err, 500, "oom", "", "out of memory");
			goto fail;
		}
		cr_stmt_bind_int64(u, 1, now + lease_s);
		cr_stmt_bind_int64(u, 2, out[i].id);
		if (cr_db_run(c, u, err))
			goto fail;
	}
	if (cr_db_commit(c, err))
		goto fail;
	return 0;
fail:
	cr_db_rollback(c);
	cr_store_webhook_due_free(out, *n);
	*n = 0;
	return -1;
}

void cr_store_webhook_due_free(struct cr_webhook_due *d, int n)
{
	for (int i = 0; i < n; i++) {
		free(d[i].url);
		free(d[i].secret);
		free(d[i].payload);
	}
}

int cr_store_webhook_attempt(struct cr_conn *c, long long id, const char *state, long long attempts,
			     int status, const char *error, long long next_at, struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	struct cr_stmt *s =
		cr_db_stmt(c, "UPDATE webhook_deliveries SET state=?1, attempts=?2, last_status=?3,"
			      " last_error=?4, next_at=?5, updated_at=?6, version=version+1,"
			      " delivered_at=CASE WHEN ?1='delivered' THEN ?6 ELSE delivered_at END"
			      " WHERE id=?7");
	cr_stmt_bind_text(s, 1, state, -1, CR_SQL_STATIC);
	cr_stmt_bind_int64(s, 2, attempts);
	if (status)
		cr_stmt_bind_int(s, 3, status);
	else
		cr_stmt_bind_null(s, 3);
	cr_stmt_bind_text(s, 4, error ? error : "", -1, CR_SQL_STATIC);
	cr_stmt_bind_int64(s, 5, next_at);
	cr_stmt_bind_text(s, 6, now, -1, CR_SQL_STATIC);
	cr_stmt_bind_int64(s, 7, id);
	return cr_db_run(c, s, err);
}

static json_t *delivery_row(struct cr_stmt *s, const void *ctx)
{
	(void)ctx;
	return json_pack(
		"{sI sI sI so ss sI so ss so ss ss}", "id", (json_int_t)cr_stmt_column_int64(s, 0),
		"webhook_id", (json_int_t)cr_stmt_column_int64(s, 1), "alert_id",
		(json_int_t)cr_stmt_column_int64(s, 2), "alert_title", cr_col_json_text(s, 3),
		"state", cr_col_text(s, 4), "attempts", (json_int_t)cr_stmt_column_int64(s, 5),
		"last_status", cr_col_json_num(s, 6), "last_error", cr_col_text(s, 7),
		"delivered_at", cr_col_json_text(s, 8), "next_at", cr_col_text(s, 9), "created_at",
		cr_col_text(s, 10));
}

json_t *cr_store_webhook_deliveries(struct cr_conn *c, long long webhook_id, const char *state,
				    long long after, int limit, struct cr_err *err)
{
	struct cr_sqlb cnt, sel;
	cr_sqlb_init(&cnt, "SELECT count(*) FROM webhook_deliveries d");
	cr_sqlb_init(&sel, "SELECT d.id, d.webhook_id, d.alert_id, a.title, d.state, d.attempts,"
			   " d.last_status, d.last_error, d.delivered_at,"
			   " strftime('%Y-%m-%dT%H:%M:%SZ', d.next_at, 'unixepoch'), d.created_at"
			   " FROM webhook_deliveries d LEFT JOIN alerts a ON a.id=d.alert_id");
	struct cr_sqlb *both[2] = { &cnt, &sel };
	for (int i = 0; i < 2; i++) {
		cr_sqlb_where(both[i], "d.webhook_id=?");
		cr_sqlb_bind_int(both[i], webhook_id);
		if (state && *state) {
			cr_sqlb_where(both[i], "d.state=?");
			cr_sqlb_bind_text(both[i], state);
		}
	}
	return cr_store_page(c, &cnt, &sel, "d.id < ?", " ORDER BY d.id DESC LIMIT ?", after, limit,
			     delivery_row, NULL, err);
}

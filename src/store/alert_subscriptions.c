/* alert_subscriptions.c — the alert_subscriptions table. It must not check what a user may
 * subscribe to. */
#include "store/alert_subscriptions.h"

#include "core/clock.h"
#include "store/db.h"

json_t *cr_store_alert_subscription_get(struct cr_conn *c, long long user_id, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT region, rules, min_level, updated_at"
					  " FROM alert_subscriptions WHERE user_id=?");
	cr_stmt_bind_int64(s, 1, user_id);
	int rc = cr_stmt_step(s);
	json_t *out = NULL;
	if (rc == CR_SQL_ROW)
		out = json_pack("{ss so ss ss}", "region", cr_col_text(s, 0), "rules",
				cr_col_json_parsed(s, 1), "min_level", cr_col_text(s, 2),
				"updated_at", cr_col_text(s, 3));
	else if (rc == CR_SQL_DONE)
		out = json_null();
	cr_stmt_reset(s);
	if (!out)
		cr_db_fail(c, err);
	return out;
}

int cr_store_alert_subscription_put(struct cr_conn *c, long long user_id, const char *region,
				    const char *rules, const char *min_level, struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	struct cr_stmt *s =
		cr_db_stmt(c, "INSERT OR REPLACE INTO alert_subscriptions(user_id,"
			      " region, rules, min_level, updated_at) VALUES (?,?,?,?,?)");
	cr_stmt_bind_int64(s, 1, user_id);
	cr_stmt_bind_text(s, 2, region, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 3, rules, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 4, min_level, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 5, now, -1, CR_SQL_STATIC);
	return cr_db_run(c, s, err);
}

int cr_store_alert_subscription_delete(struct cr_conn *c, long long user_id, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "DELETE FROM alert_subscriptions WHERE user_id=?");
	cr_stmt_bind_int64(s, 1, user_id);
	return cr_db_run(c, s, err);
}

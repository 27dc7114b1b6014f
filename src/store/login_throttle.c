/* login_throttle.c — SQL for the shared log-in delays. It must not compute a delay. */
#include "store/login_throttle.h"

#include <string.h>

int cr_store_throttle_get(struct cr_conn *c, const char *key, struct cr_throttle_row *row,
			  bool *found, struct cr_err *err)
{
	struct cr_stmt *s =
		cr_db_stmt(c, "SELECT failures, last_at, until_at FROM login_throttle WHERE key=?");
	cr_stmt_bind_text(s, 1, key, -1, CR_SQL_STATIC);
	int rc = cr_stmt_step(s), bad = 0;
	memset(row, 0, sizeof *row);
	*found = rc == CR_SQL_ROW;
	if (*found) {
		row->failures = cr_stmt_column_int(s, 0);
		row->last = cr_stmt_column_double(s, 1);
		row->until = cr_stmt_column_double(s, 2);
	} else {
		bad = cr_db_done(c, rc, err);
	}
	cr_stmt_reset(s);
	return bad ? -1 : 0;
}

int cr_store_throttle_hold(struct cr_conn *c, const char *key, struct cr_err *err)
{
	/* DO UPDATE (not DO NOTHING) locks an existing row on PostgreSQL until the commit; the
	 * next statement then reads what a server that held it before committed. */
	struct cr_stmt *s = cr_db_stmt(
		c, "INSERT INTO login_throttle(key, failures, last_at, until_at) VALUES (?,0,0,0)"
		   " ON CONFLICT(key) DO UPDATE SET failures=login_throttle.failures");
	cr_stmt_bind_text(s, 1, key, -1, CR_SQL_STATIC);
	return cr_db_run(c, s, err);
}

int cr_store_throttle_put(struct cr_conn *c, const char *key, const struct cr_throttle_row *row,
			  struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(
		c, "UPDATE login_throttle SET failures=?, last_at=?, until_at=? WHERE key=?");
	cr_stmt_bind_int(s, 1, row->failures);
	cr_stmt_bind_double(s, 2, row->last);
	cr_stmt_bind_double(s, 3, row->until);
	cr_stmt_bind_text(s, 4, key, -1, CR_SQL_STATIC);
	return cr_db_run(c, s, err);
}

int cr_store_throttle_delete(struct cr_conn *c, const char *key, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "DELETE FROM login_throttle WHERE key=?");
	cr_stmt_bind_text(s, 1, key, -1, CR_SQL_STATIC);
	return cr_db_run(c, s, err);
}

int cr_store_throttle_purge(struct cr_conn *c, double before, struct cr_err *err)
{
	struct cr_stmt *s =
		cr_db_stmt(c, "DELETE FROM login_throttle WHERE last_at<? AND until_at<?");
	cr_stmt_bind_double(s, 1, before);
	cr_stmt_bind_double(s, 2, before);
	return cr_db_run(c, s, err);
}

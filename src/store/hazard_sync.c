/* hazard_sync.c — reads and writes a hazard's client id (hazard_sync.h). It must not decide
 * whether a resend is the same capture; the service compares and answers. */
#include "store/hazard_sync.h"

#include "store/db.h"

long long cr_store_hazard_by_client_id(struct cr_conn *c, long long user_id, const char *client_id,
				       struct cr_err *err)
{
	struct cr_stmt *s =
		cr_db_stmt(c, "SELECT id FROM hazards WHERE created_by=? AND client_id=?");
	cr_stmt_bind_int64(s, 1, user_id);
	cr_stmt_bind_text(s, 2, client_id, -1, CR_SQL_STATIC);
	int rc = cr_stmt_step(s);
	long long id = rc == CR_SQL_ROW ? cr_stmt_column_int64(s, 0) : 0;
	cr_stmt_reset(s);
	if (rc != CR_SQL_ROW && rc != CR_SQL_DONE)
		return cr_db_fail(c, err);
	return id;
}

int cr_store_hazard_set_client_id(struct cr_conn *c, long long id, const char *client_id,
				  struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "UPDATE hazards SET client_id=? WHERE id=?");
	cr_stmt_bind_text(s, 1, client_id, -1, CR_SQL_STATIC);
	cr_stmt_bind_int64(s, 2, id);
	return cr_db_run(c, s, err);
}

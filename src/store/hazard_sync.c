/* hazard_sync.c — reads and writes a hazard's client id (hazard_sync.h). It must not decide
 * whether a resend is the same capture; the service compares and answers. */
#include "store/hazard_sync.h"

#include "store/db.h"

long long cr_store_hazard_by_client_id(sqlite3 *c, long long user_id, const char *client_id,
				       struct cr_err *err)
{
	sqlite3_stmt *s =
		cr_db_stmt(c, "SELECT id FROM hazards WHERE created_by=? AND client_id=?");
	sqlite3_bind_int64(s, 1, user_id);
	sqlite3_bind_text(s, 2, client_id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	long long id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return cr_db_fail(c, err);
	return id;
}

int cr_store_hazard_set_client_id(sqlite3 *c, long long id, const char *client_id,
				  struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, "UPDATE hazards SET client_id=? WHERE id=?");
	sqlite3_bind_text(s, 1, client_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, id);
	return cr_db_run(c, s, err);
}

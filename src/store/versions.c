/* versions.c — rows of the version tables (versions.h). It must not decide what changed or
 * grade: the service computes the diff and the grades. */
#include "store/versions.h"

#include <stdlib.h>

#include "core/clock.h"
#include "core/jsonx.h"
#include "store/db.h"

int cr_store_version_add(struct cr_conn *c, enum cr_versions_of of, long long id, long long version,
			 const char *login, const char *action, int old_grade, int new_grade,
			 const json_t *diff, struct cr_err *err)
{
	static const char *const sql[] = {
		[CR_VERSIONS_RISK] =
			"INSERT INTO risk_versions(risk_id, version, at, login, action,"
			" old_grade, new_grade, diff) VALUES (?,?,?,?,?,?,?,?)",
		[CR_VERSIONS_INSTALLATION] = "INSERT INTO installation_versions(installation_id,"
					     " version, at, login, action, old_grade, new_grade,"
					     " diff) VALUES (?,?,?,?,?,?,?,?)",
	};
	char now[32];
	cr_now_iso(now);
	struct cr_stmt *s = cr_db_stmt(c, sql[of]);
	cr_stmt_bind_int64(s, 1, id);
	cr_stmt_bind_int64(s, 2, version);
	cr_stmt_bind_text(s, 3, now, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 4, login, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 5, action, -1, CR_SQL_STATIC);
	if (old_grade)
		cr_stmt_bind_int(s, 6, old_grade);
	if (new_grade)
		cr_stmt_bind_int(s, 7, new_grade);
	char *d = diff && !json_is_null(diff) ? cr_json_dump(diff) : NULL;
	if (d)
		cr_stmt_bind_text(s, 8, d, -1, free);
	else
		cr_stmt_bind_text(s, 8, "{}", -1, CR_SQL_STATIC);
	return cr_db_run(c, s, err);
}

/* check.c — runs SQLite's own consistency checks and turns their rows into lines of text. It
 * must not repair anything: `cityrisk check` reports and exits non-zero. */
#include "store/check.h"

#include <stdio.h>
#include <string.h>

#include "store/db.h"

long long cr_db_check_integrity(struct cr_conn *c, cr_check_report_fn report, void *ctx,
				struct cr_err *err)
{
	struct cr_stmt *s = cr_db_prepare(c, "PRAGMA integrity_check", err);
	if (!s)
		return -1;
	long long bad = 0;
	int rc;
	char line[1024];
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		const char *text = (const char *)cr_stmt_column_text(s, 0);
		if (text && strcmp(text, "ok") != 0) {
			snprintf(line, sizeof line, "integrity: %s", text);
			report(ctx, line);
			bad++;
		}
	}
	if (rc != CR_SQL_DONE)
		bad = cr_db_fail(c, err);
	cr_stmt_finalize(s);
	return bad;
}

long long cr_db_check_foreign_keys(struct cr_conn *c, cr_check_report_fn report, void *ctx,
				   struct cr_err *err)
{
	struct cr_stmt *s = cr_db_prepare(c, "PRAGMA foreign_key_check", err);
	if (!s)
		return -1;
	long long bad = 0;
	int rc;
	char line[256];
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		snprintf(line, sizeof line, "foreign key: %s row %lld", cr_col_text(s, 0),
			 (long long)cr_stmt_column_int64(s, 1));
		report(ctx, line);
		bad++;
	}
	if (rc != CR_SQL_DONE)
		bad = cr_db_fail(c, err);
	cr_stmt_finalize(s);
	return bad;
}

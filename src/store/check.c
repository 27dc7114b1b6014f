/* check.c — runs SQLite's own consistency checks and turns their rows into lines of text. It
 * must not repair anything: `cityrisk check` reports and exits non-zero. */
#include "store/check.h"

#include <stdio.h>
#include <string.h>

#include "store/db.h"

long long cr_db_check_integrity(sqlite3 *c, cr_check_report_fn report, void *ctx,
				struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_prepare(c, "PRAGMA integrity_check", err);
	if (!s)
		return -1;
	long long bad = 0;
	int rc;
	char line[1024];
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(s, 0);
		if (text && strcmp(text, "ok") != 0) {
			snprintf(line, sizeof line, "integrity: %s", text);
			report(ctx, line);
			bad++;
		}
	}
	if (rc != SQLITE_DONE)
		bad = cr_db_fail(c, err);
	sqlite3_finalize(s);
	return bad;
}

long long cr_db_check_foreign_keys(sqlite3 *c, cr_check_report_fn report, void *ctx,
				   struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_prepare(c, "PRAGMA foreign_key_check", err);
	if (!s)
		return -1;
	long long bad = 0;
	int rc;
	char line[256];
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		snprintf(line, sizeof line, "foreign key: %s row %lld", cr_col_text(s, 0),
			 (long long)sqlite3_column_int64(s, 1));
		report(ctx, line);
		bad++;
	}
	if (rc != SQLITE_DONE)
		bad = cr_db_fail(c, err);
	sqlite3_finalize(s);
	return bad;
}

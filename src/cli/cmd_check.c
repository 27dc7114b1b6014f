/* cmd_check.c — `cityrisk check`: is the database whole? SQLite's integrity check, the foreign
 * keys, and the audit trail's hash chain. Reads only; exit 0 when all hold. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "store/audit.h"

int cr_cmd_check(int argc, char **argv)
{
	struct cr_opts o = { 0 };
	if (cr_opts_parse(argc, argv, &o))
		return 2;
	if (o.help) {
		printf("cityrisk check [--db PATH]\n");
		return 0;
	}
	struct cr_db *db = cr_cli_open_db(&o);
	if (!db)
		return 1;
	sqlite3 *c = cr_db_conn(db);
	struct cr_err err;
	int bad = 0;
	sqlite3_stmt *s = cr_db_prepare(c, "PRAGMA integrity_check", &err);
	while (s && sqlite3_step(s) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(s, 0);
		if (line && strcmp(line, "ok") != 0) {
			printf("integrity: %s\n", line);
			bad = 1;
		}
	}
	sqlite3_finalize(s);
	s = cr_db_prepare(c, "PRAGMA foreign_key_check", &err);
	while (s && sqlite3_step(s) == SQLITE_ROW) {
		printf("foreign key: %s row %lld\n", (const char *)sqlite3_column_text(s, 0),
		       (long long)sqlite3_column_int64(s, 1));
		bad = 1;
	}
	sqlite3_finalize(s);
	long long broken = cr_audit_verify(c, &err);
	if (broken < 0) {
		printf("audit: %s\n", err.message);
		bad = 1;
	} else if (broken > 0) {
		printf("audit: the hash chain breaks at entry %lld\n", broken);
		bad = 1;
	}
	if (!bad)
		printf("database %s is whole: integrity ok, foreign keys ok, audit chain intact\n", o.db);
	cr_db_close(db);
	return bad;
}

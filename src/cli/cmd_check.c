/* cmd_check.c — `cityrisk check`: is the database whole? SQLite's integrity check, the foreign
 * keys, and the audit trail's hash chain. Reads only; exit 0 when all hold. */
#include <stdio.h>

#include "cli/cli.h"
#include "store/audit.h"
#include "store/check.h"

static void print_line(void *ctx, const char *line)
{
	(void)ctx;
	printf("%s\n", line);
}

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
	struct cr_conn *c = cr_db_conn(db);
	struct cr_err err;
	int bad = 0;
	long long problems = cr_db_check_integrity(c, print_line, NULL, &err);
	if (problems < 0)
		printf("integrity: %s\n", err.message);
	bad |= problems != 0;
	problems = cr_db_check_foreign_keys(c, print_line, NULL, &err);
	if (problems < 0)
		printf("foreign key: %s\n", err.message);
	bad |= problems != 0;
	long long broken = cr_audit_verify(c, NULL, &err);
	if (broken < 0) {
		printf("audit: %s\n", err.message);
		bad = 1;
	} else if (broken > 0) {
		printf("audit: the hash chain breaks at entry %lld\n", broken);
		bad = 1;
	}
	if (!bad)
		printf("database %s is whole: integrity ok, foreign keys ok, audit chain intact\n",
		       o.db);
	cr_db_close(db);
	return bad;
}

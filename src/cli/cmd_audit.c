/* cmd_audit.c — `cityrisk audit verify`: recomputes the audit trail's hash chain (痕迹管理) and
 * names the first entry that no longer matches. Exit 0 when the chain is intact, 1 when broken. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/audit.h"
#include "store/db.h"

int cr_cmd_audit(int argc, char **argv)
{
	struct cr_opts o = { 0 };
	if (cr_opts_parse(argc, argv, &o))
		return 2;
	if (o.help || o.npos != 1 || strcmp(o.pos[0], "verify") != 0) {
		printf("cityrisk audit verify [--db PATH]\n");
		return o.help ? 0 : 2;
	}
	if (!cr_db_url_is_pg(o.db) && access(o.db, R_OK) != 0) {
		fprintf(stderr, "cityrisk audit verify: no database at %s\n", o.db);
		return 1;
	}
	struct cr_db *db = cr_cli_open_db(&o);
	if (!db)
		return 1;
	struct cr_err err;
	long long entries = 0;
	long long broken = cr_audit_verify(cr_db_conn(db), &entries, &err);
	cr_db_close(db);
	if (broken < 0) {
		fprintf(stderr, "cityrisk audit verify: %s\n", err.message);
		return 1;
	}
	if (broken) {
		printf("audit chain broken: entry %lld does not match its hash\n", broken);
		return 1;
	}
	printf("audit chain intact (%lld entries)\n", entries);
	return 0;
}

/* cmd_backup.c — `cityrisk backup` and `cityrisk restore`: an online, consistent copy of a
 * city's database while the server runs, and its way back (docs/OPERATIONS.md "Backups"). */
#include <stdio.h>

#include "cli/cli.h"
#include "demo/demo.h"
#include "store/backup.h"
#include "store/db.h"

static void show_backup(long long done, long long total)
{
	cr_progress("backup", done, total);
}

static void show_restore(long long done, long long total)
{
	cr_progress("restore", done, total);
}

int cr_cmd_backup(int argc, char **argv)
{
	struct cr_opts o = { 0 };
	if (cr_opts_parse(argc, argv, &o))
		return 2;
	if (o.help || o.npos != 1) {
		printf("cityrisk backup [--db PATH|postgres://…] FILE   copy the live database "
		       "into "
		       "a new FILE (pg_dump's custom format on PostgreSQL)\n");
		return o.help ? 0 : 2;
	}
	struct cr_err err;
	if (cr_db_url_is_pg(o.db) ? cr_pg_backup(o.db, o.pos[0], &err)
				  : cr_db_backup(o.db, o.pos[0], show_backup, &err)) {
		fprintf(stderr, "cityrisk backup: %s\n", err.message);
		return 1;
	}
	printf("backup of %s written to %s\n", o.db, o.pos[0]);
	return 0;
}

int cr_cmd_restore(int argc, char **argv)
{
	struct cr_opts o = { 0 };
	if (cr_opts_parse(argc, argv, &o))
		return 2;
	if (o.help || o.npos != 1) {
		printf("cityrisk restore [--db PATH|postgres://…] FILE   replace the database with "
		       "a "
		       "checked backup (server stopped; on PostgreSQL into an empty database)\n");
		return o.help ? 0 : 2;
	}
	struct cr_err err;
	if (cr_db_url_is_pg(o.db) ? cr_pg_restore(o.pos[0], o.db, &err)
				  : cr_db_restore(o.pos[0], o.db, show_restore, &err)) {
		fprintf(stderr, "cityrisk restore: %s\n", err.message);
		return 1;
	}
	printf("%s restored from %s; run `cityrisk check --db %s` to confirm\n", o.db, o.pos[0],
	       o.db);
	return 0;
}

/* cmd_init.c — `cityrisk init`: creates or migrates the database and loads reference data. */
#include <stdio.h>

#include "cli/cli.h"

int cr_cmd_init(int argc, char **argv)
{
	struct cr_opts o = { 0 };
	if (cr_opts_parse(argc, argv, &o))
		return 2;
	struct cr_db *db = cr_cli_open_db(&o);
	if (!db)
		return 1;
	printf("database %s is ready\n", o.db);
	cr_db_close(db);
	return 0;
}

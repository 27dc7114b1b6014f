/* cmd_demo.c — `cityrisk demo`: loads the Suzhou demo city into the database. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "demo/demo.h"

int cr_cmd_demo(int argc, char **argv)
{
	struct cr_opts o = { 0 };
	if (cr_opts_parse(argc, argv, &o))
		return 2;
	if (o.help) {
		printf("cityrisk demo [--db PATH] [--scale 1.0] [--seed N]\n");
		return 0;
	}
	struct cr_db *db = cr_cli_open_db(&o);
	if (!db)
		return 1;
	cr_db_checkpoint_in_background(db);
	int rc = cr_demo_load(db, o.scale ? atof(o.scale) : 1.0,
			      o.seed ? strtoul(o.seed, NULL, 10) : 1);
	cr_db_close(db);
	return rc ? 1 : 0;
}

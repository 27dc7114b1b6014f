/* cmd_import.c — `cityrisk import units|targets|resources FILE`: the same all-or-nothing import
 * as the API, run as the system user, printing each invalid row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "demo/demo.h"
#include "service/import.h"
#include "service/resources.h"
#include "service/targets.h"
#include "service/units.h"

/* The rows written so far, as a bar on a terminal (demo/progress.c; silent otherwise). */
static void progress(void *ctx, long long done, long long total)
{
	(void)ctx;
	cr_progress("import", done, total);
}

/* The registers a table imports into, each with its service's import. */
static const struct {
	const char *what;
	json_t *(*import)(struct cr_conn *c, const struct cr_user *u, const void *data, size_t len,
			  const char *coords, const struct cr_import_progress *progress,
			  json_t **rows, struct cr_err *err);
} registers[] = {
	{ "units", cr_unit_import },
	{ "targets", cr_target_import },
	{ "resources", cr_resource_import },
};

int cr_cmd_import(int argc, char **argv)
{
	struct cr_opts o = { 0 };
	if (cr_opts_parse(argc, argv, &o))
		return 2;
	size_t k = 0, nk = sizeof registers / sizeof registers[0];
	while (!o.help && o.npos == 2 && k < nk && strcmp(o.pos[0], registers[k].what) != 0)
		k++;
	if (o.help || o.npos != 2 || k == nk) {
		fprintf(o.help ? stdout : stderr, "cityrisk import units|targets|resources "
						  "FILE.csv|FILE.xlsx [--coords wgs84|gcj02|bd09] "
						  "[--db PATH]\n");
		return o.help ? 0 : 2;
	}
	FILE *f = fopen(o.pos[1], "rb");
	if (!f) {
		fprintf(stderr, "cityrisk: cannot open %s\n", o.pos[1]);
		return 1;
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *data = n > 0 ? malloc((size_t)n) : NULL;
	if (!data || fread(data, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "cityrisk: cannot read %s\n", o.pos[1]);
		fclose(f);
		free(data);
		return 1;
	}
	fclose(f);
	struct cr_db *db = cr_cli_open_db(&o);
	if (!db) {
		free(data);
		return 1;
	}
	/* the import's time is its transaction's, as a user of the API waits for it; copying the
	 * WAL into the file follows on the checkpointer's thread and is timed apart below */
	cr_db_checkpoint_in_background(db);
	struct cr_user sys = { .login = "system", .role = CR_ROLE_CITY };
	struct cr_err err;
	json_t *rows = NULL;
	double t0 = cr_clock_mono_seconds();
	struct cr_import_progress bar = { progress, NULL };
	json_t *out = registers[k].import(cr_db_conn(db), &sys, data, (size_t)n, o.coords, &bar,
					  &rows, &err);
	double s = cr_clock_mono_seconds() - t0;
	int rc = 0;
	if (out) {
		long long m = json_integer_value(json_object_get(out, "imported"));
		printf("imported %lld %s in %.2f s (%.0f rows/s)\n", m, registers[k].what, s,
		       s > 0 ? (double)m / s : 0);
	} else {
		fprintf(stderr, "cityrisk: %s\n", err.message);
		size_t i;
		json_t *r;
		json_array_foreach(rows, i, r)
			fprintf(stderr, "  row %lld, %s: %s\n",
				(long long)json_integer_value(json_object_get(r, "row")),
				json_string_value(json_object_get(r, "field")),
				json_string_value(json_object_get(r, "message")));
		rc = 1;
	}
	json_decref(out);
	json_decref(rows);
	bool checkpointed = !cr_db_is_pg(db); /* PostgreSQL checkpoints by itself */
	double c0 = cr_clock_mono_seconds();
	cr_db_close(db);
	if (!rc && checkpointed)
		printf("written into the database file (checkpoint) in %.2f s more\n",
		       cr_clock_mono_seconds() - c0);
	free(data);
	return rc;
}

/* cmd_report.c — `cityrisk report city|district CODE|industry CODE --format html|pdf --out FILE`:
 * the same risk assessment report as GET /api/v1/reports/…, as the city office, with progress
 * on a terminal. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "demo/demo.h"
#include "service/report.h"

#define USAGE                                                                                      \
	"cityrisk report city|district CODE|industry CODE --format html|pdf --out FILE"            \
	" [--db PATH]\n"

static void progress(void *ctx, int percent, const char *step)
{
	cr_progress("report", percent, 100);
}

int cr_cmd_report(int argc, char **argv)
{
	struct cr_opts o = { 0 };
	if (cr_opts_parse(argc, argv, &o))
		return 2;
	bool city = o.npos == 1 && strcmp(o.pos[0], "city") == 0;
	if (o.help || !o.out || !(city || o.npos == 2)) {
		fprintf(o.help ? stdout : stderr, USAGE);
		return o.help ? 0 : 2;
	}
	struct cr_report_query q = { .kind = o.pos[0],
				     .code = city ? NULL : o.pos[1],
				     .format = o.format ? o.format : "pdf" };
	struct cr_db *db = cr_cli_open_db(&o);
	if (!db)
		return 1;
	struct cr_user sys = { .login = "system", .role = CR_ROLE_CITY };
	struct cr_err err = { 0 };
	double t0 = cr_clock_mono_seconds();
	int rc = 0;
	if (cr_report_write(cr_db_conn(db), &sys, &q, o.out, progress, NULL, &err)) {
		fprintf(stderr, "cityrisk: %s%s%s\n", err.message, *err.field ? " — " : "",
			err.field);
		rc = err.status >= 400 && err.status < 500 ? 2 : 1;
	} else {
		printf("report %s%s%s written to %s in %.2f s\n", q.kind, q.code ? " " : "",
		       q.code ? q.code : "", o.out, cr_clock_mono_seconds() - t0);
	}
	cr_db_close(db);
	return rc;
}

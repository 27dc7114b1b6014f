/* cmd_export.c — `cityrisk export units|risks|hazards|targets … --format xlsx|csv --out FILE`:
 * the same register as the API's ?format=, run as the system user, with progress on a terminal; and
 * `cityrisk export list NAME --format csv|xlsx|geojson|json …`: one of the four lists (四单) as
 * GET /api/v1/lists/NAME writes it; `cityrisk export progress` the progress board. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "demo/demo.h"
#include "service/export.h"
#include "service/lists.h"
#include "service/progress.h"

static void progress(void *ctx, long long rows)
{
	const long long *total = ctx;
	cr_progress("export", rows, *total > rows ? *total : rows);
}

#define LIST_USAGE                                                                                 \
	"cityrisk export list major-risks|major-hazards|hazard-sources|targets"                    \
	" --format csv|xlsx|geojson|json [--region R] [--dept D] --out FILE [--db PATH]\n"

/* `export list NAME`: the whole list, scoped by --region and --dept, as the system user. */
static int export_list(const struct cr_opts *o)
{
	if (o->help || o->npos != 2 || !o->out || !o->format) {
		fprintf(o->help ? stdout : stderr, LIST_USAGE);
		return o->help ? 0 : 2;
	}
	struct cr_err err = { 0 };
	struct cr_list_query q = {
		.name = o->pos[1], .region = o->region, .dept = o->dept, .format = o->format
	};
	struct cr_db *db = cr_cli_open_db(o);
	if (!db)
		return 1;
	struct cr_user sys = { .login = "system", .role = CR_ROLE_CITY };
	int rc = 0;
	if (cr_list_write_file(cr_db_conn(db), &sys, &q, o->out, &err)) {
		fprintf(stderr, "cityrisk: %s%s%s\n", err.message, *err.field ? " — " : "",
			err.field);
		rc = err.status >= 400 && err.status < 500 ? 2 : 1;
	} else {
		printf("exported list %s to %s\n", o->pos[1], o->out);
	}
	cr_db_close(db);
	return rc;
}

#define PROGRESS_USAGE                                                                             \
	"cityrisk export progress [district|town|dept|sector] [--region R] --format xlsx|csv"      \
	" --out FILE [--db PATH]\n"

/* `export progress [BY]`: the progress board (挂图作战) as GET /api/v1/progress?format= writes it. */
static int export_progress(const struct cr_opts *o)
{
	struct cr_err err = { 0 };
	enum cr_export_format fmt;
	if (o->help || o->npos > 2 || !o->out || cr_export_format_parse(o->format, &fmt, &err)) {
		fprintf(o->help ? stdout : stderr, PROGRESS_USAGE);
		return o->help ? 0 : 2;
	}
	struct cr_db *db = cr_cli_open_db(o);
	if (!db)
		return 1;
	struct cr_user sys = { .login = "system", .role = CR_ROLE_CITY };
	char name[128], ascii[128];
	int rc = 0;
	if (cr_progress_export(cr_db_conn(db), &sys, o->npos == 2 ? o->pos[1] : NULL, o->region,
			       fmt, o->out, name, ascii, &err)) {
		fprintf(stderr, "cityrisk: %s%s%s\n", err.message, *err.field ? " — " : "",
			err.field);
		rc = err.status >= 400 && err.status < 500 ? 2 : 1;
	} else {
		printf("exported progress to %s\n", o->out);
	}
	cr_db_close(db);
	return rc;
}

int cr_cmd_export(int argc, char **argv)
{
	struct cr_opts o = { 0 };
	if (cr_opts_parse(argc, argv, &o))
		return 2;
	if (o.npos >= 1 && strcmp(o.pos[0], "list") == 0)
		return export_list(&o);
	if (o.npos >= 1 && strcmp(o.pos[0], "progress") == 0)
		return export_progress(&o);
	struct cr_err err = { 0 };
	struct cr_export_query q = { 0 };
	enum cr_export_format fmt;
	if (o.help || o.npos != 1 || !o.out || cr_export_kind_parse(o.pos[0], &q.kind, &err) ||
	    cr_export_format_parse(o.format, &fmt, &err)) {
		if (err.status)
			fprintf(stderr, "cityrisk: %s\n", err.message);
		fprintf(o.help ? stdout : stderr,
			"cityrisk export units|risks|hazards|targets [--region R] [--dept D] "
			"[--grade G]"
			" --format xlsx|csv --out FILE [--db PATH]\n" LIST_USAGE PROGRESS_USAGE);
		return o.help ? 0 : 2;
	}
	if (q.kind == CR_EXPORT_UNITS) {
		q.units.region = o.region, q.units.dept = o.dept;
		q.units.rating = o.grade; /* a unit's grade is its colour */
	} else if (q.kind == CR_EXPORT_RISKS) {
		q.risks.region = o.region, q.risks.dept = o.dept, q.risks.grade = o.grade;
	} else if (q.kind == CR_EXPORT_TARGETS) {
		q.targets.region = o.region, q.targets.dept = o.dept;
		q.targets.protection_class = o.grade; /* a target's grade is its protection class */
	} else {
		q.hazards.region = o.region, q.hazards.dept = o.dept, q.hazards.grade = o.grade;
	}
	struct cr_db *db = cr_cli_open_db(&o);
	if (!db)
		return 1;
	struct cr_conn *c = cr_db_conn(db);
	struct cr_user sys = { .login = "system", .role = CR_ROLE_CITY };
	double t0 = cr_clock_mono_seconds();
	int rc = 1;
	long long total = 0;
	struct cr_export *x = cr_export_open(c, c, &sys, &q, fmt, &err);
	if (x && !cr_export_count(x, c, &total, &err) &&
	    !cr_export_write_file(x, o.out, progress, &total, &err)) {
		double s = cr_clock_mono_seconds() - t0;
		printf("exported %lld %s to %s in %.2f s\n", total, o.pos[0], o.out, s);
		rc = 0;
	} else {
		fprintf(stderr, "cityrisk: %s%s%s\n", err.message, *err.field ? " — " : "",
			err.field);
	}
	cr_export_close(x);
	cr_db_close(db);
	return rc;
}

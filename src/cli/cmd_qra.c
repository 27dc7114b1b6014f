/* cmd_qra.c — `cityrisk qra run FILE.json`: the QRA of the HTTP API offline. A body with
 * "scenarios" is a risk run (POST /api/v1/qra/risk), one with "scenario" a grading from physics
 * (POST /api/v1/qra/grade, with the default accident classes), one with "model" a consequence
 * run; the answer goes to stdout. Opens no database, so "targets": true is not taken.
 * `cityrisk qra installation ID [--db PATH] [--cell M]`: a major hazard source's stored scenarios
 * and their risk (GET /api/v1/installations/ID/qra-risk) as the system user, from the database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "core/grow.h"
#include "core/jsonx.h"
#include "domain/methods.h"
#include "domain/user.h"
#include "service/qra.h"
#include "service/qra_scenarios.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;
	if (!f)
		return NULL;
	for (;;) {
		if (CR_GROW(buf, cap, n + 65536)) {
			free(buf);
			fclose(f);
			return NULL;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	*len = n;
	return buf;
}

static int usage(FILE *f)
{
	fprintf(f, "usage: cityrisk qra run FILE.json [--threads N] [--grid OUT.bin]\n"
		   "       cityrisk qra installation ID [--db PATH] [--cell M]\n"
		   "  FILE.json: a POST /api/v1/qra/risk or /qra/consequence body (docs/API.md);\n"
		   "  --grid writes the individual-risk grid as ny×nx little-endian doubles;\n"
		   "  installation: the risk of a major hazard source's stored scenarios.\n");
	return 2;
}

/* `qra installation ID`: GET /installations/ID/qra-risk as the system user (the whole city). */
static int installation_risk(int argc, char **argv)
{
	const char *cell = NULL;
	struct cr_opts o = { 0 };
	char *args[16];
	int n = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--cell") && i + 1 < argc)
			cell = argv[++i];
		else if (n < 16)
			args[n++] = argv[i];
		else
			return usage(stderr);
	}
	if (cr_opts_parse(n, args, &o) || o.npos != 1)
		return usage(stderr);
	char *end;
	long long id = strtoll(o.pos[0], &end, 10);
	if (*end || id < 1)
		return usage(stderr);
	struct cr_db *db = cr_cli_open_db(&o);
	if (!db)
		return 1;
	struct cr_user sys = { .login = "system", .role = CR_ROLE_CITY };
	struct cr_err err = { 0 };
	json_t *out = cr_qra_installation_risk(cr_db_conn(db), &sys, id, cell, &err);
	int rc = 0;
	if (out) {
		char *dump = cr_json_dump(out);
		if (dump)
			printf("%s\n", dump);
		free(dump);
	} else {
		fprintf(stderr, "cityrisk qra: %s%s%s\n", err.field, err.field[0] ? ": " : "",
			err.message);
		rc = err.status >= 400 && err.status < 500 ? 2 : 1;
	}
	json_decref(out);
	cr_db_close(db);
	return rc;
}

int cr_cmd_qra(int argc, char **argv)
{
	const char *file = NULL, *grid_out = NULL;
	int threads = 0, rc = 1;
	if (argc >= 1 && !strcmp(argv[0], "installation"))
		return installation_risk(argc, argv);
	if (argc < 1 || strcmp(argv[0], "run") != 0)
		return usage(argc >= 1 && !strcmp(argv[0], "--help") ? stdout : stderr);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--threads") && i + 1 < argc) {
			char *end;
			long t = strtol(argv[++i], &end, 10);
			if (*end || t < 1 || t > 64)
				return usage(stderr);
			threads = (int)t;
		} else if (!strcmp(argv[i], "--grid") && i + 1 < argc) {
			grid_out = argv[++i];
		} else if (!file && argv[i][0] != '-') {
			file = argv[i];
		} else {
			return usage(stderr);
		}
	}
	if (!file)
		return usage(stderr);
	size_t len = 0;
	char *text = slurp(file, &len);
	if (!text) {
		fprintf(stderr, "cityrisk qra: cannot read %s\n", file);
		return 1;
	}
	struct cr_err err = { 0 };
	struct cr_qra_grid g = { 0 };
	json_t *out = NULL, *body = cr_json_parse_object(text, len, &err);
	double t0 = cr_clock_mono_seconds();
	struct cr_methods_config cfg;
	cr_methods_config_default(&cfg);
	if (body && json_object_get(body, "scenarios"))
		out = cr_qra_risk_json(body, threads, &g, &err);
	else if (body && json_object_get(body, "scenario"))
		out = cr_qra_grade_json(body, &cfg, &err);
	else if (body)
		out = cr_qra_consequence_json(body, &err);
	double took = cr_clock_mono_seconds() - t0;
	if (!out) {
		fprintf(stderr, "cityrisk qra: %s%s%s\n", err.field, err.field[0] ? ": " : "",
			err.message);
		goto out;
	}
	char *dump = cr_json_dump(out);
	if (dump)
		printf("%s\n", dump);
	free(dump);
	fprintf(stderr, "qra: %.3f s", took);
	if (g.ir)
		fprintf(stderr, ", grid %d × %d cells", g.nx, g.ny);
	fprintf(stderr, "\n");
	if (grid_out && g.ir) {
		FILE *f = fopen(grid_out, "wb");
		size_t cells = (size_t)g.nx * g.ny;
		if (!f || fwrite(g.ir, sizeof(double), cells, f) != cells) {
			fprintf(stderr, "cityrisk qra: cannot write %s\n", grid_out);
			if (f)
				fclose(f);
			goto out;
		}
		fclose(f);
	}
	rc = 0;
out:
	json_decref(body);
	json_decref(out);
	free(g.ir);
	free(text);
	return rc;
}

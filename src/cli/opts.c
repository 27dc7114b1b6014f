/* opts.c — option parsing shared by the subcommands and the database opener. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "service/capability.h"
#include "service/config.h"
#include "store/refdata.h"

int cr_opts_parse(int argc, char **argv, struct cr_opts *o)
{
	static const struct {
		const char *name;
		size_t off;
	} valued[] = {
		{ "--db", offsetof(struct cr_opts, db) },
		{ "--data", offsetof(struct cr_opts, data) },
		{ "--listen", offsetof(struct cr_opts, listen) },
		{ "--web", offsetof(struct cr_opts, web) },
		{ "--vendor", offsetof(struct cr_opts, vendor) },
		{ "--role", offsetof(struct cr_opts, role) },
		{ "--region", offsetof(struct cr_opts, region) },
		{ "--dept", offsetof(struct cr_opts, dept) },
		{ "--unit", offsetof(struct cr_opts, unit) },
		{ "--scale", offsetof(struct cr_opts, scale) },
		{ "--seed", offsetof(struct cr_opts, seed) },
		{ "--threads", offsetof(struct cr_opts, threads) },
		{ "--config", offsetof(struct cr_opts, config) },
		{ "--max-conn-per-addr", offsetof(struct cr_opts, max_conn_per_addr) },
		{ "--max-connections", offsetof(struct cr_opts, max_connections) },
		{ "--trusted-proxy", offsetof(struct cr_opts, trusted_proxy) },
		{ "--public-url", offsetof(struct cr_opts, public_url) },
		{ "--cache-mb", offsetof(struct cr_opts, cache_mb) },
		{ "--db-read", offsetof(struct cr_opts, db_read) },
		{ "--db-read-max-lag", offsetof(struct cr_opts, db_read_max_lag) },
		{ "--coords", offsetof(struct cr_opts, coords) },
		{ "--grade", offsetof(struct cr_opts, grade) },
		{ "--format", offsetof(struct cr_opts, format) },
		{ "--out", offsetof(struct cr_opts, out) },
		{ "--from", offsetof(struct cr_opts, from) },
		{ "--to", offsetof(struct cr_opts, to) },
	};
	if (!o->db)
		o->db = getenv("CITYRISK_DB") ? getenv("CITYRISK_DB") : "cityrisk.db";
	if (!o->data)
		o->data = getenv("CITYRISK_DATA") ? getenv("CITYRISK_DATA") : "data";
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		bool done = false;
		for (size_t k = 0; k < sizeof valued / sizeof valued[0] && !done; k++) {
			if (strcmp(a, valued[k].name) != 0)
				continue;
			if (i + 1 >= argc) {
				fprintf(stderr, "cityrisk: %s needs a value\n", a);
				return -1;
			}
			*(const char **)((char *)o + valued[k].off) = argv[++i];
			done = true;
		}
		if (done)
			continue;
		if (strcmp(a, "--demo") == 0)
			o->demo = true;
		else if (strcmp(a, "--password-stdin") == 0)
			o->password_stdin = true;
		else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			o->help = true;
		else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "cityrisk: unknown option %s\n", a);
			return -1;
		} else if (o->npos < 4)
			o->pos[o->npos++] = a;
		else {
			fprintf(stderr, "cityrisk: too many arguments\n");
			return -1;
		}
	}
	return 0;
}

struct cr_db *cr_cli_open_db(const struct cr_opts *o)
{
	struct cr_err err;
	/* Grading thresholds and rules from an operator's file (docs/METHODS.md "Configuration"),
	 * before anything grades. CITYRISK_CONFIG names it when the option does not. */
	const char *config = o->config ? o->config : getenv("CITYRISK_CONFIG");
	if (config && cr_config_load(config, &err)) {
		fprintf(stderr, "cityrisk: configuration %s: %s%s%s\n", config, err.message,
			*err.field ? " — at " : "", err.field);
		return NULL;
	}
	struct cr_db *db = cr_db_open(o->db, &err);
	if (!db) {
		fprintf(stderr, "cityrisk: %s\n", err.message);
		return NULL;
	}
	struct cr_conn *c = cr_db_conn(db);
	if (!c || cr_refdata_ensure(c, o->data, &err)) {
		fprintf(stderr, "cityrisk: reference data: %s\n",
			c ? err.message : "no connection");
		cr_db_close(db);
		return NULL;
	}
	/* the capability checklist is configuration: read once, like the reference data */
	if (cr_capability_load(o->data, &err)) {
		fprintf(stderr, "cityrisk: %s\n", err.message);
		cr_db_close(db);
		return NULL;
	}
	return db;
}

/* cli.h — the subcommands of `cityrisk` and the option parsing they share. */
#ifndef CR_CLI_H
#define CR_CLI_H

#include <stdbool.h>

#include "store/db.h"

int cr_cmd_serve(int argc, char **argv);
int cr_cmd_init(int argc, char **argv);
int cr_cmd_demo(int argc, char **argv);
int cr_cmd_user(int argc, char **argv);
int cr_cmd_import(int argc, char **argv);
int cr_cmd_check(int argc, char **argv);
int cr_cmd_export(int argc, char **argv);
int cr_cmd_qra(int argc, char **argv);
int cr_cmd_backup(int argc, char **argv);
int cr_cmd_restore(int argc, char **argv);
int cr_cmd_audit(int argc, char **argv);
int cr_cmd_report(int argc, char **argv);
int cr_cmd_migrate(int argc, char **argv);

/* Options common to the subcommands. */
struct cr_opts {
	const char *db;
	const char *data;
	const char *listen;
	const char *web;
	const char *vendor;
	const char *role, *region, *dept, *unit, *scale, *seed, *threads, *config;
	const char *max_conn_per_addr, *max_connections, *trusted_proxy, *public_url, *cache_mb,
		*db_read, *db_read_max_lag; /* serve */
	const char *coords;                 /* import: wgs84 | gcj02 | bd09 */
	const char *grade, *format, *out;   /* export */
	const char *from, *to;              /* migrate */
	bool demo, password_stdin, help;
	const char *pos[4]; /* positional arguments */
	int npos;
};

/* Parses argv (after the subcommand); prints the problem and returns -1 on a bad option. */
int cr_opts_parse(int argc, char **argv, struct cr_opts *o);

/* Opens the database and makes sure the reference data is loaded. Prints errors. */
struct cr_db *cr_cli_open_db(const struct cr_opts *o);

#endif

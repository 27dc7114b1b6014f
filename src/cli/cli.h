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

/* Options common to the subcommands. */
struct cr_opts {
	const char *db;
	const char *data;
	const char *listen;
	const char *web;
	const char *vendor;
	const char *role, *region, *dept, *unit, *scale, *seed, *threads, *config;
	const char *max_conn_per_addr, *trusted_proxy, *public_url; /* serve */
	bool demo, password_stdin, help;
	const char *pos[4]; /* positional arguments */
	int npos;
};

/* Parses argv (after the subcommand); prints the problem and returns -1 on a bad option. */
int cr_opts_parse(int argc, char **argv, struct cr_opts *o);

/* Opens the database and makes sure the reference data is loaded. Prints errors. */
struct cr_db *cr_cli_open_db(const struct cr_opts *o);

/* Loads the demo city into an open database (used by `demo` and `serve --demo`). */
int cr_demo_load(struct cr_db *db, double scale, unsigned long seed);

/* Risk points for every active unit, from the industry catalogue (demo_risks.c). */
int cr_demo_risks(sqlite3 *c, unsigned long long seed, struct cr_err *err);
/* Hidden hazards in every state, some overdue, majors on risk points (demo_hazards.c). */
int cr_demo_hazards(sqlite3 *c, double scale, unsigned long long seed, struct cr_err *err);

/* A progress bar on stderr when it is a terminal; silent otherwise. */
void cr_progress(const char *what, long long done, long long total);

#endif

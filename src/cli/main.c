/* main.c — `cityrisk`: dispatches git-style subcommands. Each lives in its own file. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "service/auth.h"

static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *usage;
} commands[] = {
	{ "serve", cr_cmd_serve,
	  "serve [--db PATH] [--listen 127.0.0.1:8080] [--demo]   HTTP API + web UI" },
	{ "init", cr_cmd_init,
	  "init [--db PATH]                                       create or migrate the database, "
	  "load reference data" },
	{ "demo", cr_cmd_demo,
	  "demo [--db PATH] [--scale 1.0] [--seed N]              load the Suzhou demo city" },
	{ "user", cr_cmd_user,
	  "user add LOGIN --role ROLE [--region CODE] [--dept CODE] [--unit ID] --password-stdin | "
	  "user passwd LOGIN --password-stdin | user list" },
	{ "import", cr_cmd_import,
	  "import units FILE.csv|FILE.xlsx [--db PATH]            bulk import, all rows or none" },
	{ "export", cr_cmd_export,
	  "export units|risks|hazards [--region R] [--dept D] [--grade G] --format xlsx|csv --out "
	  "FILE   a register as a file" },
	{ "export", cr_cmd_export,
	  "export list major-risks|major-hazards|hazard-sources|targets --format "
	  "csv|xlsx|geojson|json [--region R] [--dept D] --out FILE   one of the four lists "
	  "(四单)" },
	{ "report", cr_cmd_report,
	  "report city|district CODE|industry CODE --format html|pdf --out FILE [--db PATH]   a "
	  "risk "
	  "assessment report" },
	{ "check", cr_cmd_check,
	  "check [--db PATH]                                      integrity, foreign keys and the "
	  "audit chain" },
	{ "backup", cr_cmd_backup,
	  "backup [--db PATH] FILE                                online, consistent copy of the "
	  "database" },
	{ "restore", cr_cmd_restore,
	  "restore [--db PATH] FILE                               replace the database with a "
	  "checked backup (server stopped)" },
	{ "migrate", cr_cmd_migrate,
	  "migrate --from PATH --to postgres://USER@HOST:PORT/DB   copy a city into an empty "
	  "PostgreSQL database, with counts and checksums" },
	{ "audit", cr_cmd_audit,
	  "audit verify [--db PATH]                               the audit trail's hash chain: "
	  "exit 0 when intact" },
	{ "qra", cr_cmd_qra,
	  "qra run FILE.json [--threads N] [--grid OUT.bin]         quantitative risk assessment "
	  "offline (no database)\n"
	  "  cityrisk qra installation ID [--db PATH] [--cell M]   a major hazard source's stored "
	  "scenarios and their risk" },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: cityrisk COMMAND [options]\n\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  cityrisk %s\n", commands[i].usage);
	fprintf(f,
		"\nCommon options: --db PATH (default cityrisk.db), --data DIR (default data)\n");
}

int main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (cr_auth_init() != 0) {
		fprintf(stderr, "cityrisk: cannot initialise libsodium\n");
		return 1;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 2, argv + 2);
	fprintf(stderr, "cityrisk: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return 2;
}

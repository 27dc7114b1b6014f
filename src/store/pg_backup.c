/* pg_backup.c — backups of a PostgreSQL database with PostgreSQL's own tools: pg_dump's custom
 * format (one consistent snapshot, taken while the servers keep writing) and pg_restore into an
 * empty database, which is then checked like a restored SQLite file (audit chain, schema) and
 * emptied again when it fails the check. */
#include "store/backup.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/audit.h"
#include "store/db.h"
#include "store/pg_schema.h"

/* Runs argv[0] (found on PATH) and waits: 0 when it exits 0. */
static int run_tool(char *const argv[], struct cr_err *err)
{
	pid_t pid = fork();
	if (pid < 0)
		return cr_err_set(err, 500, "db", "", "cannot start %s: %s", argv[0],
				  strerror(errno));
	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return cr_err_set(err, 500, "db", "", "%s: %s", argv[0], strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return cr_err_set(err, 500, "db", "", "%s failed (exit %d)%s", argv[0],
				  WIFEXITED(status) ? WEXITSTATUS(status) : -1,
				  WIFEXITED(status) && WEXITSTATUS(status) == 127
					  ? ": not installed (PostgreSQL's client tools)"
					  : "");
	return 0;
}

int cr_pg_backup(const char *url, const char *file, struct cr_err *err)
{
	struct stat st;
	if (stat(file, &st) == 0)
		return cr_err_set(err, 400, "invalid", "file",
				  "%s exists; a backup never overwrites a file", file);
	char *argv[] = { "pg_dump",    "--format=custom", "--no-owner", "--file",
			 (char *)file, "--dbname",        (char *)url,  NULL };
	if (run_tool(argv, err)) {
		unlink(file);
		return -1;
	}
	return 0;
}

static int count_tables(struct cr_conn *c, long long *n, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_prepare(c,
					  "SELECT count(*) FROM information_schema.tables"
					  " WHERE table_schema='public' AND NOT EXISTS (SELECT 1"
					  " FROM pg_depend d WHERE d.deptype='e' AND"
					  " d.objid=to_regclass(quote_ident(table_name)))",
					  err);
	if (!s)
		return -1;
	int rc = cr_stmt_step(s);
	*n = rc == CR_SQL_ROW ? cr_stmt_column_int64(s, 0) : 0;
	cr_stmt_finalize(s);
	return rc == CR_SQL_ROW ? 0 : cr_db_fail(c, err);
}

/* What pg_restore wrote must be a whole CityRisk database with an intact audit chain. */
static int check_restored(struct cr_conn *c, struct cr_err *err)
{
	int version = cr_pg_schema_version(c, err);
	if (version < 0)
		return -1;
	if (version == 0)
		return cr_err_set(err, 400, "invalid", "file", "not a CityRisk database");
	if (cr_backup_check(c, version, err))
		return -1;
	return cr_pg_schema_migrate(c, err);
}

int cr_pg_restore(const char *file, const char *url, struct cr_err *err)
{
	struct stat st;
	if (stat(file, &st) != 0)
		return cr_err_set(err, 400, "invalid", "file", "no backup at %s", file);
	/* An empty database is opened without migrating it: the backup brings its own schema. */
	struct cr_conn *c = cr_db_connect(url, err);
	if (!c)
		return -1;
	int rc = -1;
	long long tables;
	if (count_tables(c, &tables, err))
		goto out;
	if (tables) {
		cr_err_set(err, 400, "invalid", "db",
			   "%s is not empty; restore into a new, empty database", url);
		goto out;
	}
	char *argv[] = { "pg_restore", "--no-owner", "--exit-on-error", "--single-transaction",
			 "--dbname",   (char *)url,  (char *)file,      NULL };
	if (run_tool(argv, err) || check_restored(c, err)) {
		/* nothing of a refused backup stays behind */
		cr_db_exec(c, "DROP SCHEMA public CASCADE; CREATE SCHEMA public", NULL);
		goto out;
	}
	rc = 0;
out:
	cr_db_reader_close(c);
	return rc;
}

/* backup.c — copies between database files with sqlite3_backup_step, a batch of pages at a
 * time, so a copy of a live city neither blocks its writers for long nor misses their work: a
 * write between two steps restarts the copy from the writer's connection (SQLite docs, "Online
 * Backup API"). */
#include <sys/stat.h>
#include <unistd.h>

#include "store/audit.h"
#include "store/backup.h"
#include "store/check.h"
#include "store/db.h"
#include "store/schema.h"
#include "store/sql_impl.h"

/* Pages per step: 4 MiB with the default page size; small enough to let a writer in between. */
enum { STEP_PAGES = 1024 };

static sqlite3 *open_file(const char *path, int flags, struct cr_err *err)
{
	sqlite3 *c = NULL;
	if (sqlite3_open_v2(path, &c, flags, NULL) != SQLITE_OK) {
		cr_err_set(err, 400, "invalid", "file", "cannot open %s: %s", path,
			   c ? sqlite3_errmsg(c) : "out of memory");
		sqlite3_close(c);
		return NULL;
	}
	sqlite3_busy_timeout(c, 10000);
	return c;
}

static int copy(sqlite3 *from, sqlite3 *to, cr_backup_progress_fn progress, struct cr_err *err)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	if (!b)
		return cr_err_set(err, 500, "db", "", "backup: %s", sqlite3_errmsg(to));
	int rc;
	do {
		rc = sqlite3_backup_step(b, STEP_PAGES);
		if (progress)
			progress(sqlite3_backup_pagecount(b) - sqlite3_backup_remaining(b),
				 sqlite3_backup_pagecount(b));
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return cr_err_set(err, 500, "db", "", "backup: %s", sqlite3_errstr(rc));
	return 0;
}

int cr_db_backup(const char *src, const char *dst, cr_backup_progress_fn progress,
		 struct cr_err *err)
{
	struct stat st;
	if (stat(src, &st) != 0)
		return cr_err_set(err, 400, "invalid", "db", "no database at %s", src);
	if (stat(dst, &st) == 0)
		return cr_err_set(err, 400, "invalid", "file",
				  "%s exists; a backup never overwrites a file", dst);
	int rc = -1;
	sqlite3 *from = open_file(src, SQLITE_OPEN_READONLY, err);
	sqlite3 *to = from ? open_file(dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, err) : NULL;
	if (!to)
		goto out;
	if (copy(from, to, progress, err))
		goto out;
	/* The copy keeps the source's WAL mode; a backup file is read as one file. */
	if (sqlite3_exec(to, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK)
		rc = cr_err_set(err, 500, "db", "", "backup: %s", sqlite3_errmsg(to));
	else
		rc = 0;
out:
	sqlite3_close(to);
	sqlite3_close(from);
	if (rc && to)
		unlink(dst);
	return rc;
}

static void ignore_line(void *ctx, const char *line)
{
	(void)ctx;
	(void)line;
}

/* Is src a whole CityRisk database this program can take? */
static int check_source(struct cr_conn *c, struct cr_err *err)
{
	struct cr_stmt *s =
		cr_db_prepare(c, "SELECT count(*) FROM sqlite_schema WHERE name='audit'", err);
	if (!s)
		return -1;
	int has_audit = cr_stmt_step(s) == CR_SQL_ROW && cr_stmt_column_int(s, 0) == 1;
	cr_stmt_finalize(s);
	if (!has_audit)
		return cr_err_set(err, 400, "invalid", "file", "not a CityRisk database");
	int version = cr_schema_version(c, err);
	if (version < 0)
		return -1;
	long long problems = cr_db_check_integrity(c, ignore_line, NULL, err);
	if (problems < 0)
		return -1;
	if (problems)
		return cr_err_set(err, 400, "invalid", "file",
				  "the backup is damaged: %lld integrity problems", problems);
	return cr_backup_check(c, version, err);
}

int cr_backup_check(struct cr_conn *c, int version, struct cr_err *err)
{
	if (version > cr_schema_latest())
		return cr_err_set(err, 400, "invalid", "file",
				  "the backup's schema %d is newer than this program's (%d)",
				  version, cr_schema_latest());
	long long broken = cr_audit_verify(c, NULL, err);
	if (broken < 0)
		return -1;
	if (broken)
		return cr_err_set(err, 400, "invalid", "file",
				  "the backup's audit chain breaks at entry %lld", broken);
	return 0;
}

int cr_db_restore(const char *src, const char *dst, cr_backup_progress_fn progress,
		  struct cr_err *err)
{
	int rc = -1;
	sqlite3 *f = open_file(src, SQLITE_OPEN_READONLY, err);
	struct cr_conn *from = f ? cr_db_adopt_lite(f) : NULL;
	struct cr_conn *to = NULL;
	if (!from || check_source(from, err))
		goto out;
	sqlite3 *t = open_file(dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, err);
	if (!t || !(to = cr_db_adopt_lite(t)) || copy(from->lite, to->lite, progress, err))
		goto out;
	/* An older backup is brought to this program's schema; a newer one fails here. */
	if (cr_db_exec(to, "PRAGMA journal_mode=WAL", err) || cr_schema_migrate(to, err))
		goto out;
	rc = 0;
out:
	cr_db_reader_close(to);
	cr_db_reader_close(from);
	return rc;
}

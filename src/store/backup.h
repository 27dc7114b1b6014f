/* backup.h — online, consistent copies of the database (SQLite's backup API; pg_dump on
 * PostgreSQL), and the checks a backup must pass before it may replace a city's database. */
#ifndef CR_STORE_BACKUP_H
#define CR_STORE_BACKUP_H

#include "core/err.h"
#include "store/sql.h"

/* Told the pages copied so far and the total, after every step of a copy. */
typedef void (*cr_backup_progress_fn)(long long done, long long total);

/* Copies the database at src (live: other connections may read and write meanwhile; the copy is
 * the state of one moment) into a new file dst, which must not exist. 0, or -1 with err. */
int cr_db_backup(const char *src, const char *dst, cr_backup_progress_fn progress,
		 struct cr_err *err);

/* Replaces the database at dst with the backup file src after checking that src is a whole
 * CityRisk database: SQLite's integrity check, an intact audit chain and a schema no newer than
 * this program's. The restored file is then migrated to the current schema. Run it with the
 * server stopped: a running server's in-memory indexes would not see the change. */
int cr_db_restore(const char *src, const char *dst, cr_backup_progress_fn progress,
		  struct cr_err *err);

/* The checks a restored backup at schema version passes on either database: a schema no newer
 * than this program's (the two schema lists share their numbers) and an intact audit chain. 0,
 * or -1 with err (400 naming the file). */
int cr_backup_check(struct cr_conn *c, int version, struct cr_err *err);

/* PostgreSQL (pg_backup.c): pg_dump of the database at url into a new file (custom format),
 * and pg_restore of such a file into the empty database at url, checked as above; a backup that
 * fails the check leaves the database empty again. 0, or -1 with err. */
int cr_pg_backup(const char *url, const char *file, struct cr_err *err);
int cr_pg_restore(const char *file, const char *url, struct cr_err *err);

#endif

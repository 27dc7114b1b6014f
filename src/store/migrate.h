/* migrate.h — a city moved from its SQLite file into an empty PostgreSQL database (`cityrisk
 * migrate`, docs/OPERATIONS.md "Moving a city to PostgreSQL"): every table with its ids, in one
 * transaction, counted and checksummed on both sides, its audit chain verified on the copy. */
#ifndef CR_MIGRATE_H
#define CR_MIGRATE_H

#include <stddef.h>

#include "core/err.h"

/* One table as both databases hold it after the copy. */
struct cr_migrate_table {
	char name[64];
	long long rows_from, rows_to;  /* rows in the SQLite file, rows in PostgreSQL */
	char sum_from[65], sum_to[65]; /* checksums (store/row_text.h), lower-case hex */
};

struct cr_migrate_report {
	struct cr_migrate_table *tables; /* by name; malloc'd, freed by cr_migrate_report_free */
	size_t ntables;
	long long rows;              /* rows copied, all tables together */
	double copy_s, sum_s, all_s; /* seconds: the COPY, the checksums, everything */
};

/* Told the rows done so far and the total, step "copy" then "checksums". */
typedef void (*cr_migrate_progress_fn)(const char *step, long long done, long long total);

/* Copies the SQLite database at from (read only: a consistent snapshot of it, other connections
 * may go on writing) into the PostgreSQL database at to (a postgres:// URL), which must be empty:
 * its schema is made by this program's PostgreSQL migrations. Refused (400) when from is missing
 * or not a CityRisk database, when its schema is older or newer than this program's (`cityrisk
 * init --db FROM` brings an older one up to date), and when to holds any row. Every table's rows
 * are copied with the same ids, every identity sequence set past the largest id, each table's
 * rows counted and checksummed on both sides and the audit chain verified on the copy, all in
 * one transaction of the target: any difference or a broken chain rolls it back, leaving the
 * target empty. rep is filled as far as the tables were checked (free it also on failure).
 * 0, or -1 with err. */
int cr_migrate_copy(const char *from, const char *to, cr_migrate_progress_fn progress,
		    struct cr_migrate_report *rep, struct cr_err *err);
void cr_migrate_report_free(struct cr_migrate_report *rep);

#endif

/* check.h — is the database file whole? SQLite's integrity check and foreign-key check, each
 * problem reported as one line of text. The audit chain is checked by store/audit.h. */
#ifndef CR_STORE_CHECK_H
#define CR_STORE_CHECK_H

#include "store/sql.h"

#include "core/err.h"

/* Called once per problem with a line of text (borrowed for the call). */
typedef void (*cr_check_report_fn)(void *ctx, const char *line);

/* PRAGMA integrity_check: each problem ("integrity: …") to report. The number of problems, or
 * -1 with err when the check could not run. */
long long cr_db_check_integrity(struct cr_conn *c, cr_check_report_fn report, void *ctx,
				struct cr_err *err);
/* PRAGMA foreign_key_check: each dangling row ("foreign key: <table> row <rowid>") to report.
 * The number of problems, or -1 with err. */
long long cr_db_check_foreign_keys(struct cr_conn *c, cr_check_report_fn report, void *ctx,
				   struct cr_err *err);

#endif

/* hazard_links.c — ids of the risk points and units that hazards point at. It must not write or
 * decide anything: callers recount and re-rate through the service rules. */
#include "store/hazard_links.h"

#include <stdlib.h>

#include "store/db.h"

/* The one-column id answer of s (a cached statement) into a malloc'd array. */
static int ids_of(sqlite3 *c, sqlite3_stmt *s, long long **ids, size_t *n, struct cr_err *err)
{
	size_t cap = 256, k = 0;
	long long *out = malloc(cap * sizeof *out);
	int rc = out ? SQLITE_ROW : SQLITE_NOMEM;
	while (rc == SQLITE_ROW && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (k == cap) {
			long long *g = realloc(out, 2 * cap * sizeof *out);
			if (!g) {
				rc = SQLITE_NOMEM;
				break;
			}
			out = g;
			cap *= 2;
		}
		out[k++] = sqlite3_column_int64(s, 0);
	}
	int fail = 0;
	if (rc == SQLITE_NOMEM)
		fail = cr_err_set(err, 500, "oom", "", "out of memory");
	else if (rc != SQLITE_DONE)
		fail = cr_db_fail(c, err);
	sqlite3_reset(s);
	if (fail) {
		free(out);
		out = NULL;
		k = 0;
	}
	*ids = out;
	*n = k;
	return fail;
}

int cr_store_risks_with_open_major(sqlite3 *c, long long **ids, size_t *n, struct cr_err *err)
{
	return ids_of(c,
		      cr_db_stmt(c, "SELECT risk_id FROM hazards WHERE risk_id IS NOT NULL AND"
				    " grade='major' AND state<>'closed' GROUP BY risk_id"),
		      ids, n, err);
}

int cr_store_units_with_hazards(sqlite3 *c, long long **ids, size_t *n, struct cr_err *err)
{
	return ids_of(c,
		      cr_db_stmt(c, "SELECT DISTINCT unit_id FROM hazards WHERE"
				    " unit_id IS NOT NULL"),
		      ids, n, err);
}

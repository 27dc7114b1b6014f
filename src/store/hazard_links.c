/* hazard_links.c — ids of the risk points and units that hazards point at. It must not write or
 * decide anything: callers recount and re-rate through the service rules. */
#include "store/hazard_links.h"

#include <stdlib.h>

#include "core/grow.h"
#include "store/db.h"

/* The one-column id answer of s (a cached statement) into a malloc'd array. */
static int ids_of(struct cr_conn *c, struct cr_stmt *s, long long **ids, size_t *n,
		  struct cr_err *err)
{
	size_t cap = 256, k = 0;
	long long *out = malloc(cap * sizeof *out);
	int rc = out ? CR_SQL_ROW : CR_SQL_NOMEM;
	while (rc == CR_SQL_ROW && (rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		if (CR_GROW(out, cap, k + 1)) {
			rc = CR_SQL_NOMEM;
			break;
		}
		out[k++] = cr_stmt_column_int64(s, 0);
	}
	int fail = 0;
	if (rc == CR_SQL_NOMEM)
		fail = cr_err_set(err, 500, "oom", "", "out of memory");
	else if (rc != CR_SQL_DONE)
		fail = cr_db_fail(c, err);
	cr_stmt_reset(s);
	if (fail) {
		free(out);
		out = NULL;
		k = 0;
	}
	*ids = out;
	*n = k;
	return fail;
}

int cr_store_risks_with_open_major(struct cr_conn *c, long long **ids, size_t *n,
				   struct cr_err *err)
{
	return ids_of(c,
		      cr_db_stmt(c, "SELECT risk_id FROM hazards WHERE risk_id IS NOT NULL AND"
				    " grade='major' AND state<>'closed' GROUP BY risk_id"),
		      ids, n, err);
}

int cr_store_units_with_hazards(struct cr_conn *c, long long **ids, size_t *n, struct cr_err *err)
{
	return ids_of(c,
		      cr_db_stmt(c, "SELECT DISTINCT unit_id FROM hazards WHERE"
				    " unit_id IS NOT NULL"),
		      ids, n, err);
}

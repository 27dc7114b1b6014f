/* hazard_counts.c — the hazard figures a unit's four-colour rating needs: open 重大隐患 and
 * overdue 一般隐患. Reads only; the hazard workflow lives in the hazard modules. */
#include "store/hazard_counts.h"

#include <time.h>

#include "domain/hazard_flow.h"
#include "store/db.h"

int cr_unit_hazard_counts(sqlite3 *c, long long unit_id, int *open_major, int *overdue_general,
			  struct cr_err *err)
{
	/* Overdue: past the deadline and not yet rectified (the unit's part is late); a hazard
	 * awaiting verification is the regulator's to finish. Same rule and calendar (China
	 * Standard Time) as cr_hazard_due in domain/hazard_flow.c. */
	char today[11];
	cr_hazard_today(time(NULL), today);
	sqlite3_stmt *s = cr_db_stmt(c, "SELECT"
					" sum(grade='major' AND state<>'closed'),"
					" sum(grade='general' AND state IN ('found','registered','assessed',"
					"'rectifying') AND deadline IS NOT NULL"
					" AND deadline < ?2)"
					" FROM hazards WHERE unit_id=?1");
	sqlite3_bind_int64(s, 1, unit_id);
	sqlite3_bind_text(s, 2, today, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*open_major = sqlite3_column_int(s, 0);
		*overdue_general = sqlite3_column_int(s, 1);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : cr_db_fail(c, err);
}

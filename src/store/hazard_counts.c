/* hazard_counts.c — the hazard figures a unit's four-colour rating needs: open 重大隐患 and
 * overdue 一般隐患. Reads only; the clock's rule is the caller's (domain/hazard_clock.h). */
#include "store/hazard_counts.h"

#include "store/db.h"

int cr_unit_hazard_counts(sqlite3 *c, long long unit_id, const struct cr_hazard_clock_window *clock,
			  int *open_major, int *overdue_general, struct cr_err *err)
{
	/* Overdue: the clock runs (the unit's part is late) and the deadline is past. */
	sqlite3_stmt *s =
		cr_db_stmt(c, "SELECT"
			      " sum(grade='major' AND state<>'closed'),"
			      " sum(grade='general' AND state IN (SELECT value FROM json_each(?2))"
			      " AND deadline IS NOT NULL AND deadline < ?3)"
			      " FROM hazards WHERE unit_id=?1");
	sqlite3_bind_int64(s, 1, unit_id);
	sqlite3_bind_text(s, 2, clock->states, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, clock->overdue_before, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*open_major = sqlite3_column_int(s, 0);
		*overdue_general = sqlite3_column_int(s, 1);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : cr_db_fail(c, err);
}

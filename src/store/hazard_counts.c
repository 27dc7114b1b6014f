/* hazard_counts.c — the hazard figures a unit's four-colour rating needs: open 重大隐患 and
 * overdue 一般隐患. Reads only; the clock's rule is the caller's (domain/hazard_clock.h). */
#include "store/hazard_counts.h"

#include "store/db.h"

/* Overdue: the clock runs (the unit's part is late) and the deadline is past. */
#define COUNTS                                                                                     \
	"sum(grade='major' AND state<>'closed'), sum(grade='general' AND state IN (SELECT"         \
	" value FROM json_each(?2)) AND deadline IS NOT NULL AND deadline < ?3)"

int cr_unit_hazard_counts(struct cr_conn *c, long long unit_id,
			  const struct cr_hazard_clock_window *clock, int *open_major,
			  int *overdue_general, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT " COUNTS " FROM hazards WHERE unit_id=?1");
	cr_stmt_bind_int64(s, 1, unit_id);
	cr_stmt_bind_text(s, 2, clock->states, -1, CR_SQL_COPY);
	cr_stmt_bind_text(s, 3, clock->overdue_before, -1, CR_SQL_COPY);
	int rc = cr_stmt_step(s);
	if (rc == CR_SQL_ROW) {
		*open_major = cr_stmt_column_int(s, 0);
		*overdue_general = cr_stmt_column_int(s, 1);
	}
	cr_stmt_reset(s);
	return rc == CR_SQL_ROW ? 0 : cr_db_fail(c, err);
}

int cr_unit_hazard_counts_each(struct cr_conn *c, const struct cr_hazard_clock_window *clock,
			       cr_unit_hazard_counts_fn fn, void *ctx, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_prepare(c,
					  "SELECT unit_id, " COUNTS " FROM hazards"
					  /* ?1 as in the one unit's count, so the numbers agree */
					  " WHERE unit_id IS NOT NULL AND unit_id<>?1"
					  " GROUP BY unit_id ORDER BY unit_id",
					  err);
	if (!s)
		return -1;
	cr_stmt_stream(s);
	cr_stmt_bind_int64(s, 1, 0);
	cr_stmt_bind_text(s, 2, clock->states, -1, CR_SQL_COPY);
	cr_stmt_bind_text(s, 3, clock->overdue_before, -1, CR_SQL_COPY);
	int rc, out = 0;
	while (!out && (rc = cr_stmt_step(s)) == CR_SQL_ROW)
		out = fn(ctx, cr_stmt_column_int64(s, 0), cr_stmt_column_int(s, 1),
			 cr_stmt_column_int(s, 2));
	if (!out && rc != CR_SQL_DONE)
		out = cr_db_fail(c, err);
	cr_stmt_finalize(s);
	return out;
}

/* hazard_counts.h — hazard figures for a unit's rating (open 重大隐患, overdue 一般隐患). */
#ifndef CR_HAZARD_COUNTS_H
#define CR_HAZARD_COUNTS_H

#include "store/sql.h"

#include "core/err.h"
#include "domain/hazard_clock.h"

/* Overdue by the clock's bounds (domain/hazard_clock.h), which the caller makes for today. */
int cr_unit_hazard_counts(struct cr_conn *c, long long unit_id,
			  const struct cr_hazard_clock_window *clock, int *open_major,
			  int *overdue_general, struct cr_err *err);
/* The same for every unit with hazards, in one pass (a bulk load's): fn once per unit, in id
 * order. 0, fn's -1, or -1 with err. */
typedef int (*cr_unit_hazard_counts_fn)(void *ctx, long long unit_id, int open_major,
					int overdue_general);
int cr_unit_hazard_counts_each(struct cr_conn *c, const struct cr_hazard_clock_window *clock,
			       cr_unit_hazard_counts_fn fn, void *ctx, struct cr_err *err);

#endif

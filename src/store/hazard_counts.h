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

#endif

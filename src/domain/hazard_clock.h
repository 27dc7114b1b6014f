/* hazard_clock.h — the hazard clock (整改期限): overdue, due soon and days left for one hazard,
 * and the dates that bound those lists, so the store filters by dates and restates no rule. */
#ifndef CR_HAZARD_CLOCK_H
#define CR_HAZARD_CLOCK_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/hazard_flow.h"

/* Due soon: the deadline is at most this many days away. */
#define CR_HAZARD_DUE_SOON_DAYS 7

/* Whether the clock runs: the unit's part (up to rectification) is still to do. */
bool cr_hazard_clock_runs(enum cr_hazard_state s);

struct cr_hazard_due {
	bool overdue;   /* clock runs and today is after the deadline */
	bool due_soon;  /* clock runs, not overdue, deadline ≤ CR_HAZARD_DUE_SOON_DAYS away */
	long days_left; /* deadline − today (negative when overdue); 0 without a deadline */
};
/* deadline NULL or "" means none: neither overdue nor due soon. */
void cr_hazard_due(enum cr_hazard_state s, const char *deadline, const char *today,
		   struct cr_hazard_due *out);

/* The same rule as bounds for a whole table, for stores that filter by them:
 *   the clock runs  state is one of `states` (a JSON array text of state names)
 *   overdue         deadline < overdue_before
 *   due soon        due_from <= deadline <= due_until
 * Dates are "YYYY-MM-DD", so they compare as text with stored deadlines. */
struct cr_hazard_clock_window {
	char states[96];
	char overdue_before[11], due_from[11], due_until[11];
};
/* -1 when today is not a date. */
int cr_hazard_clock_window(const char *today, struct cr_hazard_clock_window *w);

#endif

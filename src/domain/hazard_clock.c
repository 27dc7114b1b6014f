/* hazard_clock.c — the hazard clock: which states it runs in, overdue and due soon for one
 * hazard, and the date window of the same rule. Pure: callers pass today. */
#include "domain/hazard_clock.h"

#include <stdio.h>

bool cr_hazard_clock_runs(enum cr_hazard_state s)
{
	return s >= CR_HZ_FOUND && s < CR_HZ_RECTIFIED;
}

void cr_hazard_due(enum cr_hazard_state s, const char *deadline, const char *today,
		   struct cr_hazard_due *out)
{
	*out = (struct cr_hazard_due){ 0 };
	long dl, td;
	if (!deadline || cr_date_days(deadline, &dl) || cr_date_days(today, &td))
		return;
	out->days_left = dl - td;
	if (!cr_hazard_clock_runs(s))
		return;
	out->overdue = out->days_left < 0;
	out->due_soon = !out->overdue && out->days_left <= CR_HAZARD_DUE_SOON_DAYS;
}

static int states_json(char *out, size_t cap)
{
	size_t n = 0;
	const char *sep = "[";
	for (int i = 0; i < CR_HZ_STATE_COUNT; i++) {
		enum cr_hazard_state s = (enum cr_hazard_state)i;
		if (!cr_hazard_clock_runs(s))
			continue;
		int k = snprintf(out + n, cap - n, "%s\"%s\"", sep, cr_hazard_state_name(s));
		if (k < 0 || (size_t)k >= cap - n)
			return -1;
		n += (size_t)k;
		sep = ",";
	}
	int k = snprintf(out + n, cap - n, "%s]", n ? "" : "[");
	return k < 0 || (size_t)k >= cap - n ? -1 : 0;
}

int cr_hazard_clock_window(const char *today, struct cr_hazard_clock_window *w)
{
	long td;
	if (cr_date_days(today, &td))
		return -1;
	/* days_left = deadline − today: < 0 overdue, 0..CR_HAZARD_DUE_SOON_DAYS due soon. */
	if (cr_date_add(today, 0, w->overdue_before) || cr_date_add(today, 0, w->due_from) ||
	    cr_date_add(today, CR_HAZARD_DUE_SOON_DAYS, w->due_until))
		return -1;
	return states_json(w->states, sizeof w->states);
}

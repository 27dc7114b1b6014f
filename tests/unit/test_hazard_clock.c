/* test_hazard_clock.c — the hazard clock at its boundaries (due today, due in exactly the
 * due-soon days, overdue by one day, stopped and closed hazards) and its date window, which
 * must select exactly the hazards cr_hazard_due calls overdue or due soon. */
#include <string.h>

#include "domain/hazard_clock.h"
#include "harness.h"

TEST(hazard_clock_boundaries)
{
	struct cr_hazard_due d;
	cr_hazard_due(CR_HZ_RECTIFYING, "2024-06-10", "2024-06-10", &d); /* due today */
	OK(!d.overdue && d.due_soon);
	INT_EQ(d.days_left, 0);
	cr_hazard_due(CR_HZ_ASSESSED, "2024-06-17", "2024-06-10", &d); /* exactly 7 days */
	OK(!d.overdue && d.due_soon);
	INT_EQ(d.days_left, CR_HAZARD_DUE_SOON_DAYS);
	cr_hazard_due(CR_HZ_ASSESSED, "2024-06-18", "2024-06-10", &d);
	OK(!d.overdue && !d.due_soon);
	cr_hazard_due(CR_HZ_FOUND, "2024-06-09", "2024-06-10", &d); /* overdue by one day */
	OK(d.overdue && !d.due_soon);
	INT_EQ(d.days_left, -1);
	cr_hazard_due(CR_HZ_CLOSED, "2024-06-09", "2024-06-10", &d);
	OK(!d.overdue && !d.due_soon);
	INT_EQ(d.days_left, -1);
	cr_hazard_due(CR_HZ_VERIFIED, "2024-06-12", "2024-06-10", &d);
	OK(!d.overdue && !d.due_soon);
	cr_hazard_due(CR_HZ_RECTIFYING, "", "2024-06-10", &d);
	OK(!d.overdue && !d.due_soon);
	INT_EQ(d.days_left, 0);
}

TEST(hazard_clock_window_matches_the_rule)
{
	struct cr_hazard_clock_window w;
	OK(cr_hazard_clock_window("not a date", &w) == -1);
	INT_EQ(cr_hazard_clock_window("2024-12-28", &w), 0);
	STR_EQ(w.overdue_before, "2024-12-28");
	STR_EQ(w.due_from, "2024-12-28");
	STR_EQ(w.due_until, "2025-01-04");
	STR_EQ(w.states, "[\"found\",\"registered\",\"assessed\",\"rectifying\"]");
	/* For every state and a deadline from 40 days before to 40 after, the window (as the store
	 * compares text) agrees with cr_hazard_due. */
	for (int s = 0; s < CR_HZ_STATE_COUNT; s++) {
		char quoted[32];
		snprintf(quoted, sizeof quoted, "\"%s\"", cr_hazard_state_name(s));
		bool runs = strstr(w.states, quoted) != NULL;
		OK(runs == cr_hazard_clock_runs(s));
		for (long k = -40; k <= 40; k++) {
			char dl[11];
			cr_date_add("2024-12-28", k, dl);
			struct cr_hazard_due d;
			cr_hazard_due(s, dl, "2024-12-28", &d);
			bool overdue = runs && strcmp(dl, w.overdue_before) < 0;
			bool soon =
				runs && strcmp(dl, w.due_from) >= 0 && strcmp(dl, w.due_until) <= 0;
			OK(overdue == d.overdue);
			OK(soon == d.due_soon);
		}
	}
}

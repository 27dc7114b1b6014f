/* test_signal_rules.c — weather signals: names, levels, what each type endangers (rainstorm over
 * open works but not hot work; typhoon over storage), overlapping windows with date-only ends,
 * and the ring test used for a warning's polygon. */
#include "domain/signal_rules.h"
#include "harness.h"

TEST(signal_types_and_levels)
{
	STR_EQ(cr_signal_type_cn("rainstorm"), "暴雨");
	STR_EQ(cr_signal_type_cn("typhoon"), "台风");
	OK(cr_signal_type_cn("tornado") == NULL);
	STR_EQ(cr_monitoring_type_cn("gas"), "可燃气体浓度");
	OK(cr_monitoring_type_cn("rainstorm") == NULL);
	INT_EQ(cr_signal_level_rank("blue"), 1);
	INT_EQ(cr_signal_level_rank("red"), 4);
	INT_EQ(cr_signal_level_rank("purple"), 0);
	STR_EQ(cr_signal_level_cn("orange"), "橙色");
	STR_EQ(cr_signal_level_cn("x"), "");
}

TEST(what_a_warning_endangers)
{
	OK(cr_signal_endangers_report("rainstorm", "renovation"));
	OK(cr_signal_endangers_report("rainstorm", "upgrade"));
	OK(cr_signal_endangers_report("rainstorm", "event"));
	OK(!cr_signal_endangers_report("rainstorm", "hot_work"));
	OK(cr_signal_endangers_report("heat", "hot_work"));
	OK(!cr_signal_endangers_report("fog", "renovation"));
	OK(cr_signal_endangers_report("cold_wave", "shutdown"));
	OK(!cr_signal_endangers_report("gale", "other"));
	OK(cr_signal_endangers_installation("typhoon", "storage"));
	OK(cr_signal_endangers_installation("typhoon", "production"));
	OK(cr_signal_endangers_installation("rainstorm", "storage"));
	OK(!cr_signal_endangers_installation("rainstorm", "production"));
	OK(!cr_signal_endangers_installation("fog", "storage"));
	OK(!cr_signal_endangers_installation("nope", "storage"));
}

TEST(windows_overlap_with_dates_to_the_end_of_their_day)
{
	OK(cr_windows_overlap("2026-12-10", "2026-12-12", "2026-12-11T06:00", "2026-12-11T20:00"));
	/* a report that ends on the warning's first day overlaps it */
	OK(cr_windows_overlap("2026-12-09", "2026-12-11", "2026-12-11T06:00", "2026-12-11T20:00"));
	OK(!cr_windows_overlap("2026-12-09", "2026-12-10", "2026-12-11T06:00", "2026-12-11T20:00"));
	OK(!cr_windows_overlap("2026-12-11T08:00", "2026-12-11T12:00", "2026-12-11T13:00",
			       "2026-12-11T20:00"));
	OK(cr_windows_overlap("2026-12-11T08:00", "2026-12-11T13:00", "2026-12-11T13:00",
			      "2026-12-11T20:00"));
	OK(!cr_windows_overlap("2026-12-20", "2026-12-21", "2026-12-11T06:00", "2026-12-11T20:00"));
}

TEST(ring_contains)
{
	const double sq[] = { 120.956, 31.385, 120.958, 31.385, 120.958, 31.387, 120.956, 31.387 };
	OK(cr_ring_contains(sq, 4, 120.957, 31.386));
	OK(!cr_ring_contains(sq, 4, 120.955, 31.384));
	OK(!cr_ring_contains(sq, 4, 120.957, 31.388));
	const double l[] = { 0, 0, 4, 0, 4, 1, 1, 1, 1, 4, 0, 4 }; /* an L */
	OK(cr_ring_contains(l, 6, 0.5, 3));
	OK(cr_ring_contains(l, 6, 3, 0.5));
	OK(!cr_ring_contains(l, 6, 3, 3));
	OK(!cr_ring_contains(l, 2, 0.1, 0.1));
}

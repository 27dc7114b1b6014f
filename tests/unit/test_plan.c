/* test_plan.c — plan types and the review and drill clock at its edges: the day before, on and
 * after the due date, month ends and leap days, never drilled, no dates at all. */
#include <string.h>

#include "domain/plan.h"
#include "harness.h"

TEST(plan_types)
{
	INT_EQ(cr_plan_type_parse("comprehensive"), 0);
	INT_EQ(cr_plan_type_parse("现场处置方案"), 2);
	INT_EQ(cr_plan_type_parse("drill"), -1);
	STR_EQ(cr_plan_type_cn(1), "专项应急预案");
	INT_EQ(cr_plan_drill_months(0), 12);
	INT_EQ(cr_plan_drill_months(2), 6);
}

TEST(plan_month_arithmetic)
{
	char d[11];
	OK(cr_plan_months_before("2026-03-31", 1, d) == 0);
	STR_EQ(d, "2026-02-28");
	OK(cr_plan_months_before("2024-03-31", 1, d) == 0);
	STR_EQ(d, "2024-02-29");
	OK(cr_plan_months_before("2026-01-15", 36, d) == 0);
	STR_EQ(d, "2023-01-15");
	OK(cr_plan_months_before("2025-08-31", -6, d) == 0);
	STR_EQ(d, "2026-02-28");
	OK(cr_plan_months_before("2025-13-01", 1, d) == -1);
}

TEST(plan_clock_edges)
{
	struct cr_plan_clock k;
	/* reviewed 2023-06-30: due 2026-06-30; on that day not overdue, the day after overdue */
	cr_plan_clock_at(0, "2020-01-01", "2023-06-30", "2026-01-10", "2026-06-30", &k);
	STR_EQ(k.review_due, "2026-06-30");
	OK(!k.review_overdue);
	cr_plan_clock_at(0, "2020-01-01", "2023-06-30", "2026-01-10", "2026-07-01", &k);
	OK(k.review_overdue);
	/* a comprehensive plan drilled 2025-07-01 is due 2026-07-01; an on-site one 2026-01-01 */
	cr_plan_clock_at(0, "2020-01-01", "2025-01-01", "2025-07-01", "2026-07-01", &k);
	STR_EQ(k.drill_due, "2026-07-01");
	OK(!k.drill_overdue);
	cr_plan_clock_at(0, "2020-01-01", "2025-01-01", "2025-07-01", "2026-07-02", &k);
	OK(k.drill_overdue);
	cr_plan_clock_at(2, "2020-01-01", "2025-01-01", "2025-07-01", "2026-01-01", &k);
	STR_EQ(k.drill_due, "2026-01-01");
	OK(!k.drill_overdue);
	cr_plan_clock_at(2, "2020-01-01", "2025-01-01", "2025-07-01", "2026-01-02", &k);
	OK(k.drill_overdue);
	/* never reviewed nor drilled: counted from issue */
	cr_plan_clock_at(1, "2026-02-01", "", "", "2026-12-01", &k);
	STR_EQ(k.review_due, "2029-02-01");
	STR_EQ(k.drill_due, "2027-02-01");
	OK(!k.review_overdue && !k.drill_overdue);
	/* no date at all: overdue, no due date */
	cr_plan_clock_at(1, "", "", "", "2026-12-01", &k);
	OK(k.review_overdue && k.drill_overdue);
	STR_EQ(k.review_due, "");
}

TEST(plan_cutoffs_match_the_clock)
{
	struct cr_plan_cutoffs c;
	OK(cr_plan_cutoffs_at("2026-12-01", &c) == 0);
	STR_EQ(c.review_cut, "2023-12-01");
	STR_EQ(c.drill_cut[0], "2025-12-01");
	STR_EQ(c.drill_cut[2], "2026-06-01");
	/* a plan drilled on the cut-off day is not overdue; the day before is */
	struct cr_plan_clock k;
	cr_plan_clock_at(2, "2020-01-01", "2024-01-01", "2026-06-01", "2026-12-01", &k);
	OK(!k.drill_overdue);
	cr_plan_clock_at(2, "2020-01-01", "2024-01-01", "2026-05-31", "2026-12-01", &k);
	OK(k.drill_overdue);
}

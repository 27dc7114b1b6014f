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
	INT_EQ(cr_plan_drill_months(0, false), 12);
	INT_EQ(cr_plan_drill_months(1, false), 12);
	INT_EQ(cr_plan_drill_months(2, false), 6);
	INT_EQ(cr_plan_drill_months(0, true), 6);
	INT_EQ(cr_plan_drill_months(1, true), 6);
	INT_EQ(cr_plan_drill_months(2, true), 6);
}

/* 第三十三条 第二款's kinds: hazardous goods, smelting, rail transit, construction, hotels, malls,
 * entertainment, tourist sites; not chemical use (C04), schools, hospitals or offices. */
TEST(plan_key_units)
{
	static const char *const key[] = { "C01", "C02", "C03", "C05", "C12", "D03", "D04", "E01",
					   "F01", "F05", "G02", "G06", "H01", "L01", "R02", "R04" };
	static const char *const not_key[] = { "C04", "C10", "P02", "Q01", "S01", "H02",
					       "R03", "A01", "",    "c01", "C011" };
	for (size_t k = 0; k < sizeof key / sizeof key[0]; k++)
		OK(cr_plan_key_sector(key[k]));
	for (size_t k = 0; k < sizeof not_key / sizeof not_key[0]; k++)
		OK(!cr_plan_key_sector(not_key[k]));
	OK(!cr_plan_key_sector(NULL));
}

/* A comprehensive plan drilled 2025-12-01: a key unit's is due 2026-06-01 (overdue the day
 * after), another unit's 2026-12-01 (not overdue on 2026-06-02, overdue on 2026-12-02). */
TEST(plan_drill_by_unit_kind_edges)
{
	struct cr_plan_clock k;
	cr_plan_clock_at(0, true, "2020-01-01", "2025-01-01", "2025-12-01", "2026-06-01", &k);
	STR_EQ(k.drill_due, "2026-06-01");
	INT_EQ(k.drill_months, 6);
	OK(!k.drill_overdue);
	cr_plan_clock_at(0, true, "2020-01-01", "2025-01-01", "2025-12-01", "2026-06-02", &k);
	OK(k.drill_overdue);
	cr_plan_clock_at(0, false, "2020-01-01", "2025-01-01", "2025-12-01", "2026-06-02", &k);
	STR_EQ(k.drill_due, "2026-12-01");
	INT_EQ(k.drill_months, 12);
	OK(!k.drill_overdue);
	cr_plan_clock_at(0, false, "2020-01-01", "2025-01-01", "2025-12-01", "2026-12-01", &k);
	OK(!k.drill_overdue);
	cr_plan_clock_at(0, false, "2020-01-01", "2025-01-01", "2025-12-01", "2026-12-02", &k);
	OK(k.drill_overdue);
	/* an on-site plan is half-yearly at every unit */
	cr_plan_clock_at(2, false, "2020-01-01", "2025-01-01", "2025-12-01", "2026-06-02", &k);
	OK(k.drill_overdue);
	/* a key unit's special plan never drilled counts from issue: 2026-02-28 + 6 = 08-28 */
	cr_plan_clock_at(1, true, "2026-02-28", "", "", "2026-08-28", &k);
	STR_EQ(k.drill_due, "2026-08-28");
	OK(!k.drill_overdue);
	cr_plan_clock_at(1, true, "2026-02-28", "", "", "2026-08-29", &k);
	OK(k.drill_overdue);
}

/* Month ends: drilled 28 Feb (due 28 Aug) is overdue on 29 Aug, though 29 Aug minus six months
 * is 28 Feb again; the list's cut-off on 29 Aug is 1 Mar, so the list says the same. Drilled 31
 * Aug is due 28 Feb and overdue on 1 Mar. */
TEST(plan_month_end_cutoffs_agree_with_the_clock)
{
	struct cr_plan_cutoffs c;
	struct cr_plan_clock k;
	OK(cr_plan_cutoffs_at("2026-08-29", &c) == 0);
	STR_EQ(c.drill_cut[0][2], "2026-03-01");
	STR_EQ(c.drill_cut[1][0], "2026-03-01");
	STR_EQ(c.drill_cut[0][0], "2025-08-29");
	cr_plan_clock_at(2, false, "2020-01-01", "2025-01-01", "2026-02-28", "2026-08-29", &k);
	OK(k.drill_overdue);
	OK(strcmp("2026-02-28", c.drill_cut[0][2]) < 0);
	cr_plan_clock_at(2, false, "2020-01-01", "2025-01-01", "2026-03-01", "2026-08-29", &k);
	OK(!k.drill_overdue);
	OK(cr_plan_cutoffs_at("2027-03-01", &c) == 0);
	STR_EQ(c.drill_cut[0][2], "2026-09-01");
	cr_plan_clock_at(2, false, "2020-01-01", "2025-01-01", "2026-08-31", "2027-02-28", &k);
	STR_EQ(k.drill_due, "2027-02-28");
	OK(!k.drill_overdue);
	cr_plan_clock_at(2, false, "2020-01-01", "2025-01-01", "2026-08-31", "2027-03-01", &k);
	OK(k.drill_overdue);
	OK(strcmp("2026-08-31", c.drill_cut[0][2]) < 0);
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
	cr_plan_clock_at(0, false, "2020-01-01", "2023-06-30", "2026-01-10", "2026-06-30", &k);
	STR_EQ(k.review_due, "2026-06-30");
	OK(!k.review_overdue);
	cr_plan_clock_at(0, false, "2020-01-01", "2023-06-30", "2026-01-10", "2026-07-01", &k);
	OK(k.review_overdue);
	/* a comprehensive plan drilled 2025-07-01 is due 2026-07-01; an on-site one 2026-01-01 */
	cr_plan_clock_at(0, false, "2020-01-01", "2025-01-01", "2025-07-01", "2026-07-01", &k);
	STR_EQ(k.drill_due, "2026-07-01");
	OK(!k.drill_overdue);
	cr_plan_clock_at(0, false, "2020-01-01", "2025-01-01", "2025-07-01", "2026-07-02", &k);
	OK(k.drill_overdue);
	cr_plan_clock_at(2, false, "2020-01-01", "2025-01-01", "2025-07-01", "2026-01-01", &k);
	STR_EQ(k.drill_due, "2026-01-01");
	OK(!k.drill_overdue);
	cr_plan_clock_at(2, false, "2020-01-01", "2025-01-01", "2025-07-01", "2026-01-02", &k);
	OK(k.drill_overdue);
	/* never reviewed nor drilled: counted from issue */
	cr_plan_clock_at(1, false, "2026-02-01", "", "", "2026-12-01", &k);
	STR_EQ(k.review_due, "2029-02-01");
	STR_EQ(k.drill_due, "2027-02-01");
	OK(!k.review_overdue && !k.drill_overdue);
	/* no date at all: overdue, no due date */
	cr_plan_clock_at(1, false, "", "", "", "2026-12-01", &k);
	OK(k.review_overdue && k.drill_overdue);
	STR_EQ(k.review_due, "");
}

TEST(plan_cutoffs_match_the_clock)
{
	struct cr_plan_cutoffs c;
	OK(cr_plan_cutoffs_at("2026-12-01", &c) == 0);
	STR_EQ(c.review_cut, "2023-12-01");
	STR_EQ(c.drill_cut[0][0], "2025-12-01");
	STR_EQ(c.drill_cut[0][2], "2026-06-01");
	STR_EQ(c.drill_cut[1][0], "2026-06-01");
	STR_EQ(c.drill_cut[1][1], "2026-06-01");
	/* a plan drilled on the cut-off day is not overdue; the day before is */
	struct cr_plan_clock k;
	cr_plan_clock_at(2, false, "2020-01-01", "2024-01-01", "2026-06-01", "2026-12-01", &k);
	OK(!k.drill_overdue);
	cr_plan_clock_at(2, false, "2020-01-01", "2024-01-01", "2026-05-31", "2026-12-01", &k);
	OK(k.drill_overdue);
}

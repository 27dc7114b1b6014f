/* test_quarter.c — quarters for the quarterly dynamic update (domain/quarter.c): parsing, the
 * local (UTC+8) bounds and their UTC instants, and the quarter holding a given moment. */
#include "domain/quarter.h"
#include "harness.h"

TEST(quarter_parse_bounds)
{
	struct cr_quarter q;
	OK(cr_quarter_parse("2026Q4", &q) == 0);
	INT_EQ(q.year, 2026);
	INT_EQ(q.q, 4);
	STR_EQ(q.name, "2026Q4");
	STR_EQ(q.since, "2026-10-01");
	STR_EQ(q.until, "2027-01-01");
	STR_EQ(q.since_utc, "2026-09-30T16:00:00.000Z");
	STR_EQ(q.until_utc, "2026-12-31T16:00:00.000Z");
	OK(cr_quarter_parse("2024q1", &q) == 0);
	STR_EQ(q.name, "2024Q1");
	STR_EQ(q.since, "2024-01-01");
	STR_EQ(q.until, "2024-04-01");
	STR_EQ(q.since_utc, "2023-12-31T16:00:00.000Z");
	STR_EQ(q.until_utc, "2024-03-31T16:00:00.000Z");
	OK(cr_quarter_parse("2024Q2", &q) == 0);
	STR_EQ(q.until, "2024-07-01");
	OK(cr_quarter_parse("2024Q3", &q) == 0);
	STR_EQ(q.since, "2024-07-01");
	STR_EQ(q.until, "2024-10-01");
	STR_EQ(q.since_utc, "2024-06-30T16:00:00.000Z");
}

TEST(quarter_parse_refuses)
{
	struct cr_quarter q = { .year = 7 };
	const char *bad[] = { NULL,      "",        "2026",    "2026Q0", "2026Q5",
			      "2026-Q4", "26Q4",    "2026Q44", "20x6Q1", "1989Q4",
			      "2101Q1",  "2026Q4 ", " 2026Q4", "2026R1" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		OK(cr_quarter_parse(bad[i], &q) == -1);
	INT_EQ(q.year, 7); /* untouched */
	OK(cr_quarter_make(2026, 0, &q) == -1);
	OK(cr_quarter_make(2026, 5, &q) == -1);
}

TEST(quarter_of_uses_china_standard_time)
{
	struct cr_quarter q;
	/* 2026-09-30T16:00:00Z is 2026-10-01 00:00 in Beijing: already Q4. */
	cr_quarter_of((time_t)1790784000, &q);
	STR_EQ(q.name, "2026Q4");
	/* one second earlier: still Q3 */
	cr_quarter_of((time_t)1790783999, &q);
	STR_EQ(q.name, "2026Q3");
	/* 2026-12-31T15:59:59Z: Q4; 16:00:00Z: next year's Q1 */
	cr_quarter_of((time_t)1798732799, &q);
	STR_EQ(q.name, "2026Q4");
	cr_quarter_of((time_t)1798732800, &q);
	STR_EQ(q.name, "2027Q1");
	STR_EQ(q.since_utc, "2026-12-31T16:00:00.000Z");
}

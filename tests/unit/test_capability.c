/* test_capability.c — capability scoring at its boundaries: each answer's share, drills below,
 * at and above the two a year, the level edges (exactly 90 is 强, 89.9 较强), weak items just
 * under and at the threshold, subjects that skip items, invalid answers and checklists. */
#include <stdio.h>
#include <string.h>

#include "domain/capability.h"
#include "harness.h"

static struct cr_capability_checklist two_items(void)
{
	struct cr_capability_checklist cl = { .n = 2,
					      .level_min = { 90, 75, 60, 0 },
					      .weak_below = 0.6 };
	snprintf(cl.items[0].code, sizeof cl.items[0].code, "plan");
	cl.items[0].kind = CR_CAPABILITY_CHECK;
	cl.items[0].weight = 1;
	cl.items[0].subjects = CR_CAPABILITY_UNIT | CR_CAPABILITY_DISTRICT;
	snprintf(cl.items[1].code, sizeof cl.items[1].code, "drills");
	cl.items[1].kind = CR_CAPABILITY_COUNT;
	cl.items[1].weight = 3;
	cl.items[1].required = 2; /* Kunshan: at least two drills a year */
	cl.items[1].subjects = CR_CAPABILITY_UNIT;
	return cl;
}

TEST(capability_shares)
{
	struct cr_capability_checklist cl = two_items();
	DBL_NEAR(cr_capability_share(&cl.items[0], 0), 0, 1e-12);
	DBL_NEAR(cr_capability_share(&cl.items[0], 1), 0.5, 1e-12);
	DBL_NEAR(cr_capability_share(&cl.items[0], 2), 1, 1e-12);
	DBL_NEAR(cr_capability_share(&cl.items[0], 3), -1, 1e-12);
	DBL_NEAR(cr_capability_share(&cl.items[0], 1.5), -1, 1e-12);
	DBL_NEAR(cr_capability_share(&cl.items[1], 0), 0, 1e-12);
	DBL_NEAR(cr_capability_share(&cl.items[1], 1), 0.5, 1e-12); /* one drill: half */
	DBL_NEAR(cr_capability_share(&cl.items[1], 2), 1, 1e-12);   /* two: all */
	DBL_NEAR(cr_capability_share(&cl.items[1], 12), 1, 1e-12);  /* more earns no more */
	DBL_NEAR(cr_capability_share(&cl.items[1], -1), -1, 1e-12);
	DBL_NEAR(cr_capability_share(&cl.items[1], 367), -1, 1e-12);
}

TEST(capability_score_levels_and_weak_items)
{
	struct cr_capability_checklist cl = two_items();
	struct cr_capability_result r;
	size_t bad = 99;
	double full[2] = { 2, 2 }, one_drill[2] = { 2, 1 }, none[2] = { 0, 0 };
	OK(cr_capability_score(&cl, CR_CAPABILITY_UNIT, full, &r, &bad) == 0);
	DBL_NEAR(r.score, 100, 1e-9);
	INT_EQ(r.level, 0);
	INT_EQ(r.nweak, 0);
	/* (1·1 + 3·0.5) / 4 = 62.5: 一般; the drills earn 0.5 < 0.6: weak */
	OK(cr_capability_score(&cl, CR_CAPABILITY_UNIT, one_drill, &r, &bad) == 0);
	DBL_NEAR(r.score, 62.5, 1e-9);
	INT_EQ(r.level, 2);
	INT_EQ(r.nweak, 1);
	INT_EQ(r.weak[0], 1);
	OK(cr_capability_score(&cl, CR_CAPABILITY_UNIT, none, &r, &bad) == 0);
	DBL_NEAR(r.score, 0, 1e-9);
	INT_EQ(r.level, 3);
	INT_EQ(r.nweak, 2);
	STR_EQ(cr_capability_level_cn(r.level), "弱");
	/* a district has no drills item here: the plan alone decides */
	double half[2] = { 1, 0 };
	OK(cr_capability_score(&cl, CR_CAPABILITY_DISTRICT, half, &r, &bad) == 0);
	DBL_NEAR(r.score, 50, 1e-9);
	INT_EQ(r.nweak, 1);
	/* an invalid answer names its item */
	double wrong[2] = { 2, -3 };
	OK(cr_capability_score(&cl, CR_CAPABILITY_UNIT, wrong, &r, &bad) == -1);
	INT_EQ(bad, 1);
}

TEST(capability_level_edges)
{
	/* weights 9 and 1 of a CHECK and a COUNT(10): 9·1 + 1·(k/10) over 10 = 90 + k */
	struct cr_capability_checklist cl = two_items();
	cl.items[0].weight = 9;
	cl.items[1].weight = 1;
	cl.items[1].required = 10;
	struct cr_capability_result r;
	size_t bad;
	double at90[2] = { 2, 0 };
	OK(cr_capability_score(&cl, CR_CAPABILITY_UNIT, at90, &r, &bad) == 0);
	DBL_NEAR(r.score, 90, 1e-9);
	INT_EQ(r.level, 0); /* exactly the minimum: 强 */
	cl.level_min[0] = 90.1;
	OK(cr_capability_score(&cl, CR_CAPABILITY_UNIT, at90, &r, &bad) == 0);
	INT_EQ(r.level, 1); /* a tenth short: 较强 */
	/* weak at exactly the threshold is not weak: a share of 0.6 with weak_below 0.6 */
	double six[2] = { 2, 6 };
	OK(cr_capability_score(&cl, CR_CAPABILITY_UNIT, six, &r, &bad) == 0);
	INT_EQ(r.nweak, 0);
	double five[2] = { 2, 5 };
	OK(cr_capability_score(&cl, CR_CAPABILITY_UNIT, five, &r, &bad) == 0);
	INT_EQ(r.nweak, 1);
}

TEST(capability_checklist_check)
{
	struct cr_capability_checklist cl = two_items();
	size_t bad;
	OK(cr_capability_checklist_check(&cl, &bad) == 0);
	snprintf(cl.items[1].code, sizeof cl.items[1].code, "plan");
	OK(cr_capability_checklist_check(&cl, &bad) == -1);
	INT_EQ(bad, 1);
	cl = two_items();
	cl.items[1].required = 0;
	OK(cr_capability_checklist_check(&cl, &bad) == -1);
	cl = two_items();
	cl.level_min[1] = 95;
	OK(cr_capability_checklist_check(&cl, &bad) == -1);
	INT_EQ(bad, 2);
	cl = two_items();
	cl.weak_below = 0;
	OK(cr_capability_checklist_check(&cl, &bad) == -1);
	INT_EQ(cr_capability_subject("district"), CR_CAPABILITY_DISTRICT);
	INT_EQ(cr_capability_subject("town"), 0);
}

/* 分项得分: each area scored over its own items of the subject, in first-seen order; an area
 * with no item for the subject is left out; weighted like the whole. */
TEST(capability_area_scores)
{
	struct cr_capability_checklist cl = two_items();
	cl.n = 3;
	snprintf(cl.items[0].area, sizeof cl.items[0].area, "plans");
	snprintf(cl.items[1].area, sizeof cl.items[1].area, "drills");
	snprintf(cl.items[2].code, sizeof cl.items[2].code, "plan_review");
	snprintf(cl.items[2].area, sizeof cl.items[2].area, "plans");
	cl.items[2].kind = CR_CAPABILITY_CHECK;
	cl.items[2].weight = 3;
	cl.items[2].subjects = CR_CAPABILITY_UNIT;
	struct cr_capability_result r;
	size_t bad;
	/* plans: (1·1 + 3·0.5) / 4 = 62.5; drills: one of two = 50; whole (1 + 1.5 + 1.5) / 7 */
	double a[3] = { 2, 1, 1 };
	OK(cr_capability_score(&cl, CR_CAPABILITY_UNIT, a, &r, &bad) == 0);
	INT_EQ(r.nareas, 2);
	STR_EQ(r.areas[0].area, "plans");
	DBL_NEAR(r.areas[0].score, 62.5, 1e-9);
	STR_EQ(r.areas[1].area, "drills");
	DBL_NEAR(r.areas[1].score, 50, 1e-9);
	DBL_NEAR(r.score, 57.1, 1e-9);
	/* a district has only the first plans item: one area */
	OK(cr_capability_score(&cl, CR_CAPABILITY_DISTRICT, a, &r, &bad) == 0);
	INT_EQ(r.nareas, 1);
	DBL_NEAR(r.areas[0].score, 100, 1e-9);
	STR_EQ(cr_capability_area_cn("drills"), "演练");
	STR_EQ(cr_capability_area_cn("monitoring"), "监测预警");
	STR_EQ(cr_capability_area_cn("other"), "other");
}

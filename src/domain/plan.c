/* plan.c — plan types and the review and drill clock: month arithmetic on dates and the rule
 * "overdue when the last date lies before today minus the period". It must not do I/O. */
#include "domain/plan.h"

#include <stdio.h>
#include <string.h>

#include "domain/date.h"

const char *const cr_plan_type_codes[CR_PLAN_TYPES] = { "comprehensive", "special", "onsite" };
static const char *const type_cn[CR_PLAN_TYPES] = { "综合应急预案", "专项应急预案",
						    "现场处置方案" };

int cr_plan_type_parse(const char *s)
{
	for (int k = 0; s && k < CR_PLAN_TYPES; k++)
		if (strcmp(s, cr_plan_type_codes[k]) == 0 || strcmp(s, type_cn[k]) == 0)
			return k;
	return -1;
}

const char *cr_plan_type_cn(int type)
{
	return type >= 0 && type < CR_PLAN_TYPES ? type_cn[type] : "";
}

int cr_plan_drill_months(int type)
{
	return type == 2 ? 6 : 12;
}

static int month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

int cr_plan_months_before(const char *ymd, int months, char out[11])
{
	int y, m, d;
	if (cr_date_check(ymd) || sscanf(ymd, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return -1;
	int total = y * 12 + (m - 1) - months;
	y = total / 12;
	m = total % 12 + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	return 0;
}

/* The due date after `last` (or issued when last is "") and whether today is past it. */
static void due(const char *last, const char *issued, int months, const char *today, char out[11],
		bool *overdue)
{
	const char *from = last && *last ? last : issued;
	out[0] = 0;
	if (!from || !*from || cr_plan_months_before(from, -months, out)) {
		out[0] = 0;
		*overdue = true;
		return;
	}
	char cut[11];
	*overdue = cr_plan_months_before(today, months, cut) == 0 && strcmp(from, cut) < 0;
}

void cr_plan_clock_at(int type, const char *issued_on, const char *reviewed_on,
		      const char *drilled_on, const char *today, struct cr_plan_clock *out)
{
	due(reviewed_on, issued_on, CR_PLAN_REVIEW_MONTHS, today, out->review_due,
	    &out->review_overdue);
	due(drilled_on, issued_on, cr_plan_drill_months(type), today, out->drill_due,
	    &out->drill_overdue);
}

int cr_plan_cutoffs_at(const char *today, struct cr_plan_cutoffs *out)
{
	if (cr_plan_months_before(today, CR_PLAN_REVIEW_MONTHS, out->review_cut))
		return -1;
	for (int k = 0; k < CR_PLAN_TYPES; k++)
		if (cr_plan_months_before(today, cr_plan_drill_months(k), out->drill_cut[k]))
			return -1;
	return 0;
}

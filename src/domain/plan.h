/* plan.h — 应急预案 (emergency plans): their types and the clock of review and drills, from
 * 《生产安全事故应急预案管理办法》 (应急管理部令第 2 号, 2019) and GB/T 29639-2020. Pure. */
#ifndef CR_DOMAIN_PLAN_H
#define CR_DOMAIN_PLAN_H

#include <stdbool.h>

/* 综合应急预案 comprehensive, 专项应急预案 special, 现场处置方案 onsite (GB/T 29639-2020 §4). */
#define CR_PLAN_TYPES 3
extern const char *const cr_plan_type_codes[CR_PLAN_TYPES];
/* The type's index for its code or Chinese name, or -1. */
int cr_plan_type_parse(const char *s);
const char *cr_plan_type_cn(int type);

/* 办法 第三十五条: an evaluation (评估) of the plan every three years. */
#define CR_PLAN_REVIEW_MONTHS 36
/* 办法 第三十三条: a drill of the comprehensive or a special plan at least once a year, of an
 * on-site plan at least every half year. The months between drills for a type. */
int cr_plan_drill_months(int type);

/* The date `months` before (months < 0: after) ymd, the day clamped to the month's length,
 * into out; -1 when ymd is not a date. */
int cr_plan_months_before(const char *ymd, int months, char out[11]);

/* Where a plan stands on `today` (all dates "YYYY-MM-DD", or "" when never). A review is due
 * CR_PLAN_REVIEW_MONTHS after the last review, or after issue when never reviewed; a drill its
 * type's months after the last drill, or after issue. With neither date the plan is overdue. */
struct cr_plan_clock {
	char review_due[11], drill_due[11]; /* "" when unknown */
	bool review_overdue, drill_overdue;
};
void cr_plan_clock_at(int type, const char *issued_on, const char *reviewed_on,
		      const char *drilled_on, const char *today, struct cr_plan_clock *out);
/* The cut-off dates of `today` for lists: a plan whose last review (or issue) is before
 * review_cut is overdue for review; one whose last drill (or issue) is before drill_cut[type]
 * is overdue for a drill. */
struct cr_plan_cutoffs {
	char review_cut[11], drill_cut[CR_PLAN_TYPES][11];
};
int cr_plan_cutoffs_at(const char *today, struct cr_plan_cutoffs *out);

#endif

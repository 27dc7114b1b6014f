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
/* 重点生产经营单位 (key units) of 办法 第三十三条 第二款 (and 《生产安全事故应急条例》 第八条 第二款):
 * units producing, trading, storing or transporting inflammable, explosive or hazardous
 * chemical goods, mines, metal smelting, urban rail transit operation, construction, and hotels,
 * malls, entertainment venues and tourist sites. Named by the key-sector codes of
 * data/key-sectors.csv that are such units (docs/METHODS.md lists which and why). */
extern const char *const cr_plan_key_sectors[];
extern const int cr_plan_key_sector_count;
/* Whether a unit of this key-sector code is a key unit (false for NULL or an unlisted code). */
bool cr_plan_key_sector(const char *sector);

/* 办法 第三十三条: every unit drills its comprehensive or a special plan at least once a year
 * and its on-site plans at least every half year (第一款); a key unit drills its plans at least
 * every half year (第二款). The months between drills for a type and a unit kind. */
int cr_plan_drill_months(int type, bool key_unit);

/* The date `months` before (months < 0: after) ymd, the day clamped to the month's length,
 * into out; -1 when ymd is not a date. */
int cr_plan_months_before(const char *ymd, int months, char out[11]);

/* Where a plan stands on `today` (all dates "YYYY-MM-DD", or "" when never). A review is due
 * CR_PLAN_REVIEW_MONTHS after the last review, or after issue when never reviewed; a drill
 * cr_plan_drill_months(type, key_unit) after the last drill, or after issue. With neither date
 * the plan is overdue. */
struct cr_plan_clock {
	char review_due[11], drill_due[11]; /* "" when unknown */
	bool review_overdue, drill_overdue;
	int drill_months;
};
void cr_plan_clock_at(int type, bool key_unit, const char *issued_on, const char *reviewed_on,
		      const char *drilled_on, const char *today, struct cr_plan_clock *out);
/* The cut-off dates of `today` for lists: a plan whose last review (or issue) is before
 * review_cut is overdue for review; one whose last drill (or issue) is before
 * drill_cut[key_unit][type] is overdue for a drill. */
struct cr_plan_cutoffs {
	char review_cut[11], drill_cut[2][CR_PLAN_TYPES][11];
};
int cr_plan_cutoffs_at(const char *today, struct cr_plan_cutoffs *out);

#endif

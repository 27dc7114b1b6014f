/* rating.c — the unit four-colour rating rule (rating.h).
 * Pure: no I/O, no allocation; thresholds come from the caller's config. */
#include "domain/rating.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "domain/grade.h"

/* Defaults: risk-methods.md "Unit four-colour rating" — red: any grade Ⅰ point or any open
 * 重大隐患; orange: any grade Ⅱ point or ≥ 3 overdue 一般隐患; yellow: any grade Ⅲ point;
 * blue otherwise; no points at all → not assessed. The count rules are project defaults for
 * Suzhou seed 001 三(二) "数量和等级": ≥ 5 points of grade Ⅱ or higher → red (Suzhou averaged
 * 1.3 such points per reporting unit, 97,515 over 73,728), ≥ 10 of grade Ⅲ or higher → orange. */
void cr_rating_config_default(struct cr_rating_config *cfg)
{
	cfg->red_min_grade1 = 1;
	cfg->red_min_open_major = 1;
	cfg->red_min_grade2 = 5;
	cfg->orange_min_grade2 = 1;
	cfg->orange_min_overdue_general = 3;
	cfg->orange_min_grade3 = 10;
	cfg->yellow_min_grade3 = 1;
}

/* Appends "sep + text" to buf (bounded; truncates silently). */
static void append(char *buf, size_t size, bool *first, const char *fmt_en, long n,
		   const char *plural)
{
	size_t used = strlen(buf);
	if (used >= size - 1)
		return;
	snprintf(buf + used, size - used, "%s", *first ? "" : ", ");
	used = strlen(buf);
	snprintf(buf + used, size - used, fmt_en, n, n == 1 ? "" : plural);
	*first = false;
}

static void append_cn(char *buf, size_t size, bool *first, const char *fmt_cn, long n)
{
	size_t used = strlen(buf);
	if (used >= size - 1)
		return;
	snprintf(buf + used, size - used, "%s", *first ? "" : "，");
	used = strlen(buf);
	snprintf(buf + used, size - used, fmt_cn, n);
	*first = false;
}

/* A count rule's reason: "6 risk points of grade Ⅱ or higher (5 or more)" /
 * "6 个较大及以上风险点（5 个及以上）". en and cn have the same size. */
static void count_rule(char *en, char *cn, size_t size, bool *first, bool *first_cn, long n,
		       int threshold, const char *grades_en, const char *grades_cn)
{
	size_t used = strlen(en);
	if (used < size - 1)
		snprintf(en + used, size - used, "%s%ld risk point%s %s (%d or more)",
			 *first ? "" : ", ", n, n == 1 ? "" : "s", grades_en, threshold);
	used = strlen(cn);
	if (used < size - 1)
		snprintf(cn + used, size - used, "%s%ld 个%s风险点（%d 个及以上）",
			 *first_cn ? "" : "，", n, grades_cn, threshold);
	*first = false;
	*first_cn = false;
}

static bool rule_holds(int threshold, long count)
{
	return threshold > 0 && count >= threshold;
}

int cr_unit_rate(const struct cr_rating_config *cfg, const struct cr_rating_input *in,
		 struct cr_rating *out, struct cr_err *err)
{
	if (!cfg || !in || !out)
		return cr_err_set(err, 500, "internal", "", "cr_unit_rate: missing argument");
	for (int g = CR_GRADE_MIN; g <= CR_GRADE_MAX; g++)
		if (in->points_by_grade[g] < 0)
			return cr_err_set(err, 400, "invalid", "points_by_grade",
					  "counts must not be negative");
	if (in->open_major_hazards < 0)
		return cr_err_set(err, 400, "invalid", "open_major_hazards",
				  "must not be negative");
	if (in->overdue_general_hazards < 0)
		return cr_err_set(err, 400, "invalid", "overdue_general_hazards",
				  "must not be negative");
	if (cfg->red_min_grade1 < 0 || cfg->red_min_open_major < 0 || cfg->red_min_grade2 < 0 ||
	    cfg->orange_min_grade2 < 0 || cfg->orange_min_overdue_general < 0 ||
	    cfg->orange_min_grade3 < 0 || cfg->yellow_min_grade3 < 0)
		return cr_err_set(err, 400, "invalid", "rating", "thresholds must not be negative");

	const long g1 = in->points_by_grade[1];
	const long g12 = g1 + in->points_by_grade[2];
	const long g123 = g12 + in->points_by_grade[3];
	const long total = g123 + in->points_by_grade[4];
	const long major = in->open_major_hazards, overdue = in->overdue_general_hazards;
	char en[200] = "", cn[200] = "";
	bool first = true, first_cn = true;
	int grade = 0;

	if (rule_holds(cfg->red_min_grade1, g1) || rule_holds(cfg->red_min_open_major, major) ||
	    rule_holds(cfg->red_min_grade2, g12)) {
		grade = CR_GRADE_I;
		if (rule_holds(cfg->red_min_grade1, g1)) {
			append(en, sizeof en, &first, "%ld grade Ⅰ risk point%s", g1, "s");
			append_cn(cn, sizeof cn, &first_cn, "%ld 个重大风险点", g1);
		}
		if (rule_holds(cfg->red_min_open_major, major)) {
			append(en, sizeof en, &first, "%ld open major hidden hazard%s", major, "s");
			append_cn(cn, sizeof cn, &first_cn, "%ld 项重大隐患未销号", major);
		}
		if (rule_holds(cfg->red_min_grade2, g12))
			count_rule(en, cn, sizeof en, &first, &first_cn, g12, cfg->red_min_grade2,
				   g1 ? "of grade Ⅱ or higher" : "of grade Ⅱ",
				   g1 ? "较大及以上" : "较大");
	} else if (rule_holds(cfg->orange_min_grade2, g12) ||
		   rule_holds(cfg->orange_min_overdue_general, overdue) ||
		   rule_holds(cfg->orange_min_grade3, g123)) {
		grade = CR_GRADE_II;
		if (rule_holds(cfg->orange_min_grade2, g12)) {
			append(en, sizeof en, &first,
			       g1 ? "%ld risk point%s of grade Ⅱ or higher"
				  : "%ld grade Ⅱ risk point%s",
			       g12, "s");
			append_cn(cn, sizeof cn, &first_cn,
				  g1 ? "%ld 个较大及以上风险点" : "%ld 个较大风险点", g12);
		}
		if (rule_holds(cfg->orange_min_overdue_general, overdue)) {
			append(en, sizeof en, &first, "%ld overdue general hidden hazard%s",
			       overdue, "s");
			append_cn(cn, sizeof cn, &first_cn, "%ld 项一般隐患逾期未整改", overdue);
		}
		if (rule_holds(cfg->orange_min_grade3, g123))
			count_rule(en, cn, sizeof en, &first, &first_cn, g123,
				   cfg->orange_min_grade3,
				   g12 ? "of grade Ⅲ or higher" : "of grade Ⅲ",
				   g12 ? "一般及以上" : "一般");
	} else if (rule_holds(cfg->yellow_min_grade3, g123)) {
		grade = CR_GRADE_III;
		append(en, sizeof en, &first,
		       g12 ? "%ld risk point%s of grade Ⅲ or higher" : "%ld grade Ⅲ risk point%s",
		       g123, "s");
		append_cn(cn, sizeof cn, &first_cn,
			  g12 ? "%ld 个一般及以上风险点" : "%ld 个一般风险点", g123);
	} else if (total > 0) {
		grade = CR_GRADE_IV;
		append(en, sizeof en, &first, "%ld risk point%s, none reaching a higher colour",
		       total, "s");
		append_cn(cn, sizeof cn, &first_cn, "%ld 个风险点，未达到更高颜色", total);
	}

	memset(out, 0, sizeof *out);
	out->grade = grade;
	if (grade) {
		out->color = cr_grade_color(grade);
		snprintf(out->reason, sizeof out->reason, "%s: %s%s", out->color, en,
			 total ? "" : " (no risk points reported)");
		snprintf(out->reason_cn, sizeof out->reason_cn, "%s：%s%s",
			 cr_grade_color_cn(grade), cn, total ? "" : "（未报告风险点）");
	} else {
		out->color = "unassessed";
		snprintf(out->reason, sizeof out->reason, "unassessed: no risk points reported");
		snprintf(out->reason_cn, sizeof out->reason_cn, "未评估：未报告风险点");
	}
	return 0;
}

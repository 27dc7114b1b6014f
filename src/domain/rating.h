/* rating.h — a unit's four-colour rating (红橙黄蓝 四色评级) from its risk points and hidden
 * hazards, with the reason in English and Chinese. Pure: no I/O, no allocation. */
#ifndef CR_RATING_H
#define CR_RATING_H

#include "core/err.h"

/* Thresholds of risk-methods.md "Unit four-colour rating" (Suzhou seed 001 三(二): "以企业单位存在
 * 风险的数量和等级作为评价…的核心指标"), plus two count rules of ours (red_min_grade2,
 * orange_min_grade3) so that many points of one grade rate above one point of it. A count rule
 * holds when its count is ≥ the threshold; a threshold of 0 switches the rule off. Point counts
 * are cumulative: the orange rule counts points of grade Ⅱ or higher, the yellow rule Ⅲ or higher
 * (the same result as the file's rule with the defaults, and monotone when thresholds are raised). */
struct cr_rating_config {
	int red_min_grade1;             /* grade Ⅰ points; default 1 */
	int red_min_open_major;         /* open 重大隐患; default 1 */
	int red_min_grade2;             /* points of grade Ⅱ or higher (count rule); default 5 */
	int orange_min_grade2;          /* points of grade Ⅱ or higher; default 1 */
	int orange_min_overdue_general; /* overdue 一般隐患; default 3 */
	int orange_min_grade3;          /* points of grade Ⅲ or higher (count rule); default 10 */
	int yellow_min_grade3;          /* points of grade Ⅲ or higher; default 1 */
};

struct cr_rating_input {
	int points_by_grade[5];      /* index 1..4 = grade Ⅰ..Ⅳ; index 0 ignored */
	int open_major_hazards;      /* open 重大隐患 (major hidden hazards) */
	int overdue_general_hazards; /* 一般隐患 past their rectification deadline */
};

/* color: static "red", "orange", "yellow", "blue" or "unassessed" (未评估: no risk points and no
 * hazard rule holds); grade: 1..4 matching the colour, 0 for unassessed. Reasons name every rule
 * that holds at the chosen colour, e.g. "red: 1 grade Ⅰ risk point" / "红：1 个重大风险点". */
struct cr_rating {
	const char *color;
	int grade;
	char reason[256];
	char reason_cn[256];
};

void cr_rating_config_default(struct cr_rating_config *cfg);

/* Rates one unit. -1 with err 400 "invalid" (field "points_by_grade", "open_major_hazards",
 * "overdue_general_hazards") for negative counts, or "rating" for a negative threshold. A count
 * rule's reason names its threshold, e.g. "red: 5 risk points of grade Ⅱ or higher (5 or more)". */
int cr_unit_rate(const struct cr_rating_config *cfg, const struct cr_rating_input *in,
		 struct cr_rating *out, struct cr_err *err);

#endif

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

/* 第三十三条 第二款's kinds among data/key-sectors.csv: 危险化学品生产、经营、储存 (C01–C03; not
 * C04 使用, which the article does not name), 烟花爆竹批发 (C12, F04), 成品油经营 (F05), 加油(气)站
 * (D03), 城镇燃气 (D04), 油气输送管道 (D02, transport), 两客一危 (G01, hazardous goods transport)
 * and 危化品码头 (G02); 金属冶炼: 冶金 (C05) and 高温熔融 (C06); 城市轨道交通运营 (G06); 建筑施工
 * (E01), 市政公用工程 (E02) and 公路水运工程 (E04); 宾馆 (H01, H03); 商场 (F01, L01 城市大型综合体);
 * 娱乐场所 (R04); 旅游景区 (R02). Sorted for the search. */
const char *const cr_plan_key_sectors[] = { "C01", "C02", "C03", "C05", "C06", "C12", "D02", "D03",
					    "D04", "E01", "E02", "E04", "F01", "F04", "F05", "G01",
					    "G02", "G06", "H01", "H03", "L01", "R02", "R04" };
const int cr_plan_key_sector_count =
	(int)(sizeof cr_plan_key_sectors / sizeof cr_plan_key_sectors[0]);

bool cr_plan_key_sector(const char *sector)
{
	for (int k = 0; sector && k < cr_plan_key_sector_count; k++)
		if (strcmp(sector, cr_plan_key_sectors[k]) == 0)
			return true;
	return false;
}

int cr_plan_drill_months(int type, bool key_unit)
{
	return type == 2 || key_unit ? 6 : 12;
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

/* The first date whose due date, `months` later, is not before today: a last date before it is
 * overdue. Month ends clamp (31 Aug + 6 months = 28 Feb), so today minus the months may itself be
 * overdue (today 29 Aug: 28 Feb is due 28 Aug); step on until it is not (at most three days). */
static int cut_of(const char *today, int months, char out[11])
{
	char due_on[11];
	if (cr_plan_months_before(today, months, out))
		return -1;
	for (int k = 0; k < 4; k++) {
		if (cr_plan_months_before(out, -months, due_on))
			return -1;
		if (strcmp(due_on, today) >= 0)
			return 0;
		if (cr_date_add(out, 1, out))
			return -1;
	}
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
	*overdue = strcmp(today, out) > 0;
}

void cr_plan_clock_at(int type, bool key_unit, const char *issued_on, const char *reviewed_on,
		      const char *drilled_on, const char *today, struct cr_plan_clock *out)
{
	out->drill_months = cr_plan_drill_months(type, key_unit);
	due(reviewed_on, issued_on, CR_PLAN_REVIEW_MONTHS, today, out->review_due,
	    &out->review_overdue);
	due(drilled_on, issued_on, out->drill_months, today, out->drill_due, &out->drill_overdue);
}

int cr_plan_cutoffs_at(const char *today, struct cr_plan_cutoffs *out)
{
	if (cut_of(today, CR_PLAN_REVIEW_MONTHS, out->review_cut))
		return -1;
	for (int key = 0; key < 2; key++)
		for (int k = 0; k < CR_PLAN_TYPES; k++)
			if (cut_of(today, cr_plan_drill_months(k, key), out->drill_cut[key][k]))
				return -1;
	return 0;
}

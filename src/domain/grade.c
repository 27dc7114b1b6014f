/* grade.c — the tables behind grade.h: names, colours, control levels and owner ranks.
 * Lookups only: no I/O, no allocation; the colours here are the only colour table in the project. */
#include "domain/grade.h"

#include <stddef.h>
#include <string.h>

/* Grades, names and colours: DOMAIN.md "Grades and colours"; Kunshan seed 000 附 for the
 * definitions; Jingjiang seed 004 三(二)2 for 红橙黄蓝 with red the highest.
 * The RGB values are a project choice (saturated process colours that print well), not a
 * standard: every page, report and map takes them from here. */
static const struct {
	const char *color, *color_cn, *hex, *name_cn, *name_en, *roman, *roman_ascii;
	const char *level, *level_cn;
} grades[CR_GRADE_MAX + 1] = {
	[CR_GRADE_I] = { "red", "红", "#e60012", "重大", "major", "Ⅰ", "I", "unit", "公司级" },
	[CR_GRADE_II] = { "orange", "橙", "#f39800", "较大", "significant", "Ⅱ", "II", "department",
			  "部门级" },
	[CR_GRADE_III] = { "yellow", "黄", "#fff100", "一般", "general", "Ⅲ", "III", "workshop",
			   "车间级" },
	[CR_GRADE_IV] = { "blue", "蓝", "#0068b7", "低", "low", "Ⅳ", "IV", "team", "班组级" },
};

/* Owner ranks, low to high: risk-methods.md "Responsible person"; Suzhou seed 001 三(一). */
static const struct {
	const char *name, *name_cn;
} ranks[CR_RANK_MAX + 1] = {
	[CR_RANK_STAFF] = { "staff", "员工" },
	[CR_RANK_TEAM_LEADER] = { "team_leader", "班组长" },
	[CR_RANK_WORKSHOP_HEAD] = { "workshop_head", "车间主任" },
	[CR_RANK_MIDDLE_MANAGER] = { "middle_manager", "中层管理人员" },
	[CR_RANK_DEPUTY_GM] = { "deputy_gm", "副总经理" },
	[CR_RANK_GM] = { "gm", "总经理/法定代表人" },
};

bool cr_grade_valid(int grade)
{
	return grade >= CR_GRADE_MIN && grade <= CR_GRADE_MAX;
}

const char *cr_grade_color(int grade)
{
	return cr_grade_valid(grade) ? grades[grade].color : NULL;
}

const char *cr_grade_color_cn(int grade)
{
	return cr_grade_valid(grade) ? grades[grade].color_cn : NULL;
}

const char *cr_grade_color_hex(int grade)
{
	return cr_grade_valid(grade) ? grades[grade].hex : NULL;
}

const char *cr_grade_name_cn(int grade)
{
	return cr_grade_valid(grade) ? grades[grade].name_cn : NULL;
}

const char *cr_grade_name_en(int grade)
{
	return cr_grade_valid(grade) ? grades[grade].name_en : NULL;
}

const char *cr_grade_roman(int grade)
{
	return cr_grade_valid(grade) ? grades[grade].roman : NULL;
}

int cr_grade_top(const long long counts[5])
{
	for (int g = CR_GRADE_I; g < CR_GRADE_IV; g++)
		if (counts[g])
			return g;
	return CR_GRADE_IV;
}

int cr_grade_from_color(const char *color)
{
	if (!color)
		return 0;
	for (int g = CR_GRADE_MIN; g <= CR_GRADE_MAX; g++)
		if (strcmp(color, grades[g].color) == 0)
			return g;
	return 0;
}

int cr_grade_parse(const char *s)
{
	if (!s)
		return 0;
	for (int g = CR_GRADE_MIN; g <= CR_GRADE_MAX; g++) {
		char digit[2] = { (char)('0' + g), '\0' };
		char full_cn[16];
		size_t n = strlen(grades[g].name_cn);
		memcpy(full_cn, grades[g].name_cn, n);
		memcpy(full_cn + n, "风险", sizeof "风险");
		if (strcmp(s, digit) == 0 || strcmp(s, grades[g].roman) == 0 ||
		    strcmp(s, grades[g].roman_ascii) == 0 || strcmp(s, grades[g].color) == 0 ||
		    strcmp(s, grades[g].color_cn) == 0 || strcmp(s, grades[g].name_cn) == 0 ||
		    strcmp(s, full_cn) == 0)
			return g;
	}
	return 0;
}

const char *cr_control_level(int grade)
{
	return cr_grade_valid(grade) ? grades[grade].level : NULL;
}

const char *cr_control_level_cn(int grade)
{
	return cr_grade_valid(grade) ? grades[grade].level_cn : NULL;
}

int cr_owner_rank_parse(const char *name)
{
	if (!name)
		return 0;
	for (int r = CR_RANK_STAFF; r <= CR_RANK_MAX; r++)
		if (strcmp(name, ranks[r].name) == 0)
			return r;
	return 0;
}

const char *cr_owner_rank_name(int rank)
{
	return rank >= CR_RANK_STAFF && rank <= CR_RANK_MAX ? ranks[rank].name : NULL;
}

const char *cr_owner_rank_name_cn(int rank)
{
	return rank >= CR_RANK_STAFF && rank <= CR_RANK_MAX ? ranks[rank].name_cn : NULL;
}

/* Suzhou seed 001 三(一) "一险一人": 较大风险包保责任人至少应为企业单位中层，重大风险至少应为副总级. */
int cr_owner_rank_required(int grade)
{
	switch (grade) {
	case CR_GRADE_I:
		return CR_RANK_DEPUTY_GM;
	case CR_GRADE_II:
		return CR_RANK_MIDDLE_MANAGER;
	case CR_GRADE_III:
	case CR_GRADE_IV:
		return CR_RANK_STAFF;
	default:
		return 0;
	}
}

bool cr_owner_rank_sufficient(int grade, int rank)
{
	int need = cr_owner_rank_required(grade);
	return need && rank >= CR_RANK_STAFF && rank <= CR_RANK_MAX && rank >= need;
}

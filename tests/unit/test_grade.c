/* test_grade.c — unit tests of grade.h: names, the colour table, control levels, owner ranks.
 * Pure lookups; no I/O beyond the harness. */
#include "domain/grade.h"
#include "harness.h"

TEST(grade_colors)
{
	STR_EQ(cr_grade_color(1), "red");
	STR_EQ(cr_grade_color(2), "orange");
	STR_EQ(cr_grade_color(3), "yellow");
	STR_EQ(cr_grade_color(4), "blue");
	OK(cr_grade_color(0) == NULL);
	OK(cr_grade_color(5) == NULL);
	OK(cr_grade_color(-1) == NULL);
	STR_EQ(cr_grade_color_cn(1), "红");
	STR_EQ(cr_grade_color_cn(4), "蓝");
	STR_EQ(cr_grade_color_hex(1), "#e60012");
	OK(cr_grade_color_hex(9) == NULL);
}

TEST(grade_top_of_counts)
{
	const long long some2[5] = { 0, 0, 3, 7, 1 }, some1[5] = { 0, 1, 0, 0, 9 };
	const long long only4[5] = { 0, 0, 0, 0, 5 }, only3[5] = { 0, 0, 0, 2, 0 };
	const long long none[5] = { 0 };
	INT_EQ(cr_grade_top(some1), 1);
	INT_EQ(cr_grade_top(some2), 2);
	INT_EQ(cr_grade_top(only3), 3);
	INT_EQ(cr_grade_top(only4), 4);
	INT_EQ(cr_grade_top(none), 4);
}

TEST(grade_names)
{
	STR_EQ(cr_grade_name_cn(1), "重大");
	STR_EQ(cr_grade_name_cn(2), "较大");
	STR_EQ(cr_grade_name_cn(3), "一般");
	STR_EQ(cr_grade_name_cn(4), "低");
	STR_EQ(cr_grade_roman(1), "Ⅰ");
	STR_EQ(cr_grade_roman(2), "Ⅱ");
	STR_EQ(cr_grade_roman(3), "Ⅲ");
	STR_EQ(cr_grade_roman(4), "Ⅳ");
	OK(cr_grade_roman(0) == NULL);
	STR_EQ(cr_grade_name_en(2), "significant");
	OK(cr_grade_name_cn(7) == NULL);
}

TEST(grade_from_color_and_parse)
{
	INT_EQ(cr_grade_from_color("red"), 1);
	INT_EQ(cr_grade_from_color("orange"), 2);
	INT_EQ(cr_grade_from_color("yellow"), 3);
	INT_EQ(cr_grade_from_color("blue"), 4);
	INT_EQ(cr_grade_from_color("Red"), 0);
	INT_EQ(cr_grade_from_color("unassessed"), 0);
	INT_EQ(cr_grade_from_color(NULL), 0);
	INT_EQ(cr_grade_from_color(""), 0);
	for (int g = 1; g <= 4; g++)
		INT_EQ(cr_grade_from_color(cr_grade_color(g)), g);
	INT_EQ(cr_grade_parse("1"), 1);
	INT_EQ(cr_grade_parse("IV"), 4);
	INT_EQ(cr_grade_parse("Ⅲ"), 3);
	INT_EQ(cr_grade_parse("较大"), 2);
	INT_EQ(cr_grade_parse("重大风险"), 1);
	INT_EQ(cr_grade_parse("低风险"), 4);
	INT_EQ(cr_grade_parse("橙"), 2);
	INT_EQ(cr_grade_parse("5"), 0);
	INT_EQ(cr_grade_parse("V"), 0);
	INT_EQ(cr_grade_parse(NULL), 0);
}

TEST(grade_control_level)
{
	STR_EQ(cr_control_level(1), "unit");
	STR_EQ(cr_control_level(2), "department");
	STR_EQ(cr_control_level(3), "workshop");
	STR_EQ(cr_control_level(4), "team");
	STR_EQ(cr_control_level_cn(1), "公司级");
	STR_EQ(cr_control_level_cn(4), "班组级");
	OK(cr_control_level(0) == NULL);
	OK(cr_control_level(5) == NULL);
}

TEST(grade_owner_ranks)
{
	static const char *const names[] = { "staff",          "team_leader", "workshop_head",
					     "middle_manager", "deputy_gm",   "gm" };
	for (int r = 1; r <= 6; r++) {
		INT_EQ(cr_owner_rank_parse(names[r - 1]), r);
		STR_EQ(cr_owner_rank_name(r), names[r - 1]);
		OK(cr_owner_rank_name_cn(r) != NULL);
	}
	INT_EQ(cr_owner_rank_parse("ceo"), 0);
	INT_EQ(cr_owner_rank_parse(NULL), 0);
	OK(cr_owner_rank_name(0) == NULL);
	OK(cr_owner_rank_name(7) == NULL);
}

/* Suzhou seed 001 三(一): Ⅱ needs at least a middle manager, Ⅰ at least a deputy GM. */
TEST(grade_owner_rank_sufficient)
{
	OK(!cr_owner_rank_sufficient(1, CR_RANK_MIDDLE_MANAGER));
	OK(cr_owner_rank_sufficient(1, CR_RANK_DEPUTY_GM));
	OK(cr_owner_rank_sufficient(1, CR_RANK_GM));
	OK(!cr_owner_rank_sufficient(2, CR_RANK_WORKSHOP_HEAD));
	OK(cr_owner_rank_sufficient(2, CR_RANK_MIDDLE_MANAGER));
	OK(cr_owner_rank_sufficient(2, CR_RANK_GM));
	OK(cr_owner_rank_sufficient(3, CR_RANK_STAFF));
	OK(cr_owner_rank_sufficient(4, CR_RANK_STAFF));
	OK(!cr_owner_rank_sufficient(4, 0));
	OK(!cr_owner_rank_sufficient(4, 7));
	OK(!cr_owner_rank_sufficient(0, CR_RANK_GM));
	OK(!cr_owner_rank_sufficient(5, CR_RANK_GM));
	INT_EQ(cr_owner_rank_required(1), CR_RANK_DEPUTY_GM);
	INT_EQ(cr_owner_rank_required(2), CR_RANK_MIDDLE_MANAGER);
	INT_EQ(cr_owner_rank_required(3), CR_RANK_STAFF);
	INT_EQ(cr_owner_rank_required(0), 0);
}

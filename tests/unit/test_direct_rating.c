/* test_direct_rating.c — unit tests of direct.h (直接判定, residual grade) and rating.h (unit
 * four-colour rating). No I/O beyond the harness. */
#include "domain/direct.h"
#include "domain/rating.h"
#include "harness.h"

TEST(direct_no_rule)
{
	struct cr_direct_config cfg;
	struct cr_direct_facts f = { 0 };
	const char *rule = "x";
	cr_direct_config_default(&cfg);
	INT_EQ(cr_direct_determine(&cfg, &f, &rule), 0);
	OK(rule == NULL);
}

/* DB37/T 2882 family: "涉及重大危险源的" — a major hazard source of any grade (一级…四级) is
 * determined directly by default; DOMAIN.md "Grades and colours" says the same. */
TEST(direct_major_hazard_source_any_grade)
{
	struct cr_direct_config cfg;
	const char *rule = NULL;
	cr_direct_config_default(&cfg);
	INT_EQ(cfg.major_hazard_source_max_grade, 4);
	for (int g = 1; g <= 4; g++) {
		struct cr_direct_facts f = { .major_hazard_source_grade = g };
		INT_EQ(cr_direct_determine(&cfg, &f, &rule), 1);
		STR_EQ(rule, cr_direct_rule_text(CR_DIRECT_MAJOR_HAZARD_SOURCE));
	}
	cfg.major_hazard_source_max_grade = 2; /* the narrower reading, configurable */
	struct cr_direct_facts f3 = { .major_hazard_source_grade = 3 };
	INT_EQ(cr_direct_determine(&cfg, &f3, &rule), 0);
	f3.major_hazard_source_grade = 2;
	INT_EQ(cr_direct_determine(&cfg, &f3, &rule), 1);
}

TEST(direct_each_rule)
{
	struct cr_direct_config cfg;
	const char *rule = NULL;
	cr_direct_config_default(&cfg);

	struct cr_direct_facts a = { .mandatory_violation = true };
	INT_EQ(cr_direct_determine(&cfg, &a, &rule), 1);
	STR_EQ(rule, cr_direct_rule_text(CR_DIRECT_MANDATORY_VIOLATION));
	OK(strstr(rule, "mandatory") != NULL);

	struct cr_direct_facts b = { .accident_conditions_persist = true };
	INT_EQ(cr_direct_determine(&cfg, &b, &rule), 1);
	STR_EQ(rule, cr_direct_rule_text(CR_DIRECT_ACCIDENT_CONDITIONS_PERSIST));

	struct cr_direct_facts c = { .major_hazard_source_grade = 1 };
	INT_EQ(cr_direct_determine(&cfg, &c, &rule), 1);
	STR_EQ(rule, cr_direct_rule_text(CR_DIRECT_MAJOR_HAZARD_SOURCE));
	c.major_hazard_source_grade = 2;
	INT_EQ(cr_direct_determine(&cfg, &c, &rule), 1);

	struct cr_direct_facts d = { .hazardous_10plus_people = true };
	INT_EQ(cr_direct_determine(&cfg, &d, &rule), 1);
	STR_EQ(rule, cr_direct_rule_text(CR_DIRECT_HAZARDOUS_10PLUS_PEOPLE));

	struct cr_direct_facts e = { .open_major_hazard = true };
	INT_EQ(cr_direct_determine(&cfg, &e, &rule), 1);
	STR_EQ(rule, cr_direct_rule_text(CR_DIRECT_OPEN_MAJOR_HAZARD));
}

TEST(direct_switches_and_order)
{
	struct cr_direct_config cfg;
	const char *rule = NULL;
	struct cr_direct_facts f = { .mandatory_violation = true, .open_major_hazard = true };
	cr_direct_config_default(&cfg);
	INT_EQ(cr_direct_determine(&cfg, &f, &rule), 1);
	STR_EQ(rule, cr_direct_rule_text(CR_DIRECT_MANDATORY_VIOLATION)); /* first rule wins */
	cfg.enabled[CR_DIRECT_MANDATORY_VIOLATION] = false;
	INT_EQ(cr_direct_determine(&cfg, &f, &rule), 1);
	STR_EQ(rule, cr_direct_rule_text(CR_DIRECT_OPEN_MAJOR_HAZARD));
	cfg.enabled[CR_DIRECT_OPEN_MAJOR_HAZARD] = false;
	INT_EQ(cr_direct_determine(&cfg, &f, &rule), 0);
	OK(rule == NULL);

	struct cr_direct_facts g = { .major_hazard_source_grade = 4 };
	cr_direct_config_default(&cfg);
	cfg.major_hazard_source_max_grade = 4; /* every major hazard source */
	INT_EQ(cr_direct_determine(&cfg, &g, &rule), 1);
	cfg.major_hazard_source_max_grade = 1;
	g.major_hazard_source_grade = 2;
	INT_EQ(cr_direct_determine(&cfg, &g, &rule), 0);
	g.major_hazard_source_grade = 1;
	cfg.enabled[CR_DIRECT_MAJOR_HAZARD_SOURCE] = false;
	INT_EQ(cr_direct_determine(&cfg, &g, &rule), 0);
}

TEST(direct_invalid)
{
	struct cr_direct_config cfg;
	struct cr_direct_facts f = { .major_hazard_source_grade = 5 };
	cr_direct_config_default(&cfg);
	INT_EQ(cr_direct_determine(&cfg, &f, NULL), -1);
	f.major_hazard_source_grade = -1;
	INT_EQ(cr_direct_determine(&cfg, &f, NULL), -1);
	INT_EQ(cr_direct_determine(NULL, &f, NULL), -1);
	INT_EQ(cr_direct_determine(&cfg, NULL, NULL), -1);
	STR_EQ(cr_direct_rule_key(CR_DIRECT_MAJOR_HAZARD_SOURCE), "major_hazard_source");
	OK(cr_direct_rule_key((enum cr_direct_rule)5) == NULL);
}

TEST(direct_residual_grade)
{
	INT_EQ(cr_residual_grade(4, 1), 1);
	INT_EQ(cr_residual_grade(3, 0), 3);
	INT_EQ(cr_residual_grade(1, 0), 1);
	INT_EQ(cr_residual_grade(1, 1), 1);
	INT_EQ(cr_residual_grade(0, 1), 1);
	INT_EQ(cr_residual_grade(2, 3), 2); /* a direct grade never lowers */
	INT_EQ(cr_residual_grade(0, 0), 0);
	INT_EQ(cr_residual_grade(9, 0), 0);
	INT_EQ(cr_residual_grade(2, 9), 2);
}

static struct cr_rating rate(int g1, int g2, int g3, int g4, int major, int overdue)
{
	struct cr_rating_config cfg;
	struct cr_rating_input in = { { 0, g1, g2, g3, g4 }, major, overdue };
	struct cr_rating out = { 0 };
	struct cr_err err = { 0 };
	cr_rating_config_default(&cfg);
	if (cr_unit_rate(&cfg, &in, &out, &err))
		out.color = "error";
	return out;
}

TEST(rating_colors)
{
	struct cr_rating r;
	r = rate(1, 0, 0, 0, 0, 0);
	STR_EQ(r.color, "red");
	INT_EQ(r.grade, 1);
	STR_EQ(r.reason, "red: 1 grade Ⅰ risk point");
	STR_EQ(r.reason_cn, "红：1 个重大风险点");
	r = rate(2, 2, 0, 0, 1, 5);
	STR_EQ(r.reason, "red: 2 grade Ⅰ risk points, 1 open major hidden hazard");
	STR_EQ(r.reason_cn, "红：2 个重大风险点，1 项重大隐患未销号");
	r = rate(0, 0, 0, 4, 2, 0);
	STR_EQ(r.color, "red");
	STR_EQ(r.reason, "red: 2 open major hidden hazards");
	r = rate(0, 1, 5, 5, 0, 0);
	STR_EQ(r.color, "orange");
	STR_EQ(r.reason, "orange: 1 grade Ⅱ risk point");
	STR_EQ(r.reason_cn, "橙：1 个较大风险点");
	r = rate(0, 0, 0, 1, 0, 2);
	STR_EQ(r.color, "blue"); /* 2 overdue general hazards: below the 3 of the rule */
	r = rate(0, 0, 0, 1, 0, 3);
	STR_EQ(r.color, "orange");
	STR_EQ(r.reason, "orange: 3 overdue general hidden hazards");
	STR_EQ(r.reason_cn, "橙：3 项一般隐患逾期未整改");
	r = rate(0, 0, 2, 7, 0, 2);
	STR_EQ(r.color, "yellow");
	STR_EQ(r.reason, "yellow: 2 grade Ⅲ risk points");
	STR_EQ(r.reason_cn, "黄：2 个一般风险点");
	r = rate(0, 0, 0, 7, 0, 0);
	STR_EQ(r.color, "blue");
	INT_EQ(r.grade, 4);
	STR_EQ(r.reason, "blue: 7 risk points, none reaching a higher colour");
}

/* Suzhou seed 001 三(二) rates a unit by the number and the grade of its risks: the count rules
 * (our defaults: 5 points of grade Ⅱ or higher → red, 10 of grade Ⅲ or higher → orange), at
 * N − 1 and N, with the threshold named in the reason. */
TEST(rating_count_rules)
{
	struct cr_rating_config cfg;
	struct cr_rating r;
	cr_rating_config_default(&cfg);
	INT_EQ(cfg.red_min_grade2, 5);
	INT_EQ(cfg.orange_min_grade3, 10);
	r = rate(0, 4, 0, 0, 0, 0);
	STR_EQ(r.color, "orange");
	r = rate(0, 5, 0, 0, 0, 0);
	STR_EQ(r.color, "red");
	INT_EQ(r.grade, 1);
	STR_EQ(r.reason, "red: 5 risk points of grade Ⅱ (5 or more)");
	STR_EQ(r.reason_cn, "红：5 个较大风险点（5 个及以上）");
	r = rate(0, 50, 0, 0, 0, 0); /* fifty Ⅱ points no longer rate as one */
	STR_EQ(r.color, "red");
	r = rate(1, 4, 0, 0, 0, 0);
	STR_EQ(r.reason,
	       "red: 1 grade Ⅰ risk point, 5 risk points of grade Ⅱ or higher (5 or more)");
	r = rate(0, 0, 9, 3, 0, 0);
	STR_EQ(r.color, "yellow");
	r = rate(0, 0, 10, 0, 0, 0);
	STR_EQ(r.color, "orange");
	STR_EQ(r.reason, "orange: 10 risk points of grade Ⅲ (10 or more)");
	STR_EQ(r.reason_cn, "橙：10 个一般风险点（10 个及以上）");
	r = rate(0, 1, 9, 0, 0, 0);
	STR_EQ(r.reason,
	       "orange: 1 grade Ⅱ risk point, 10 risk points of grade Ⅲ or higher (10 or more)");
	r = rate(0, 0, 9, 50, 0, 0); /* grade Ⅳ points do not count */
	STR_EQ(r.color, "yellow");

	/* 0 switches a count rule off; thresholds are configurable. */
	struct cr_rating_input in = { { 0, 0, 7, 0, 0 }, 0, 0 };
	struct cr_rating out;
	struct cr_err err = { 0 };
	cfg.red_min_grade2 = 0;
	INT_EQ(cr_unit_rate(&cfg, &in, &out, &err), 0);
	STR_EQ(out.color, "orange");
	cfg.red_min_grade2 = 7;
	INT_EQ(cr_unit_rate(&cfg, &in, &out, &err), 0);
	STR_EQ(out.color, "red");
	cfg.red_min_grade2 = 8;
	INT_EQ(cr_unit_rate(&cfg, &in, &out, &err), 0);
	STR_EQ(out.color, "orange");
	in = (struct cr_rating_input){ { 0, 0, 0, 3, 0 }, 0, 0 };
	cfg.orange_min_grade3 = 3;
	INT_EQ(cr_unit_rate(&cfg, &in, &out, &err), 0);
	STR_EQ(out.color, "orange");
	cfg.orange_min_grade3 = 0;
	INT_EQ(cr_unit_rate(&cfg, &in, &out, &err), 0);
	STR_EQ(out.color, "yellow");
	cfg.orange_min_grade3 = -1;
	INT_EQ(cr_unit_rate(&cfg, &in, &out, &err), -1);
	STR_EQ(err.field, "rating");
}

TEST(rating_unassessed)
{
	struct cr_rating r = rate(0, 0, 0, 0, 0, 0);
	STR_EQ(r.color, "unassessed");
	INT_EQ(r.grade, 0);
	STR_EQ(r.reason, "unassessed: no risk points reported");
	STR_EQ(r.reason_cn, "未评估：未报告风险点");
	r = rate(0, 0, 0, 0, 0, 2);
	STR_EQ(r.color, "unassessed");
	/* A hazard rule still holds without points, and says the points are missing. */
	r = rate(0, 0, 0, 0, 1, 0);
	STR_EQ(r.color, "red");
	STR_EQ(r.reason, "red: 1 open major hidden hazard (no risk points reported)");
	r = rate(0, 0, 0, 0, 0, 4);
	STR_EQ(r.color, "orange");
}

TEST(rating_config_and_errors)
{
	struct cr_rating_config cfg;
	struct cr_rating_input in = { { 0, 1, 0, 0, 0 }, 0, 0 };
	struct cr_rating out;
	struct cr_err err = { 0 };
	cr_rating_config_default(&cfg);
	cfg.red_min_grade1 = 2; /* one grade Ⅰ point no longer makes a unit red */
	INT_EQ(cr_unit_rate(&cfg, &in, &out, &err), 0);
	STR_EQ(out.color, "orange");
	STR_EQ(out.reason, "orange: 1 risk point of grade Ⅱ or higher");
	cfg.red_min_grade1 = 0;    /* rule off */
	in.points_by_grade[1] = 4; /* below the count rule's 5 */
	INT_EQ(cr_unit_rate(&cfg, &in, &out, &err), 0);
	STR_EQ(out.color, "orange");
	cfg.orange_min_overdue_general = 0;
	in = (struct cr_rating_input){ { 0, 0, 0, 0, 1 }, 0, 50 };
	INT_EQ(cr_unit_rate(&cfg, &in, &out, &err), 0);
	STR_EQ(out.color, "blue");

	in.points_by_grade[2] = -1;
	INT_EQ(cr_unit_rate(&cfg, &in, &out, &err), -1);
	INT_EQ(err.status, 400);
	STR_EQ(err.field, "points_by_grade");
	in.points_by_grade[2] = 0;
	in.overdue_general_hazards = -3;
	INT_EQ(cr_unit_rate(&cfg, &in, &out, &err), -1);
	STR_EQ(err.field, "overdue_general_hazards");
	in.overdue_general_hazards = 0;
	in.open_major_hazards = -1;
	INT_EQ(cr_unit_rate(&cfg, &in, &out, &err), -1);
	STR_EQ(err.field, "open_major_hazards");
	in.open_major_hazards = 0;
	cfg.yellow_min_grade3 = -1;
	INT_EQ(cr_unit_rate(&cfg, &in, &out, &err), -1);
	STR_EQ(err.field, "rating");
}

/* test_report_rules.c — who may have which risk assessment report (domain/report_scope.c) and the
 * report's recommendations (domain/report_advice.c), against docs/SECURITY.md's row
 * `report read` and docs/METHODS.md "Report recommendations". */
#include <stdio.h>
#include <string.h>

#include "domain/report_advice.h"
#include "domain/report_scope.h"
#include "harness.h"

static struct cr_user user(enum cr_role role, const char *region, const char *dept)
{
	struct cr_user u = { .id = 1, .role = role };
	snprintf(u.region, sizeof u.region, "%s", region);
	snprintf(u.dept, sizeof u.dept, "%s", dept);
	return u;
}

TEST(report_scope_by_role)
{
	struct cr_err err = { 0 };
	char region[16];
	struct cr_user city = user(CR_ROLE_CITY, "3205", ""),
		       ks = user(CR_ROLE_DISTRICT, "320583", "");
	struct cr_user street = user(CR_ROLE_STREET, "320583100", "");
	struct cr_user unit = user(CR_ROLE_UNIT, "320583", "");
	struct cr_user ajj = user(CR_ROLE_CITY_DEPT, "3205", "AJJ");
	OK(cr_report_scope(&city, "3205", CR_REPORT_CITY, NULL, region, &err) == 0);
	STR_EQ(region, "3205");
	OK(cr_report_scope(&ajj, "3205", CR_REPORT_CITY, NULL, region, &err) == 0);
	OK(cr_report_scope(&ks, "3205", CR_REPORT_CITY, NULL, region, &err) == -1);
	INT_EQ(err.status, 403);
	STR_EQ(err.field, "kind");
	OK(cr_report_scope(&ks, "3205", CR_REPORT_DISTRICT, "320583", region, &err) == 0);
	STR_EQ(region, "320583");
	OK(cr_report_scope(&ks, "3205", CR_REPORT_DISTRICT, "320509", region, &err) == -1);
	INT_EQ(err.status, 403);
	STR_EQ(err.field, "code");
	OK(cr_report_scope(&street, "3205", CR_REPORT_DISTRICT, "320583", region, &err) == -1);
	INT_EQ(err.status, 403);
	OK(cr_report_scope(&street, "3205", CR_REPORT_INDUSTRY, "C01", region, &err) == 0);
	STR_EQ(region, "320583100");
	OK(cr_report_scope(&city, "3205", CR_REPORT_INDUSTRY, "C01", region, &err) == 0);
	STR_EQ(region, "3205");
	OK(cr_report_scope(&unit, "3205", CR_REPORT_INDUSTRY, "C01", region, &err) == -1);
	INT_EQ(err.status, 403);
	STR_EQ(region, "");
}

TEST(report_scope_refuses_codes)
{
	struct cr_err err = { 0 };
	char region[16];
	struct cr_user city = user(CR_ROLE_CITY, "3205", "");
	const char *bad_districts[] = { NULL, "", "32058", "3205833", "110101", "32058a" };
	for (size_t i = 0; i < sizeof bad_districts / sizeof bad_districts[0]; i++) {
		OK(cr_report_scope(&city, "3205", CR_REPORT_DISTRICT, bad_districts[i], region,
				   &err) == -1);
		INT_EQ(err.status, 400);
		STR_EQ(err.field, "code");
	}
	const char *bad_sectors[] = { NULL, "", "C 01", "C01;", "ABCDEFGHIJKLMNOP" };
	for (size_t i = 0; i < sizeof bad_sectors / sizeof bad_sectors[0]; i++)
		OK(cr_report_scope(&city, "3205", CR_REPORT_INDUSTRY, bad_sectors[i], region,
				   &err) == -1);
	enum cr_report_kind k;
	OK(cr_report_kind_parse("town", &k, &err) == -1);
	STR_EQ(err.field, "kind");
	OK(cr_report_kind_parse("district", &k, &err) == 0);
	INT_EQ(k, CR_REPORT_DISTRICT);
}

TEST(report_advice_rules)
{
	struct cr_advice_area areas[] = {
		{ "姑苏区", "red", 9, 3, 120 },
		{ "昆山市", "orange", 87, 10, 200 },
		{ "吴中区", "blue", 51, 7, 0 },
		{ "太仓市", "red", 35, 8, 138 },
	};
	struct cr_advice_input in = {
		.areas = areas,
		.nareas = 4,
		.units_red = 458,
		.flagged_owners = 220,
		.hazards_found = 556,
		.hazards_overdue = 69,
		.hazards_major_open = 40,
		.closure_rate = 0.371,
		.sources_without_plan = -1,
	};
	char out[CR_ADVICE_MAX][CR_ADVICE_LEN];
	size_t n = cr_report_advice(&in, out);
	INT_EQ(n, 7);
	OK(strstr(out[0], "姑苏区、太仓市在风险叠加四色图上为红色") == out[0]);
	OK(strstr(out[1], "昆山市（87 个）、吴中区（51 个）、太仓市（35 个）") != NULL);
	OK(strstr(out[2], "有 69 项隐患逾期未整改，集中在昆山市（10 项）、太仓市（8 "
			  "项）、吴中区（7 项）") == out[2]);
	OK(strstr(out[3], "40 项重大隐患") != NULL);
	OK(strstr(out[4], "隐患整改率为 37.1%，低于 60%") == out[4]);
	OK(strstr(out[5], "220 个风险点") == out[5]);
	OK(strstr(out[6],
		  "红色单位 458 家，最多的是昆山市（200 家）、太仓市（138 家）、姑苏区（120 "
		  "家）：") == out[6]);
	for (size_t i = 0; i < n; i++)
		OK(strstr(out[i], "全市") == NULL);
	/* plans known: the eighth rule; nothing to say: the one closing sentence */
	in.sources_without_plan = 3;
	OK(cr_report_advice(&in, out) == 8);
	OK(strstr(out[7], "3 个重大危险源尚无应急预案") == out[7]);
	OK(strstr(out[7], "逾期") == NULL);
	/* plans overdue join the plan sentence, or make one of their own */
	in.plans_overdue = 5;
	OK(cr_report_advice(&in, out) == 8);
	OK(strstr(out[7], "按一对一要求限期编制并组织演练；5 份应急预案逾期未评估或未演练") !=
	   NULL);
	in.sources_without_plan = 0;
	OK(cr_report_advice(&in, out) == 8);
	OK(strstr(out[7], "5 份应急预案逾期未评估或未演练：督促单位限期评估、组织演练。") ==
	   out[7]);
	struct cr_advice_input quiet = { .closure_rate = 1, .sources_without_plan = -1 };
	OK(cr_report_advice(&quiet, out) == 1);
	OK(strstr(out[0], "未发现需要特别关注的问题") == out[0]);
	/* a good closure rate is not called out */
	struct cr_advice_input good = { .hazards_found = 10, .closure_rate = 0.6 };
	OK(cr_report_advice(&good, out) == 1);
}

/* test_user_scope.c — the role and scope rules of domain/user.c: territory, industry, self. */
#include "core/err.h"
#include "domain/user.h"
#include "harness.h"

static struct cr_user mk(enum cr_role role, const char *region, const char *dept, long long unit)
{
	struct cr_user u = { .id = 1, .role = role, .unit_id = unit };
	snprintf(u.region, sizeof u.region, "%s", region);
	snprintf(u.dept, sizeof u.dept, "%s", dept);
	return u;
}

TEST(scope_district_reads_only_its_territory)
{
	struct cr_user ks = mk(CR_ROLE_DISTRICT, "320583", "", 0);
	OK(cr_user_can_read_unit(&ks, 5, "320583102", "AJJ"));
	OK(!cr_user_can_read_unit(&ks, 5, "320509101", "AJJ"));
	OK(cr_user_can_manage_unit(&ks, "320583", "JYJ"));
	OK(!cr_user_can_manage_unit(&ks, "320509", "JYJ"));
}

TEST(scope_department_reads_only_its_industry)
{
	struct cr_user d = mk(CR_ROLE_CITY_DEPT, "3205", "AJJ", 0);
	OK(cr_user_can_read_unit(&d, 5, "320583102", "AJJ"));
	OK(!cr_user_can_read_unit(&d, 5, "320583102", "JYJ"));
	struct cr_user dd = mk(CR_ROLE_DISTRICT_DEPT, "320583", "AJJ", 0);
	OK(!cr_user_can_read_unit(&dd, 5, "320509102", "AJJ"));
	OK(cr_user_can_read_unit(&dd, 5, "320583102", "AJJ"));
}

TEST(scope_unit_user_sees_and_edits_only_itself)
{
	struct cr_user u = mk(CR_ROLE_UNIT, "", "", 42);
	OK(cr_user_can_read_unit(&u, 42, "320583102", "AJJ"));
	OK(!cr_user_can_read_unit(&u, 43, "320583102", "AJJ"));
	OK(cr_user_can_edit_unit(&u, 42, "320583102", "AJJ"));
	OK(!cr_user_can_manage_unit(&u, "320583102", "AJJ"));
}

TEST(scope_expert_reads_but_never_writes)
{
	struct cr_user e = mk(CR_ROLE_EXPERT, "3205", "", 0);
	OK(cr_user_can_read_unit(&e, 1, "320583102", "AJJ"));
	OK(!cr_user_can_manage_unit(&e, "320583102", "AJJ"));
	OK(!cr_user_can_edit_unit(&e, 1, "320583102", "AJJ"));
}

TEST(scope_region_filter_narrows_or_refuses)
{
	struct cr_user ks = mk(CR_ROLE_DISTRICT, "320583", "", 0);
	char out[24];
	OK(cr_user_region_filter(&ks, "320583102", out, sizeof out));
	STR_EQ(out, "320583102");
	OK(cr_user_region_filter(&ks, "3205", out, sizeof out));
	STR_EQ(out, "320583");
	OK(cr_user_region_filter(&ks, NULL, out, sizeof out));
	STR_EQ(out, "320583");
	OK(!cr_user_region_filter(&ks, "320509", out, sizeof out));
}

TEST(user_admin_rights_follow_territory)
{
	struct cr_user city = mk(CR_ROLE_CITY, "3205", "", 0);
	struct cr_user ks = mk(CR_ROLE_DISTRICT, "320583", "", 0);
	struct cr_user st = mk(CR_ROLE_STREET, "320583100", "", 0);
	OK(cr_user_can_admin(&city, CR_ROLE_DISTRICT, "320509"));
	OK(cr_user_can_admin(&city, CR_ROLE_EXPERT, ""));
	OK(!cr_user_can_admin(&city, CR_ROLE_DISTRICT, "320100"));
	OK(cr_user_can_admin(&ks, CR_ROLE_STREET, "320583100"));
	OK(cr_user_can_admin(&ks, CR_ROLE_UNIT, "320583102"));
	OK(!cr_user_can_admin(&ks, CR_ROLE_DISTRICT, "320583"));
	OK(!cr_user_can_admin(&ks, CR_ROLE_STREET, "320509100"));
	OK(!cr_user_can_admin(&ks, CR_ROLE_CITY_DEPT, ""));
	OK(!cr_user_can_admin(&st, CR_ROLE_UNIT, "320583100"));
}

TEST(role_names_round_trip)
{
	for (int i = 0; i < CR_ROLE_COUNT; i++) {
		enum cr_role r;
		INT_EQ(cr_role_parse(cr_role_name((enum cr_role)i), &r), 0);
		INT_EQ(r, i);
	}
	enum cr_role r;
	OK(cr_role_parse("admin", &r) != 0);
	OK(cr_role_parse(NULL, &r) != 0);
}

TEST(user_scope_narrows_forces_and_refuses)
{
	struct cr_scope s;
	struct cr_err e;
	struct cr_user dd = mk(CR_ROLE_DISTRICT_DEPT, "320583", "AJJ", 0);
	INT_EQ(cr_user_scope(&dd, NULL, NULL, 0, &s, &e), 0);
	STR_EQ(s.region, "320583");
	STR_EQ(s.dept, "AJJ");
	INT_EQ(cr_user_scope(&dd, "320583102", "AJJ", 0, &s, &e), 0);
	STR_EQ(s.region, "320583102");
	INT_EQ(cr_user_scope(&dd, NULL, "JYJ", 0, &s, &e), -1);
	INT_EQ(e.status, 403);
	STR_EQ(e.field, "dept");
	INT_EQ(cr_user_scope(&dd, "320509", NULL, 0, &s, &e), -1);
	STR_EQ(e.field, "region");
	INT_EQ(cr_user_scope(&dd, "32a", NULL, 0, &s, &e), -1);
	INT_EQ(e.status, 400);
	struct cr_user unit = mk(CR_ROLE_UNIT, "", "", 42);
	INT_EQ(cr_user_scope(&unit, NULL, NULL, 0, &s, &e), 0);
	INT_EQ(s.unit_id, 42);
	INT_EQ(cr_user_scope(&unit, NULL, NULL, 43, &s, &e), -1);
	STR_EQ(e.field, "unit_id");
}

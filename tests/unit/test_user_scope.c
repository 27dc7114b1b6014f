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

static int check_account(const struct cr_user *by, enum cr_role role, const char *region,
			 const char *dept, long long unit_id, const char *unit_region,
			 struct cr_err *err)
{
	struct cr_account a = { .role = role,
				.region = region,
				.dept = dept,
				.unit_id = unit_id,
				.unit_region = unit_region };
	*err = (struct cr_err){ 0 };
	return cr_user_check_account(by, &a, err);
}

TEST(new_account_lies_inside_its_creator)
{
	struct cr_user ks = mk(CR_ROLE_DISTRICT, "320583", "", 0);
	struct cr_user city = mk(CR_ROLE_CITY, "3205", "", 0);
	struct cr_err e;
	/* Inside Kunshan: its departments, towns and units. */
	OK(check_account(&ks, CR_ROLE_DISTRICT_DEPT, "320583", "AJJ", 0, NULL, &e) == 0);
	OK(check_account(&ks, CR_ROLE_STREET, "320583100", "", 0, NULL, &e) == 0);
	OK(check_account(&ks, CR_ROLE_UNIT, "", "", 7, "320583102", &e) == 0);
	OK(check_account(&ks, CR_ROLE_UNIT, "320583102", "", 7, "320583102", &e) == 0);
	/* Issue 7: a street of Wujiang carrying a Kunshan unit is refused for the unit_id... */
	OK(check_account(&ks, CR_ROLE_STREET, "320509107", "", 1, "320583102", &e) == -1);
	OK(e.status == 400);
	STR_EQ(e.field, "unit_id");
	/* ...and without it, for the region. */
	OK(check_account(&ks, CR_ROLE_STREET, "320509107", "", 0, NULL, &e) == -1);
	OK(e.status == 403);
	STR_EQ(e.field, "region");
	OK(check_account(&ks, CR_ROLE_DISTRICT_DEPT, "320509", "AJJ", 0, NULL, &e) == -1);
	OK(e.status == 403);
	STR_EQ(e.field, "region");
	/* A unit account's territory is its unit's, whatever region it is given. */
	OK(check_account(&ks, CR_ROLE_UNIT, "320583", "", 9, "320509101", &e) == -1);
	OK(e.status == 403);
	STR_EQ(e.field, "unit_id");
	OK(check_account(&ks, CR_ROLE_UNIT, "320583100", "", 7, "320583102", &e) == -1);
	OK(e.status == 400);
	STR_EQ(e.field, "region");
	OK(check_account(&ks, CR_ROLE_UNIT, "", "", 7, NULL, &e) == -1);
	STR_EQ(e.field, "unit_id");
	/* Roles above or beside the creator, whatever the place. */
	OK(check_account(&ks, CR_ROLE_DISTRICT, "320583", "", 0, NULL, &e) == -1);
	OK(e.status == 403);
	STR_EQ(e.field, "role");
	OK(check_account(&ks, CR_ROLE_CITY_DEPT, "320583", "AJJ", 0, NULL, &e) == -1);
	STR_EQ(e.field, "role");
	OK(check_account(&ks, CR_ROLE_EXPERT, "320583", "", 0, NULL, &e) == -1);
	STR_EQ(e.field, "role");
	/* A department only on department roles. */
	OK(check_account(&ks, CR_ROLE_STREET, "320583100", "AJJ", 0, NULL, &e) == -1);
	OK(e.status == 400);
	STR_EQ(e.field, "dept");
	/* The city office: its city, any role; not another city. */
	OK(check_account(&city, CR_ROLE_DISTRICT, "320509", "", 0, NULL, &e) == 0);
	OK(check_account(&city, CR_ROLE_CITY_DEPT, "3205", "AJJ", 0, NULL, &e) == 0);
	OK(check_account(&city, CR_ROLE_UNIT, "", "", 9, "320509101", &e) == 0);
	OK(check_account(&city, CR_ROLE_STREET, "320100100", "", 0, NULL, &e) == -1);
	STR_EQ(e.field, "region");
	OK(check_account(&city, CR_ROLE_UNIT, "", "", 3, "320100100", &e) == -1);
	STR_EQ(e.field, "unit_id");
	/* Nobody else creates accounts. */
	struct cr_user others[] = { mk(CR_ROLE_CITY_DEPT, "3205", "AJJ", 0),
				    mk(CR_ROLE_DISTRICT_DEPT, "320583", "AJJ", 0),
				    mk(CR_ROLE_STREET, "320583100", "", 0),
				    mk(CR_ROLE_UNIT, "", "", 7),
				    mk(CR_ROLE_EXPERT, "3205", "", 0) };
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
		OK(check_account(&others[i], CR_ROLE_UNIT, "", "", 7, "320583102", &e) == -1);
		OK(e.status == 403);
	}
}

TEST(unit_account_territory_is_its_units)
{
	struct cr_account a = {
		.role = CR_ROLE_UNIT, .region = "320509", .unit_id = 7, .unit_region = "320583102"
	};
	STR_EQ(cr_account_region(&a), "320583102");
	struct cr_account s = { .role = CR_ROLE_STREET, .region = "320583100" };
	STR_EQ(cr_account_region(&s), "320583100");
}

TEST(catalogue_writes_are_city_level)
{
	struct cr_user city = mk(CR_ROLE_CITY, "3205", "", 0);
	struct cr_user ajj = mk(CR_ROLE_CITY_DEPT, "3205", "AJJ", 0);
	struct cr_user ajj_all = mk(CR_ROLE_CITY_DEPT, "", "AJJ", 0);
	struct cr_user ks_ajj = mk(CR_ROLE_DISTRICT_DEPT, "320583", "AJJ", 0);
	struct cr_user narrow = mk(CR_ROLE_CITY_DEPT, "320583", "AJJ", 0);
	OK(cr_user_can_write_catalogue(&city, "JYJ"));
	OK(cr_user_can_write_catalogue(&city, NULL));
	OK(cr_user_can_write_catalogue(&ajj, "AJJ"));
	OK(cr_user_can_write_catalogue(&ajj_all, "AJJ"));
	OK(!cr_user_can_write_catalogue(&ajj, "JYJ"));
	OK(!cr_user_can_write_catalogue(&ajj, NULL));
	OK(!cr_user_can_write_catalogue(&ks_ajj, "AJJ"));
	OK(!cr_user_can_write_catalogue(&narrow, "AJJ"));
	for (int r = CR_ROLE_DISTRICT; r < CR_ROLE_COUNT; r++) {
		struct cr_user u = mk((enum cr_role)r, "320583", "AJJ", 7);
		OK(!cr_user_can_write_catalogue(&u, "AJJ"));
	}
}

/* test_hazard_rules.c — the record rules of domain/hazard_rules.c: which sources each role
 * records, what every step writes, the settled record after assessment, and the dates. */
#include "domain/hazard_rules.h"
#include "harness.h"

static struct cr_user user(long long id, enum cr_role role, const char *region, const char *dept,
			   long long unit)
{
	struct cr_user u = { .id = id, .role = role, .unit_id = unit };
	snprintf(u.region, sizeof u.region, "%s", region);
	snprintf(u.dept, sizeof u.dept, "%s", dept);
	return u;
}

TEST(hazard_source_rules)
{
	struct cr_user unit = user(1, CR_ROLE_UNIT, "320583", "AJJ", 7);
	struct cr_user street = user(2, CR_ROLE_STREET, "320583100", "", 0);
	struct cr_err e;
	INT_EQ(cr_hazard_source_check(&unit, "self_check", &e), 0);
	INT_EQ(cr_hazard_source_check(&unit, "third_party", &e), 0);
	OK(cr_hazard_source_check(&unit, "inspection", &e) != 0);
	INT_EQ(e.status, 403);
	STR_EQ(e.field, "source");
	OK(cr_hazard_source_check(&unit, "grid_patrol", &e) != 0);
	INT_EQ(e.status, 403);
	const char *const regulator_sources[] = { "self_check", "inspection", "grid_patrol",
						  "third_party" };
	for (int i = 0; i < 4; i++)
		INT_EQ(cr_hazard_source_check(&street, regulator_sources[i], &e), 0);
	OK(cr_hazard_source_check(&street, "public_report", &e) != 0);
	INT_EQ(e.status, 400);
	OK(cr_hazard_source_check(&unit, "public_report", &e) != 0);
	INT_EQ(e.status, 400);
	OK(cr_hazard_source_check(&street, "rumour", &e) != 0);
	INT_EQ(e.status, 400);
	STR_EQ(e.code, "invalid");
}

TEST(hazard_step_writes)
{
	INT_EQ(cr_hazard_step_writes(CR_HZ_FOUND, CR_HZ_REGISTERED, CR_HF_COMMENT), 0);
	INT_EQ(cr_hazard_step_writes(CR_HZ_FOUND, CR_HZ_REGISTERED, CR_HF_DEADLINE),
	       CR_HW_NEW_CLOCK);
	INT_EQ(cr_hazard_step_writes(CR_HZ_RECTIFYING, CR_HZ_RECTIFIED, CR_HF_EVIDENCE),
	       CR_HW_RECTIFIED);
	INT_EQ(cr_hazard_step_writes(CR_HZ_RECTIFIED, CR_HZ_VERIFIED, 0), CR_HW_VERIFIED);
	INT_EQ(cr_hazard_step_writes(CR_HZ_VERIFIED, CR_HZ_CLOSED, 0), CR_HW_CLOSED);
	/* sent back from verified: the verification is undone, the rectifier stays */
	INT_EQ(cr_hazard_step_writes(CR_HZ_VERIFIED, CR_HZ_RECTIFIED, CR_HF_COMMENT),
	       CR_HW_CLEAR_VERIFIED);
	/* sent back to rectifying: whoever rectifies next may not be the verifier's rectifier */
	INT_EQ(cr_hazard_step_writes(CR_HZ_RECTIFIED, CR_HZ_RECTIFYING, CR_HF_COMMENT),
	       CR_HW_CLEAR_RECTIFIED);
	INT_EQ(cr_hazard_step_writes(CR_HZ_ASSESSED, CR_HZ_REGISTERED, CR_HF_COMMENT), 0);
	INT_EQ(cr_hazard_step_writes(CR_HZ_REGISTERED, CR_HZ_ASSESSED,
				     CR_HF_DEADLINE | CR_HF_SUPERVISED_BY),
	       CR_HW_NEW_CLOCK);
	INT_EQ(cr_hazard_step_fields(CR_HF_COMMENT | CR_HF_MEASURES | CR_HF_FUNDS),
	       CR_HF_MEASURES | CR_HF_FUNDS);
}

TEST(hazard_patch_rules)
{
	struct cr_user city = user(1, CR_ROLE_CITY, "3205", "", 0);
	struct cr_user dist = user(2, CR_ROLE_DISTRICT, "320583", "", 0);
	struct cr_user unit = user(3, CR_ROLE_UNIT, "320583", "AJJ", 7);
	struct cr_hazard_facts h = { .state = CR_HZ_FOUND,
				     .unit_id = 7,
				     .region = "320583100",
				     .dept = "AJJ",
				     .supervised_by = "" };
	struct cr_err e;
	const char *desc[] = { "description", "version" }, *dl[] = { "deadline", "version" };
	INT_EQ(cr_hazard_patch_check(&unit, &h, desc, 2, 0, &e), 0);
	/* the unit of a report: only while found, only by a regulator */
	INT_EQ(cr_hazard_patch_check(&dist, &h, desc, 1, CR_HC_UNIT, &e), 0);
	OK(cr_hazard_patch_check(&unit, &h, desc, 1, CR_HC_UNIT, &e) != 0);
	INT_EQ(e.status, 409);
	STR_EQ(e.field, "unit_id");
	h.state = CR_HZ_REGISTERED;
	OK(cr_hazard_patch_check(&dist, &h, desc, 1, CR_HC_UNIT, &e) != 0);
	INT_EQ(e.status, 409);
	/* after assessment only the deadline, and only by the supervising level */
	h.state = CR_HZ_RECTIFYING;
	OK(cr_hazard_patch_check(&dist, &h, desc, 2, 0, &e) != 0);
	INT_EQ(e.status, 409);
	STR_EQ(e.field, "description");
	INT_EQ(cr_hazard_patch_check(&dist, &h, dl, 2, CR_HC_DEADLINE, &e), 0);
	OK(cr_hazard_patch_check(&unit, &h, dl, 2, CR_HC_DEADLINE, &e) != 0);
	INT_EQ(e.status, 403);
	STR_EQ(e.field, "deadline");
	h.major = true;
	OK(cr_hazard_patch_check(&dist, &h, dl, 2, CR_HC_DEADLINE, &e) != 0);
	INT_EQ(cr_hazard_patch_check(&city, &h, dl, 2, CR_HC_DEADLINE, &e), 0);
	/* a listed hazard sent back before assessment: anyone in scope moves its deadline, only
	 * the supervisor its grade */
	h.state = CR_HZ_REGISTERED;
	h.supervised_by = "AWB";
	INT_EQ(cr_hazard_patch_check(&dist, &h, dl, 2, CR_HC_DEADLINE, &e), 0);
	OK(cr_hazard_patch_check(&dist, &h, desc, 1, CR_HC_GRADE, &e) != 0);
	INT_EQ(e.status, 403);
	STR_EQ(e.field, "grade");
	h.state = CR_HZ_CLOSED;
	OK(cr_hazard_patch_check(&city, &h, dl, 2, CR_HC_DEADLINE, &e) != 0);
	INT_EQ(e.status, 409);
	STR_EQ(e.field, "state");
}

TEST(hazard_date_rules)
{
	struct cr_err e;
	INT_EQ(cr_hazard_deadline_check("2024-06-10", "2024-06-10", &e), 0);
	OK(cr_hazard_deadline_check("2024-06-09", "2024-06-10", &e) != 0);
	STR_EQ(e.field, "deadline");
	OK(cr_hazard_deadline_check("2024-06-10T00:00", "2024-06-10", &e) != 0);
	OK(cr_hazard_deadline_check("2024-02-30", "2024-01-10", &e) != 0);
	INT_EQ(cr_hazard_found_at_check("2024-06-10", "2024-06-10", &e), 0);
	INT_EQ(cr_hazard_found_at_check("2024-06-11T01:00:00+08:00", "2024-06-10", &e), 0);
	INT_EQ(cr_hazard_found_at_check("2000-01-01 08:00", "2024-06-10", &e), 0);
	OK(cr_hazard_found_at_check("1999-12-31", "2024-06-10", &e) != 0);
	OK(cr_hazard_found_at_check("2024-06-12", "2024-06-10", &e) != 0);
	OK(cr_hazard_found_at_check("2024-06-10X", "2024-06-10", &e) != 0);
	STR_EQ(e.field, "found_at");
}

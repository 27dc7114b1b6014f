/* test_review_flow.c — the review chain of domain/review_flow.c: every role × every state for
 * submit, approve and return (allowed, refused, illegal), the public-safety fork, and the
 * reporting cycles of domain/reporting_cycle.c. */
#include "domain/reporting_cycle.h"
#include "domain/review_flow.h"
#include "harness.h"

enum {
	CITY,
	CDEPT,
	CDEPT_X,
	DIST,
	DIST_X,
	DDEPT,
	DDEPT_X,
	STREET,
	STREET_X,
	UNIT,
	UNIT_X,
	EXPERT,
	NU
};

static struct cr_user mk(enum cr_role role, const char *region, const char *dept, long long unit)
{
	struct cr_user u = { .id = 1, .role = role, .unit_id = unit };
	snprintf(u.region, sizeof u.region, "%s", region);
	snprintf(u.dept, sizeof u.dept, "%s", dept);
	return u;
}

static void users(struct cr_user u[NU])
{
	u[CITY] = mk(CR_ROLE_CITY, "3205", "", 0);
	u[CDEPT] = mk(CR_ROLE_CITY_DEPT, "3205", "AJJ", 0);
	u[CDEPT_X] = mk(CR_ROLE_CITY_DEPT, "3205", "ZJJ", 0);
	u[DIST] = mk(CR_ROLE_DISTRICT, "320583", "", 0);
	u[DIST_X] = mk(CR_ROLE_DISTRICT, "320509", "", 0);
	u[DDEPT] = mk(CR_ROLE_DISTRICT_DEPT, "320583", "AJJ", 0);
	u[DDEPT_X] = mk(CR_ROLE_DISTRICT_DEPT, "320509", "AJJ", 0);
	u[STREET] = mk(CR_ROLE_STREET, "320583100", "", 0);
	u[STREET_X] = mk(CR_ROLE_STREET, "320583101", "", 0);
	u[UNIT] = mk(CR_ROLE_UNIT, "", "", 42);
	u[UNIT_X] = mk(CR_ROLE_UNIT, "", "", 43);
	u[EXPERT] = mk(CR_ROLE_EXPERT, "3205", "", 0);
}

#define B(x) (1u << (x))

/* Who may approve in each state, written out from the chain of the seeds (town unit). */
static const unsigned approver[CR_RV_STATE_COUNT] = {
	[CR_RV_DRAFT] = 0,
	[CR_RV_SUBMITTED] = B(STREET),
	[CR_RV_STREET_CHECKED] = B(DDEPT),
	[CR_RV_DEPT_REVIEWED] = B(CDEPT),
	[CR_RV_PUBLISHED] = 0,
	[CR_RV_RETURNED] = 0,
};

TEST(review_every_role_every_state)
{
	struct cr_user u[NU];
	users(u);
	for (int s = 0; s < CR_RV_STATE_COUNT; s++) {
		struct cr_review_facts f = { .state = (enum cr_review_state)s,
					     .unit_id = 42,
					     .region = "320583100205",
					     .dept = "AJJ",
					     .public_safety = true };
		bool pending = approver[s] != 0;
		for (int i = 0; i < NU; i++) {
			struct cr_err err = { 0 };
			enum cr_review_state to = CR_RV_STATE_COUNT;
			int rc = cr_review_decide_check(&f, &u[i], "approve", NULL, &to, &err);
			bool ok = (approver[s] & B(i)) != 0;
			if (ok != (rc == 0))
				printf("  state %s user %d: rc %d %s\n",
				       cr_review_state_name(f.state), i, rc, err.message);
			INT_EQ(rc == 0, ok);
			if (!ok)
				INT_EQ(err.status, pending ? 403 : 409);
			INT_EQ(cr_review_user_is_next(&f, &u[i]),
			       ok || ((s == CR_RV_DRAFT || s == CR_RV_RETURNED) && i == UNIT));
			/* returning: the same actors, with a comment */
			struct cr_err e2 = { 0 };
			rc = cr_review_decide_check(&f, &u[i], "return", "缺少管控措施", &to, &e2);
			INT_EQ(rc == 0, ok);
			if (ok)
				INT_EQ(to, CR_RV_RETURNED);
			/* submitting: only the own unit, and only when nobody else holds the list */
			struct cr_err e3 = { 0 };
			rc = cr_review_submit_check(&f, &u[i], &e3);
			INT_EQ(rc == 0, i == UNIT && !pending);
			if (rc)
				INT_EQ(e3.status, i == UNIT ? 409 : 403);
		}
	}
}

TEST(review_chain_forks_on_public_safety)
{
	struct cr_user u[NU];
	users(u);
	struct cr_err err = { 0 };
	enum cr_review_state to;
	struct cr_review_facts f = { .state = CR_RV_SUBMITTED,
				     .unit_id = 42,
				     .region = "320583100",
				     .dept = "AJJ",
				     .public_safety = false };
	INT_EQ(cr_review_decide_check(&f, &u[STREET], "approve", "", &to, &err), 0);
	INT_EQ(to, CR_RV_STREET_CHECKED);
	f.state = to;
	INT_EQ(cr_review_decide_check(&f, &u[DDEPT], "approve", NULL, &to, &err), 0);
	INT_EQ(to, CR_RV_PUBLISHED); /* nothing public: the district department publishes */
	f.state = CR_RV_STREET_CHECKED;
	f.public_safety = true;
	INT_EQ(cr_review_decide_check(&f, &u[DDEPT], "approve", NULL, &to, &err), 0);
	INT_EQ(to, CR_RV_DEPT_REVIEWED);
	INT_EQ(cr_review_waiting_on(&(struct cr_review_facts){ .state = to }), CR_RA_CITY_DEPT);
	f.state = to;
	INT_EQ(cr_review_decide_check(&f, &u[CDEPT_X], "approve", NULL, &to, &err), -1);
	INT_EQ(err.status, 403);
	STR_EQ(err.field, "decision");
	INT_EQ(cr_review_decide_check(&f, &u[CDEPT], "approve", NULL, &to, &err), 0);
	INT_EQ(to, CR_RV_PUBLISHED);
}

TEST(review_district_unit_goes_to_the_district)
{
	struct cr_user u[NU];
	users(u);
	struct cr_err err = { 0 };
	enum cr_review_state to;
	struct cr_review_facts f = {
		.state = CR_RV_SUBMITTED, .unit_id = 42, .region = "320583", .dept = "AJJ"
	};
	INT_EQ(cr_review_waiting_on(&f), CR_RA_DISTRICT);
	INT_EQ(cr_review_decide_check(&f, &u[STREET], "approve", NULL, &to, &err), -1);
	INT_EQ(cr_review_decide_check(&f, &u[DIST_X], "approve", NULL, &to, &err), -1);
	INT_EQ(cr_review_decide_check(&f, &u[DIST], "approve", NULL, &to, &err), 0);
	INT_EQ(to, CR_RV_STREET_CHECKED);
}

TEST(review_bad_decisions)
{
	struct cr_user u[NU];
	users(u);
	struct cr_err err = { 0 };
	enum cr_review_state to;
	struct cr_review_facts f = {
		.state = CR_RV_SUBMITTED, .unit_id = 42, .region = "320583100", .dept = "AJJ"
	};
	INT_EQ(cr_review_decide_check(&f, &u[STREET], "ok", NULL, &to, &err), -1);
	INT_EQ(err.status, 400);
	STR_EQ(err.field, "decision");
	INT_EQ(cr_review_decide_check(&f, &u[STREET], NULL, NULL, &to, &err), -1);
	STR_EQ(err.code, "required");
	INT_EQ(cr_review_decide_check(&f, &u[STREET], "return", "", &to, &err), -1);
	INT_EQ(err.status, 400);
	STR_EQ(err.field, "comment");
	/* the wrong actor hears 403 before the missing comment */
	INT_EQ(cr_review_decide_check(&f, &u[STREET_X], "return", "", &to, &err), -1);
	INT_EQ(err.status, 403);
	STR_EQ(cr_review_state_name(CR_RV_DEPT_REVIEWED), "dept_reviewed");
	STR_EQ(cr_review_actor_name(CR_RA_CITY_DEPT), "city_dept");
	enum cr_review_state s;
	INT_EQ(cr_review_state_parse("returned", &s), 0);
	INT_EQ(s, CR_RV_RETURNED);
	INT_EQ(cr_review_state_parse("closed", &s), -1);
}

TEST(review_public_points)
{
	OK(cr_review_point_public(1, false));
	OK(cr_review_point_public(2, false));
	OK(!cr_review_point_public(3, false));
	OK(!cr_review_point_public(4, false));
	OK(cr_review_point_public(4, true));
}

static int owed(const char *reg, const char *last, const char *change, const char *today,
		struct cr_reporting_due out[CR_REPORTING_KIND_COUNT])
{
	struct cr_reporting_facts f = { reg, last, change };
	return (int)cr_reporting_owed(&f, today, out);
}

TEST(reporting_initial_then_periodic_then_change)
{
	struct cr_reporting_due d[CR_REPORTING_KIND_COUNT];
	/* never reported: the initial report, 30 days after registration */
	INT_EQ(owed("2026-02-10T08:00:00Z", "", "", "2026-02-20", d), 1);
	INT_EQ(d[0].kind, CR_REPORTING_INITIAL);
	STR_EQ(d[0].due, "2026-03-12");
	OK(!d[0].late);
	INT_EQ(owed("2026-02-10", NULL, "2026-02-11", "2026-03-15", d), 1);
	OK(d[0].late);
	INT_EQ(d[0].days_late, 3);
	/* registered and reported last year: the periodic report, due 31 March */
	INT_EQ(owed("2025-05-01", "2025-06-01T00:00:00Z", "", "2026-01-05", d), 1);
	INT_EQ(d[0].kind, CR_REPORTING_PERIODIC);
	STR_EQ(d[0].due, "2026-03-31");
	OK(!d[0].late);
	INT_EQ(owed("2025-05-01", "2025-06-01", "", "2026-04-02", d), 1);
	INT_EQ(d[0].days_late, 2);
	/* reported this year: nothing */
	INT_EQ(owed("2025-05-01", "2026-02-01T00:00:00Z", "", "2026-04-02", d), 0);
	/* registered this year and reported: no periodic report this year */
	INT_EQ(owed("2026-01-05", "2026-01-20T00:00:00Z", "", "2026-05-02", d), 0);
	/* a grade Ⅱ+ change after the latest report: a change report, 15 days after it */
	INT_EQ(owed("2026-01-05", "2026-01-20T00:00:00Z", "2026-05-01T09:00:00Z", "2026-05-02", d),
	       1);
	INT_EQ(d[0].kind, CR_REPORTING_CHANGE);
	STR_EQ(d[0].due, "2026-05-16");
	/* the same day, but before the report: nothing */
	INT_EQ(owed("2026-01-05", "2026-05-01T10:00:00Z", "2026-05-01T09:00:00Z", "2026-05-02", d),
	       0);
	/* both periodic and change */
	INT_EQ(owed("2025-01-05", "2025-01-20", "2025-12-30", "2026-04-30", d), 2);
	INT_EQ(d[0].kind, CR_REPORTING_PERIODIC);
	INT_EQ(d[1].kind, CR_REPORTING_CHANGE);
	STR_EQ(d[1].due, "2026-01-14");
	INT_EQ(d[1].days_late, 106);
}

TEST(reporting_kind_of_submit)
{
	struct cr_reporting_facts f = { "2025-05-01", "", "" };
	INT_EQ(cr_reporting_kind_of_submit(&f, "2026-02-01"), CR_REPORTING_INITIAL);
	f.last_submit = "2025-06-01";
	INT_EQ(cr_reporting_kind_of_submit(&f, "2026-02-01"), CR_REPORTING_PERIODIC);
	f.last_submit = "2026-01-02";
	INT_EQ(cr_reporting_kind_of_submit(&f, "2026-02-01"), CR_REPORTING_CHANGE);
	STR_EQ(cr_reporting_kind_name(CR_REPORTING_PERIODIC), "periodic");
	STR_EQ(cr_reporting_kind_cn(CR_REPORTING_CHANGE), "变更报告");
}

TEST(reporting_dates_count_on_their_day_in_china)
{
	struct cr_reporting_due d[CR_REPORTING_KIND_COUNT];
	/* registered at 17:03 UTC on 1 December: 01:03 on 2 December in China, so due 1 January */
	INT_EQ(owed("2026-12-01T17:03:00.123Z", "", "", "2026-12-02", d), 1);
	STR_EQ(d[0].due, "2027-01-01");
	INT_EQ(owed("2026-12-01T15:59:59Z", "", "", "2026-12-02", d), 1);
	STR_EQ(d[0].due, "2026-12-31");
	/* a grade Ⅱ+ change late on 1 December UTC: its 15 days count from 2 December */
	INT_EQ(owed("2026-01-05", "2026-12-01T10:00:00Z", "2026-12-01T16:30:00Z", "2026-12-20", d),
	       1);
	INT_EQ(d[0].kind, CR_REPORTING_CHANGE);
	STR_EQ(d[0].due, "2026-12-17");
	INT_EQ(d[0].days_late, 3);
	/* reported at 20:00 UTC on 31 December 2025, i.e. 1 January in China: no periodic report */
	INT_EQ(owed("2025-05-01", "2025-12-31T20:00:00Z", "", "2026-02-01", d), 0);
}

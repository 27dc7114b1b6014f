/* test_hazard_flow.c — the hidden-hazard state machine of domain/hazard_flow.c: every pair of
 * states for every role (allowed, refused, illegal), the fields each step needs, deadlines. */
#include "domain/hazard_clock.h"
#include "domain/hazard_flow.h"
#include "harness.h"

enum { CITY, CDEPT, CDEPT_X, DIST, DIST_X, DDEPT, STREET, STREET_X, UNIT, UNIT_X, EXPERT, NU };
static const char *const unames[NU] = { "city",         "city_dept AJJ",  "city_dept ZJJ",
					"district",     "other district", "district_dept AJJ",
					"street",       "other street",   "unit (own)",
					"unit (other)", "expert" };

static struct cr_user mk(long long id, enum cr_role role, const char *region, const char *dept,
			 long long unit)
{
	struct cr_user u = { .id = id, .role = role, .unit_id = unit };
	snprintf(u.login, sizeof u.login, "u%lld", id);
	snprintf(u.region, sizeof u.region, "%s", region);
	snprintf(u.dept, sizeof u.dept, "%s", dept);
	return u;
}

static void users(struct cr_user u[NU])
{
	u[CITY] = mk(1, CR_ROLE_CITY, "3205", "", 0);
	u[CDEPT] = mk(2, CR_ROLE_CITY_DEPT, "3205", "AJJ", 0);
	u[CDEPT_X] = mk(3, CR_ROLE_CITY_DEPT, "3205", "ZJJ", 0);
	u[DIST] = mk(4, CR_ROLE_DISTRICT, "320583", "", 0);
	u[DIST_X] = mk(5, CR_ROLE_DISTRICT, "320509", "", 0);
	u[DDEPT] = mk(6, CR_ROLE_DISTRICT_DEPT, "320583", "AJJ", 0);
	u[STREET] = mk(7, CR_ROLE_STREET, "320583100", "", 0);
	u[STREET_X] = mk(8, CR_ROLE_STREET, "320583101", "", 0);
	u[UNIT] = mk(9, CR_ROLE_UNIT, "", "", 42);
	u[UNIT_X] = mk(10, CR_ROLE_UNIT, "", "", 43);
	u[EXPERT] = mk(11, CR_ROLE_EXPERT, "3205", "", 0);
}

#define B(x) (1u << (x))
#define REGS (B(CITY) | B(CDEPT) | B(DIST) | B(DDEPT) | B(STREET))

/* Kinds of hazard: 0 general, 1 major listed by AJJ, 2 major listed by AWB; 3 and 4 a hazard
 * listed by AJJ / AWB whose grade was changed to general under its listing. */
#define KINDS 5
static bool kind_major(int kind)
{
	return kind == 1 || kind == 2;
}

/* The specification, written out independently of the implementation's table: who may take
 * each step, for a 一般隐患 and for a hazard listed by AJJ or by the city office (AWB). A listing
 * binds whatever the grade: closure and sending back a verified hazard stay with its supervisor. */
static unsigned expected(int from, int to, int kind)
{
	unsigned closer = kind == 0 ? REGS : kind == 1 || kind == 3 ? B(CDEPT) | B(DDEPT) : B(CITY);
	unsigned assessor = kind_major(kind) ? REGS & ~B(STREET) : REGS;
#define P(a, b) (from == CR_HZ_##a && to == CR_HZ_##b)
	if (P(FOUND, REGISTERED) || P(ASSESSED, RECTIFYING) || P(RECTIFYING, RECTIFIED))
		return REGS | B(UNIT);
	if (P(REGISTERED, ASSESSED) || P(ASSESSED, REGISTERED))
		return assessor;
	if (P(RECTIFIED, VERIFIED) || P(REGISTERED, FOUND) || P(RECTIFYING, ASSESSED) ||
	    P(RECTIFIED, RECTIFYING))
		return REGS;
	if (P(VERIFIED, CLOSED) || P(VERIFIED, RECTIFIED))
		return closer;
#undef P
	return 0;
}

static bool legal(int from, int to)
{
	return (to == from + 1 && to <= CR_HZ_CLOSED) || (to == from - 1 && from != CR_HZ_CLOSED);
}

/* The fields a step needs, given facts without a deadline and (for a major) not yet listed. */
static unsigned fields_for(int from, int to, bool major)
{
	if (to < from)
		return CR_HF_COMMENT;
	switch (to) {
	case CR_HZ_ASSESSED:
		return major ? CR_HF_SUPERVISED_BY | CR_HF_DEADLINE : 0;
	case CR_HZ_RECTIFYING:
		return CR_HF_MEASURES | CR_HF_RESPONSIBLE | CR_HF_FUNDS | CR_HF_DEADLINE;
	case CR_HZ_RECTIFIED:
		return CR_HF_EVIDENCE;
	default:
		return 0;
	}
}

static struct cr_hazard_facts facts(int state, int kind)
{
	/* listed at assessment: before it the supervisor is still to be chosen; kinds 3 and 4 keep
	 * their listing in every state (sent back, then re-graded) */
	const char *sup = kind == 0 || (kind_major(kind) && state <= CR_HZ_REGISTERED) ? ""
			  : kind == 1 || kind == 3                                     ? "AJJ"
										       : "AWB";
	return (struct cr_hazard_facts){
		.state = (enum cr_hazard_state)state,
		.major = kind_major(kind),
		.unit_id = 42,
		.region = "320583100",
		.dept = "AJJ",
		.supervised_by = sup,
		.has_deadline = false,
		.rectified_by = state >= CR_HZ_RECTIFIED ? 99 : 0,
	};
}

TEST(hazard_every_transition_for_every_role)
{
	struct cr_user u[NU];
	users(u);
	int checked = 0;
	for (int kind = 0; kind < KINDS; kind++)
		for (int from = 0; from < CR_HZ_STATE_COUNT; from++)
			for (int to = 0; to < CR_HZ_STATE_COUNT; to++)
				for (int r = 0; r < NU; r++) {
					struct cr_hazard_facts h = facts(from, kind);
					struct cr_err e = { 0 };
					enum cr_hazard_state out = CR_HZ_STATE_COUNT;
					unsigned f = fields_for(from, to, kind_major(kind));
					const char *sup = kind == 2 ? "AWB" : "AJJ";
					int rc = cr_hazard_transition_check(
						&u[r], &h,
						cr_hazard_state_name((enum cr_hazard_state)to), f,
						(f & CR_HF_SUPERVISED_BY) ? sup : NULL, &out, &e);
					int want = !legal(from, to)                    ? 409
						   : (expected(from, to, kind) & B(r)) ? 0
										       : 403;
					int got = rc ? e.status : 0;
					if (got != want) {
						char m[256];
						snprintf(m, sizeof m,
							 "%s %s → %s (kind %d): %d, want %d (%s)",
							 unames[r],
							 cr_hazard_state_name(
								 (enum cr_hazard_state)from),
							 cr_hazard_state_name(
								 (enum cr_hazard_state)to),
							 kind, got, want, e.message);
						cr_test_fail(__FILE__, __LINE__, m);
					}
					if (want == 0)
						INT_EQ(out, to);
					if (want == 409)
						STR_EQ(e.code, "illegal_transition");
					checked++;
				}
	INT_EQ(checked, KINDS * 7 * 7 * NU);
}

TEST(hazard_each_step_names_the_missing_field)
{
	struct cr_user u[NU];
	users(u);
	/* general, and major listed by the city office (whose closer is the city user) */
	for (int kind = 0; kind < 3; kind += 2)
		for (int from = 0; from < CR_HZ_STATE_COUNT; from++)
			for (int to = 0; to < CR_HZ_STATE_COUNT; to++) {
				if (!legal(from, to))
					continue;
				unsigned need = fields_for(from, to, kind_major(kind));
				for (int i = 0; i < CR_HF_COUNT; i++) {
					unsigned bit = 1u << i;
					if (!(need & bit))
						continue;
					struct cr_hazard_facts h = facts(from, kind);
					struct cr_err e = { 0 };
					enum cr_hazard_state out;
					int rc = cr_hazard_transition_check(
						&u[CITY], &h,
						cr_hazard_state_name((enum cr_hazard_state)to),
						need & ~bit, "AWB", &out, &e);
					INT_EQ(rc, -1);
					INT_EQ(e.status, 400);
					STR_EQ(e.code, "required");
					STR_EQ(e.field, cr_hazard_field_name(bit));
				}
			}
}

TEST(hazard_step_refuses_fields_it_does_not_take)
{
	struct cr_user u[NU];
	users(u);
	struct cr_hazard_facts h = facts(CR_HZ_FOUND, 0);
	struct cr_err e = { 0 };
	enum cr_hazard_state out;
	OK(cr_hazard_transition_check(&u[CITY], &h, "registered", CR_HF_EVIDENCE, NULL, &out, &e));
	INT_EQ(e.status, 400);
	STR_EQ(e.field, "evidence");
	h = facts(CR_HZ_RECTIFYING, 0);
	OK(cr_hazard_transition_check(&u[UNIT], &h, "rectified", CR_HF_EVIDENCE | CR_HF_FUNDS, NULL,
				      &out, &e));
	STR_EQ(e.field, "funds_cny");
	/* comments go with every step */
	h = facts(CR_HZ_FOUND, 0);
	INT_EQ(cr_hazard_transition_check(&u[UNIT], &h, "registered", CR_HF_COMMENT, NULL, &out,
					  &e),
	       0);
}

TEST(hazard_listing_rules)
{
	struct cr_user u[NU];
	users(u);
	struct cr_err e = { 0 };
	enum cr_hazard_state out;
	/* a 一般隐患 is never listed */
	struct cr_hazard_facts h = facts(CR_HZ_REGISTERED, 0);
	OK(cr_hazard_transition_check(&u[CITY], &h, "assessed", CR_HF_SUPERVISED_BY, "AWB", &out,
				      &e));
	STR_EQ(e.field, "supervised_by");
	/* a 重大隐患 is listed by its own department or the city office, nobody else */
	h = facts(CR_HZ_REGISTERED, 1);
	unsigned f = CR_HF_SUPERVISED_BY | CR_HF_DEADLINE;
	OK(cr_hazard_transition_check(&u[CITY], &h, "assessed", f, "ZJJ", &out, &e));
	INT_EQ(e.status, 400);
	STR_EQ(e.field, "supervised_by");
	INT_EQ(cr_hazard_transition_check(&u[DDEPT], &h, "assessed", f, "AJJ", &out, &e), 0);
	INT_EQ(cr_hazard_transition_check(&u[DIST], &h, "assessed", f, "AWB", &out, &e), 0);
	/* already listed with a deadline (re-assessment after a rejection): nothing more needed */
	h.supervised_by = "AWB";
	h.has_deadline = true;
	INT_EQ(cr_hazard_transition_check(&u[CITY], &h, "assessed", 0, NULL, &out, &e), 0);
	/* a deadline set earlier carries into rectification */
	h = facts(CR_HZ_ASSESSED, 1);
	h.has_deadline = true;
	INT_EQ(cr_hazard_transition_check(&u[UNIT], &h, "rectifying",
					  CR_HF_MEASURES | CR_HF_RESPONSIBLE | CR_HF_FUNDS, NULL,
					  &out, &e),
	       0);
}

/* Issue 7 item 3: a hazard listed for the city's supervision was sent back, re-graded general
 * by the district and closed by it. Once listed, only the supervising level changes its grade or
 * unit, lists it elsewhere, or closes it. */
TEST(hazard_listing_binds_every_role_until_its_supervisor_lifts_it)
{
	struct cr_user u[NU];
	users(u);
	/* kind 2: listed by the city office; kind 1: listed by AJJ */
	for (int kind = 1; kind <= 2; kind++) {
		unsigned sups = kind == 2 ? B(CITY) : B(CDEPT) | B(DDEPT);
		for (int r = 0; r < NU; r++) {
			struct cr_hazard_facts h = facts(CR_HZ_ASSESSED, kind);
			h.state = CR_HZ_REGISTERED; /* sent back, still listed */
			h.has_deadline = true;
			OK(cr_hazard_listed(&h));
			bool sup = (sups & B(r)) != 0;
			if (cr_hazard_user_is_supervisor(&u[r], &h) != sup)
				cr_test_fail(__FILE__, __LINE__, unames[r]);
			for (unsigned ch = CR_HC_GRADE; ch <= (CR_HC_GRADE | CR_HC_UNIT); ch++) {
				struct cr_err e = { 0 };
				int rc = cr_hazard_change_check(&u[r], &h, ch, &e);
				if (rc != (sup ? 0 : -1))
					cr_test_fail(__FILE__, __LINE__, unames[r]);
				if (!sup) {
					INT_EQ(e.status, 403);
					STR_EQ(e.code, "forbidden");
					STR_EQ(e.field, (ch & CR_HC_GRADE) ? "grade" : "unit_id");
				}
			}
			/* a change that touches neither is not the listing's business */
			struct cr_err e = { 0 };
			INT_EQ(cr_hazard_change_check(&u[r], &h, 0, &e), 0);
			/* re-assessment keeping the listing: as for assessing; listing it elsewhere
			 * (another department or level): the supervising level only */
			enum cr_hazard_state out;
			unsigned f = CR_HF_SUPERVISED_BY;
			const char *same = kind == 2 ? "AWB" : "AJJ",
				   *other = kind == 2 ? "AJJ" : "AWB";
			int want_same =
				(expected(CR_HZ_REGISTERED, CR_HZ_ASSESSED, kind) & B(r)) ? 0 : 403;
			int rc = cr_hazard_transition_check(&u[r], &h, "assessed", f, same, &out,
							    &e);
			INT_EQ(rc ? e.status : 0, want_same);
			int want_other = want_same ? want_same : sup ? 0 : 403;
			rc = cr_hazard_transition_check(&u[r], &h, "assessed", f, other, &out, &e);
			if ((rc ? e.status : 0) != want_other)
				cr_test_fail(__FILE__, __LINE__, unames[r]);
			if (want_other == 403 && want_same == 0)
				STR_EQ(e.field, "supervised_by");
		}
	}
	/* an unlisted hazard: the grade is anyone's who may edit it */
	for (int r = 0; r < NU; r++) {
		struct cr_hazard_facts h = facts(CR_HZ_REGISTERED, 0);
		struct cr_err e = { 0 };
		OK(!cr_hazard_listed(&h));
		INT_EQ(cr_hazard_change_check(&u[r], &h, CR_HC_GRADE | CR_HC_UNIT, &e), 0);
	}
	/* re-graded general under a city listing: only the city closes it */
	struct cr_hazard_facts h = facts(CR_HZ_VERIFIED, 4);
	struct cr_err e = { 0 };
	enum cr_hazard_state out;
	OK(!h.major && cr_hazard_listed(&h));
	OK(cr_hazard_transition_check(&u[DIST], &h, "closed", 0, NULL, &out, &e));
	INT_EQ(e.status, 403);
	INT_EQ(cr_hazard_transition_check(&u[CITY], &h, "closed", 0, NULL, &out, &e), 0);
}

TEST(hazard_rectifier_cannot_verify)
{
	struct cr_user u[NU];
	users(u);
	struct cr_hazard_facts h = facts(CR_HZ_RECTIFIED, 0);
	h.rectified_by = u[DIST].id;
	struct cr_err e = { 0 };
	enum cr_hazard_state out;
	OK(cr_hazard_transition_check(&u[DIST], &h, "verified", 0, NULL, &out, &e));
	INT_EQ(e.status, 403);
	STR_EQ(e.code, "separation_of_duties");
	INT_EQ(cr_hazard_transition_check(&u[CITY], &h, "verified", 0, NULL, &out, &e), 0);
}

TEST(hazard_report_needs_a_unit_before_registration)
{
	struct cr_user u[NU];
	users(u);
	struct cr_hazard_facts h = { .state = CR_HZ_FOUND,
				     .unit_id = 0,
				     .region = "320583",
				     .dept = "",
				     .supervised_by = "" };
	struct cr_err e = { 0 };
	enum cr_hazard_state out;
	OK(cr_hazard_transition_check(&u[DIST], &h, "registered", 0, NULL, &out, &e));
	INT_EQ(e.status, 400);
	STR_EQ(e.field, "unit_id");
	/* departments do not see unit-less reports; the territory does */
	OK(cr_hazard_user_may_read(&u[DIST], &h));
	OK(cr_hazard_user_may_read(&u[CITY], &h));
	OK(!cr_hazard_user_may_read(&u[CDEPT], &h));
	OK(!cr_hazard_user_may_read(&u[UNIT], &h));
	OK(!cr_hazard_user_may_read(&u[DIST_X], &h));
}

TEST(hazard_unknown_state_and_closed_is_final)
{
	struct cr_user u[NU];
	users(u);
	struct cr_hazard_facts h = facts(CR_HZ_CLOSED, 0);
	struct cr_err e = { 0 };
	enum cr_hazard_state out;
	OK(cr_hazard_transition_check(&u[CITY], &h, "reopened", 0, NULL, &out, &e));
	INT_EQ(e.status, 400);
	STR_EQ(e.field, "to");
	OK(cr_hazard_transition_check(&u[CITY], &h, NULL, 0, NULL, &out, &e));
	STR_EQ(e.code, "required");
	OK(cr_hazard_transition_check(&u[CITY], &h, "verified", CR_HF_COMMENT, NULL, &out, &e));
	INT_EQ(e.status, 409);
	OK(cr_hazard_is_rejection(CR_HZ_RECTIFIED, CR_HZ_RECTIFYING));
	OK(!cr_hazard_is_rejection(CR_HZ_CLOSED, CR_HZ_VERIFIED));
	OK(!cr_hazard_is_rejection(CR_HZ_FOUND, CR_HZ_REGISTERED));
}

TEST(hazard_due_overdue_and_escalation)
{
	struct cr_hazard_due d;
	cr_hazard_due(CR_HZ_RECTIFYING, "2024-06-10", "2024-06-10", &d);
	OK(!d.overdue && d.due_soon);
	INT_EQ(d.days_left, 0);
	cr_hazard_due(CR_HZ_RECTIFYING, "2024-06-17", "2024-06-10", &d);
	OK(!d.overdue && d.due_soon);
	cr_hazard_due(CR_HZ_RECTIFYING, "2024-06-18", "2024-06-10", &d);
	OK(!d.overdue && !d.due_soon);
	cr_hazard_due(CR_HZ_FOUND, "2024-06-09", "2024-06-10", &d);
	OK(d.overdue && !d.due_soon);
	INT_EQ(d.days_left, -1);
	/* once the unit has reported the rectification, the clock stops */
	cr_hazard_due(CR_HZ_RECTIFIED, "2024-06-09", "2024-06-10", &d);
	OK(!d.overdue && !d.due_soon);
	cr_hazard_due(CR_HZ_CLOSED, "2024-01-01", "2024-06-10", &d);
	OK(!d.overdue);
	cr_hazard_due(CR_HZ_ASSESSED, NULL, "2024-06-10", &d);
	OK(!d.overdue && !d.due_soon);
	INT_EQ(cr_hazard_escalation_level(CR_HZ_RECTIFYING, "2024-06-10", "2024-06-10"), 0);
	INT_EQ(cr_hazard_escalation_level(CR_HZ_RECTIFYING, "2024-06-09", "2024-06-10"), 1);
	INT_EQ(cr_hazard_escalation_level(CR_HZ_RECTIFYING, "2024-05-11", "2024-06-10"), 2);
	INT_EQ(cr_hazard_escalation_level(CR_HZ_RECTIFYING, "2024-05-12", "2024-06-10"), 1);
	INT_EQ(cr_hazard_escalation_level(CR_HZ_VERIFIED, "2024-01-01", "2024-06-10"), 0);
	STR_EQ(cr_hazard_escalation_name(2), "city");
	OK(cr_hazard_escalation_name(3) == NULL);
}

TEST(hazard_names)
{
	for (int i = 0; i < CR_HZ_STATE_COUNT; i++) {
		enum cr_hazard_state s;
		INT_EQ(cr_hazard_state_parse(cr_hazard_state_name((enum cr_hazard_state)i), &s), 0);
		INT_EQ(s, i);
		OK(cr_hazard_state_cn((enum cr_hazard_state)i) != NULL);
	}
	OK(cr_hazard_source_valid("grid_patrol"));
	OK(!cr_hazard_source_valid("rumour"));
	OK(cr_hazard_grade_valid("major"));
	OK(!cr_hazard_grade_valid("重大"));
	STR_EQ(cr_hazard_field_name(CR_HF_FUNDS), "funds_cny");
	OK(cr_hazard_field_name(3) == NULL);
}

/* Every action offered passes the transition check once its needs are given, and every step the
 * check allows (with all it needs) is offered: the UI and the server agree. */
TEST(hazard_actions_agree_with_the_check)
{
	static const enum cr_role roles[] = { CR_ROLE_CITY,   CR_ROLE_CITY_DEPT, CR_ROLE_DISTRICT,
					      CR_ROLE_STREET, CR_ROLE_UNIT,      CR_ROLE_EXPERT };
	for (size_t r = 0; r < sizeof roles / sizeof roles[0]; r++)
		for (int major = 0; major < 2; major++)
			for (int st = 0; st < CR_HZ_STATE_COUNT; st++) {
				struct cr_user u = { .id = 7, .role = roles[r], .unit_id = 5 };
				snprintf(u.region, sizeof u.region, "%s",
					 roles[r] == CR_ROLE_CITY ||
							 roles[r] == CR_ROLE_CITY_DEPT ||
							 roles[r] == CR_ROLE_EXPERT
						 ? "3205"
					 : roles[r] == CR_ROLE_STREET ? "320583100"
								      : "320583");
				snprintf(u.dept, sizeof u.dept, "AJJ");
				if (roles[r] == CR_ROLE_UNIT)
					u.region[0] = 0;
				struct cr_hazard_facts h = {
					.state = (enum cr_hazard_state)st,
					.major = major,
					.unit_id = 5,
					.region = "320583100",
					.dept = "AJJ",
					.supervised_by = major ? "AJJ" : "",
					.has_deadline = true,
					.rectified_by = 9,
				};
				struct cr_hazard_action acts[8];
				size_t n = cr_hazard_actions(&u, &h, acts, 8);
				for (int to = 0; to < CR_HZ_STATE_COUNT; to++) {
					bool offered = false;
					unsigned needs = 0;
					for (size_t i = 0; i < n; i++)
						if ((int)acts[i].to == to) {
							offered = true;
							needs = acts[i].needs;
						}
					struct cr_err e;
					enum cr_hazard_state out;
					/* give every field the step may need */
					unsigned fields = offered ? needs : 0;
					int rc = cr_hazard_transition_check(
						&u, &h,
						cr_hazard_state_name((enum cr_hazard_state)to),
						fields, fields & CR_HF_SUPERVISED_BY ? "AJJ" : NULL,
						&out, &e);
					if (offered)
						INT_EQ(rc, 0);
					else
						OK(rc != 0 && e.status != 400);
				}
			}
}

/* next_step: the forward step of the table and who takes it — the unit where it may act, the
 * district otherwise, and at closure the listing's supervisor. */
TEST(hazard_next_step_names_who_takes_it)
{
	static const struct {
		enum cr_hazard_state state;
		bool major;
		long long unit;
		const char *sup, *to, *by;
	} cases[] = {
		{ CR_HZ_FOUND, false, 42, "", "registered", "unit" },
		{ CR_HZ_FOUND, false, 0, "", "registered", "district" }, /* a report: no unit yet */
		{ CR_HZ_REGISTERED, true, 42, "", "assessed", "district" },
		{ CR_HZ_ASSESSED, false, 42, "", "rectifying", "unit" },
		{ CR_HZ_RECTIFYING, false, 42, "", "rectified", "unit" },
		{ CR_HZ_RECTIFIED, false, 42, "", "verified", "district" },
		{ CR_HZ_VERIFIED, false, 42, "", "closed", "district" },
		{ CR_HZ_VERIFIED, true, 42, "AWB", "closed", "city" },
		{ CR_HZ_VERIFIED, true, 42, "", "closed", "city" },
		{ CR_HZ_VERIFIED, true, 42, "AJJ", "closed", "dept" },
		{ CR_HZ_VERIFIED, false, 42, "AJJ", "closed",
		  "dept" }, /* re-graded under its listing */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct cr_hazard_facts h = { .state = cases[i].state,
					     .major = cases[i].major,
					     .unit_id = cases[i].unit,
					     .region = "320583100",
					     .dept = "AJJ",
					     .supervised_by = cases[i].sup };
		enum cr_hazard_state to;
		const char *by = NULL;
		OK(cr_hazard_next_step(&h, &to, &by));
		STR_EQ(cr_hazard_state_name(to), cases[i].to);
		STR_EQ(by, cases[i].by);
	}
	struct cr_hazard_facts closed = { .state = CR_HZ_CLOSED, .supervised_by = "" };
	enum cr_hazard_state to;
	const char *by;
	OK(!cr_hazard_next_step(&closed, &to, &by));
}

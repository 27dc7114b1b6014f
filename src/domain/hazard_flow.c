/* hazard_flow.c — the hidden-hazard state machine, its role rules, deadlines and escalation.
 * It must stay pure: no database, no clock (callers pass "now" and "today"). */
#include "domain/hazard_flow.h"
#include "domain/hazard_clock.h"

#include <stdio.h>
#include <string.h>

static const char *const state_names[CR_HZ_STATE_COUNT] = {
	"found", "registered", "assessed", "rectifying", "rectified", "verified", "closed",
};
static const char *const state_cn[CR_HZ_STATE_COUNT] = {
	"发现", "登记", "评估", "整改中", "整改完成", "验收", "销号",
};
static const char *const field_names[CR_HF_COUNT] = {
	"comment", "deadline", "measures", "responsible", "funds_cny", "evidence", "supervised_by",
};

const char *cr_hazard_state_name(enum cr_hazard_state s)
{
	return s >= 0 && s < CR_HZ_STATE_COUNT ? state_names[s] : NULL;
}

const char *cr_hazard_state_cn(enum cr_hazard_state s)
{
	return s >= 0 && s < CR_HZ_STATE_COUNT ? state_cn[s] : NULL;
}

int cr_hazard_state_parse(const char *s, enum cr_hazard_state *out)
{
	for (int i = 0; s && i < CR_HZ_STATE_COUNT; i++)
		if (strcmp(s, state_names[i]) == 0) {
			*out = (enum cr_hazard_state)i;
			return 0;
		}
	return -1;
}

const char *cr_hazard_field_name(unsigned bit)
{
	for (int i = 0; i < CR_HF_COUNT; i++)
		if (bit == 1u << i)
			return field_names[i];
	return NULL;
}

bool cr_hazard_source_valid(const char *s)
{
	static const char *const sources[] = { "self_check", "inspection", "grid_patrol",
					       "third_party", "public_report" };
	for (size_t i = 0; s && i < sizeof sources / sizeof sources[0]; i++)
		if (strcmp(s, sources[i]) == 0)
			return true;
	return false;
}

bool cr_hazard_grade_valid(const char *s)
{
	return s && (strcmp(s, "general") == 0 || strcmp(s, "major") == 0);
}

/* ===== Who ===== */

/* Who may take a step. */
enum who {
	W_UNIT_OR_REG, /* the hazard's own unit, or a regulator in scope (recording for it) */
	W_REG,         /* a regulator in scope: city, department, district, district dept, street */
	W_ASSESSOR,    /* a regulator in scope; for a 重大隐患 not a street */
	W_VERIFIER,    /* a regulator in scope who did not report the rectification */
	W_SUPERVISOR, /* 一般隐患: a regulator in scope; 重大隐患: its supervising level only */
};

static bool is_own_unit(const struct cr_user *u, const struct cr_hazard_facts *h)
{
	return u->role == CR_ROLE_UNIT && h->unit_id > 0 && u->unit_id == h->unit_id;
}

/* Regulators: every role but unit and expert, inside territory and (department roles) industry. */
static bool is_regulator(const struct cr_user *u, const struct cr_hazard_facts *h)
{
	return cr_user_can_manage_unit(u, h->region ? h->region : "", h->dept ? h->dept : "");
}

bool cr_hazard_user_may_read(const struct cr_user *u, const struct cr_hazard_facts *h)
{
	if (u->role == CR_ROLE_UNIT)
		return is_own_unit(u, h);
	return cr_user_can_read_unit(u, h->unit_id, h->region ? h->region : "",
				     h->dept ? h->dept : "");
}

bool cr_hazard_user_may_edit(const struct cr_user *u, const struct cr_hazard_facts *h)
{
	return is_own_unit(u, h) || is_regulator(u, h);
}

bool cr_hazard_listed(const struct cr_hazard_facts *h)
{
	return h->supervised_by && *h->supervised_by;
}

bool cr_hazard_user_is_supervisor(const struct cr_user *u, const struct cr_hazard_facts *h)
{
	if (!is_regulator(u, h))
		return false;
	/* A listing binds until its supervisor lifts it, even if the grade was changed under it. */
	if (!h->major && !cr_hazard_listed(h))
		return true;
	const char *sup = h->supervised_by ? h->supervised_by : "";
	if (!*sup || strcmp(sup, CR_HAZARD_CITY_OFFICE) == 0)
		return u->role == CR_ROLE_CITY;
	return (u->role == CR_ROLE_CITY_DEPT || u->role == CR_ROLE_DISTRICT_DEPT) &&
	       strcmp(u->dept, sup) == 0;
}

int cr_hazard_change_check(const struct cr_user *u, const struct cr_hazard_facts *h,
			   unsigned changes, struct cr_err *err)
{
	if (!changes || !cr_hazard_listed(h) || cr_hazard_user_is_supervisor(u, h))
		return 0;
	const char *field = (changes & CR_HC_GRADE) ? "grade" : "unit_id";
	return cr_err_set(
		err, 403, "forbidden", field,
		"hazard is listed for supervision by %s; only that level may change its %s",
		h->supervised_by, field);
}

static bool allowed(enum who w, const struct cr_user *u, const struct cr_hazard_facts *h)
{
	switch (w) {
	case W_UNIT_OR_REG:
		return is_own_unit(u, h) || is_regulator(u, h);
	case W_REG:
	case W_VERIFIER:
		return is_regulator(u, h);
	case W_ASSESSOR:
		return is_regulator(u, h) && !(h->major && u->role == CR_ROLE_STREET);
	case W_SUPERVISOR:
		return cr_hazard_user_is_supervisor(u, h);
	}
	return false;
}

/* ===== The table ===== */

enum { NEED_UNIT = 1, NEED_DEADLINE_UNLESS_SET = 2, MAJOR_NEEDS_LISTING = 4 };

struct step {
	enum cr_hazard_state from, to;
	enum who who;
	unsigned takes; /* fields the step accepts */
	unsigned needs; /* fields it refuses to go without */
	unsigned rules; /* NEED_* and MAJOR_* above */
};

#define C CR_HF_COMMENT
static const struct step steps[] = {
	/* forward */
	{ CR_HZ_FOUND, CR_HZ_REGISTERED, W_UNIT_OR_REG, C | CR_HF_DEADLINE, 0, NEED_UNIT },
	{ CR_HZ_REGISTERED, CR_HZ_ASSESSED, W_ASSESSOR, C | CR_HF_DEADLINE | CR_HF_SUPERVISED_BY, 0,
	  MAJOR_NEEDS_LISTING },
	{ CR_HZ_ASSESSED, CR_HZ_RECTIFYING, W_UNIT_OR_REG,
	  C | CR_HF_MEASURES | CR_HF_RESPONSIBLE | CR_HF_FUNDS | CR_HF_DEADLINE,
	  CR_HF_MEASURES | CR_HF_RESPONSIBLE | CR_HF_FUNDS, NEED_DEADLINE_UNLESS_SET },
	{ CR_HZ_RECTIFYING, CR_HZ_RECTIFIED, W_UNIT_OR_REG, C | CR_HF_EVIDENCE, CR_HF_EVIDENCE, 0 },
	{ CR_HZ_RECTIFIED, CR_HZ_VERIFIED, W_VERIFIER, C, 0, 0 },
	{ CR_HZ_VERIFIED, CR_HZ_CLOSED, W_SUPERVISOR, C, 0, 0 },
	/* rejections: one step back, with the reason */
	{ CR_HZ_REGISTERED, CR_HZ_FOUND, W_REG, C, C, 0 },
	{ CR_HZ_ASSESSED, CR_HZ_REGISTERED, W_ASSESSOR, C, C, 0 },
	{ CR_HZ_RECTIFYING, CR_HZ_ASSESSED, W_REG, C, C, 0 },
	{ CR_HZ_RECTIFIED, CR_HZ_RECTIFYING, W_REG, C, C, 0 },
	{ CR_HZ_VERIFIED, CR_HZ_RECTIFIED, W_SUPERVISOR, C, C, 0 },
};
#undef C

bool cr_hazard_is_rejection(enum cr_hazard_state from, enum cr_hazard_state to)
{
	return to + 1 == from && from != CR_HZ_CLOSED;
}

static const struct step *find_step(enum cr_hazard_state from, enum cr_hazard_state to)
{
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (steps[i].from == from && steps[i].to == to)
			return &steps[i];
	return NULL;
}

int cr_hazard_transition_check(const struct cr_user *u, const struct cr_hazard_facts *h,
			       const char *to, unsigned fields, const char *supervised_by,
			       enum cr_hazard_state *to_out, struct cr_err *err)
{
	enum cr_hazard_state t;
	if (!to || cr_hazard_state_parse(to, &t))
		return cr_err_set(err, 400, to ? "invalid" : "required", "to",
				  "to must be found, registered, assessed, rectifying, rectified,"
				  " verified or closed");
	const struct step *st = find_step(h->state, t);
	if (!st)
		return cr_err_set(err, 409, "illegal_transition", "to",
				  "a hazard cannot go from %s to %s",
				  cr_hazard_state_name(h->state), to);
	if (!allowed(st->who, u, h))
		return cr_err_set(err, 403, "forbidden", "to",
				  "your role may not move this hazard"
				  " from %s to %s",
				  cr_hazard_state_name(h->state), to);
	if (st->who == W_VERIFIER && h->rectified_by && u->id == h->rectified_by)
		return cr_err_set(err, 403, "separation_of_duties", "to",
				  "the rectification must be verified by someone other than"
				  " who reported it");
	for (int i = 0; i < CR_HF_COUNT; i++) {
		unsigned bit = 1u << i;
		if ((fields & bit) && !(st->takes & bit))
			return cr_err_set(err, 400, "invalid", field_names[i],
					  "'%s' is not part of the step %s → %s", field_names[i],
					  cr_hazard_state_name(h->state), to);
	}
	if ((st->rules & NEED_UNIT) && h->unit_id <= 0)
		return cr_err_set(err, 400, "required", "unit_id",
				  "set the hazard's unit_id (PATCH) before registering it");
	if (fields & CR_HF_SUPERVISED_BY) {
		if (!h->major)
			return cr_err_set(
				err, 400, "invalid", "supervised_by",
				"only a 重大隐患 (grade major) is listed for supervision");
		if (cr_hazard_listed(h) && supervised_by &&
		    strcmp(supervised_by, h->supervised_by) != 0 &&
		    !cr_hazard_user_is_supervisor(u, h))
			return cr_err_set(
				err, 403, "forbidden", "supervised_by",
				"hazard is listed by %s; only that level may list it elsewhere",
				h->supervised_by);
		if (!supervised_by || (strcmp(supervised_by, CR_HAZARD_CITY_OFFICE) != 0 &&
				       (!h->dept || strcmp(supervised_by, h->dept) != 0)))
			return cr_err_set(
				err, 400, "invalid", "supervised_by",
				"supervised_by must be the hazard's department (%s) or AWB",
				h->dept ? h->dept : "");
	}
	/* Needs, in a fixed order so the first missing field is named. */
	static const unsigned order[] = { CR_HF_MEASURES, CR_HF_RESPONSIBLE, CR_HF_FUNDS,
					  CR_HF_DEADLINE, CR_HF_EVIDENCE,    CR_HF_SUPERVISED_BY,
					  CR_HF_COMMENT };
	unsigned needs = st->needs;
	if ((st->rules & NEED_DEADLINE_UNLESS_SET) && !h->has_deadline)
		needs |= CR_HF_DEADLINE;
	if ((st->rules & MAJOR_NEEDS_LISTING) && h->major) {
		if (!h->supervised_by || !*h->supervised_by)
			needs |= CR_HF_SUPERVISED_BY;
		if (!h->has_deadline)
			needs |= CR_HF_DEADLINE;
	}
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
		if ((needs & order[i]) && !(fields & order[i]))
			return cr_err_set(err, 400, "required", cr_hazard_field_name(order[i]),
					  "the step %s → %s needs '%s'",
					  cr_hazard_state_name(h->state), to,
					  cr_hazard_field_name(order[i]));
	*to_out = t;
	return 0;
}

/* ===== Escalation ===== */

int cr_hazard_escalation_level(enum cr_hazard_state s, const char *deadline, const char *today)
{
	struct cr_hazard_due d;
	cr_hazard_due(s, deadline, today, &d);
	if (!d.overdue)
		return 0;
	return -d.days_left >= CR_HAZARD_CITY_AFTER_DAYS ? 2 : 1;
}

const char *cr_hazard_escalation_name(int level)
{
	static const char *const names[] = { "unit", "department", "city" };
	return level >= 0 && level <= 2 ? names[level] : NULL;
}

size_t cr_hazard_actions(const struct cr_user *u, const struct cr_hazard_facts *h,
			 struct cr_hazard_action *out, size_t cap)
{
	size_t n = 0;
	if (u->role == CR_ROLE_EXPERT)
		return 0;
	for (size_t i = 0; i < sizeof steps / sizeof steps[0] && n < cap; i++) {
		const struct step *st = &steps[i];
		if (st->from != h->state || !allowed(st->who, u, h) ||
		    (st->who == W_VERIFIER && h->rectified_by && u->id == h->rectified_by) ||
		    ((st->rules & NEED_UNIT) && h->unit_id <= 0))
			continue;
		unsigned needs = st->needs;
		if ((st->rules & NEED_DEADLINE_UNLESS_SET) && !h->has_deadline)
			needs |= CR_HF_DEADLINE;
		if ((st->rules & MAJOR_NEEDS_LISTING) && h->major) {
			if (!h->supervised_by || !*h->supervised_by)
				needs |= CR_HF_SUPERVISED_BY;
			if (!h->has_deadline)
				needs |= CR_HF_DEADLINE;
		}
		unsigned takes = st->takes;
		if (!h->major)
			takes &= ~(unsigned)CR_HF_SUPERVISED_BY;
		out[n++] =
			(struct cr_hazard_action){ st->to, cr_hazard_is_rejection(st->from, st->to),
						   takes, needs };
	}
	return n;
}

bool cr_hazard_next_step(const struct cr_hazard_facts *h, enum cr_hazard_state *to,
			 const char **by_role)
{
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		const struct step *st = &steps[i];
		if (st->from != h->state || cr_hazard_is_rejection(st->from, st->to))
			continue;
		*to = st->to;
		*by_role = "district";
		if (st->who == W_UNIT_OR_REG && h->unit_id > 0)
			*by_role = "unit";
		if (st->who == W_SUPERVISOR && (h->major || cr_hazard_listed(h))) {
			const char *sup = h->supervised_by ? h->supervised_by : "";
			*by_role =
				!*sup || strcmp(sup, CR_HAZARD_CITY_OFFICE) == 0 ? "city" : "dept";
		}
		return true;
	}
	return false;
}

/* hazard_flow.h — the closed loop of a hidden hazard (事故隐患) as a pure state machine: states,
 * who may take each step, what each step needs, deadlines and escalation. No I/O, no clock. */
#ifndef CR_HAZARD_FLOW_H
#define CR_HAZARD_FLOW_H

#include <stdbool.h>
#include <time.h>

#include "core/err.h"
#include "domain/date.h"
#include "domain/user.h"

/* 排查、登记、评估、治理、验收、销号 [K 第二阶段 1], [J 三(二)2 五]. */
enum cr_hazard_state {
	CR_HZ_FOUND,      /* 发现: recorded, not yet confirmed */
	CR_HZ_REGISTERED, /* 登记: confirmed and attached to its unit */
	CR_HZ_ASSESSED, /* 评估: graded by a regulator; a 重大隐患 is listed (挂牌督办) here */
	CR_HZ_RECTIFYING, /* 治理: measures, responsible person, funds and deadline fixed */
	CR_HZ_RECTIFIED,  /* 整改完成: the unit's evidence is in */
	CR_HZ_VERIFIED,   /* 验收: checked by someone other than the rectifier */
	CR_HZ_CLOSED,     /* 销号 */
	CR_HZ_STATE_COUNT
};

/* Fields a transition request may carry, as bits. */
enum {
	CR_HF_COMMENT = 1u << 0,
	CR_HF_DEADLINE = 1u << 1,
	CR_HF_MEASURES = 1u << 2,
	CR_HF_RESPONSIBLE = 1u << 3,
	CR_HF_FUNDS = 1u << 4,
	CR_HF_EVIDENCE = 1u << 5,
	CR_HF_SUPERVISED_BY = 1u << 6,
};
#define CR_HF_COUNT 7

/* The city office's code as a supervisor (市安委办). */
#define CR_HAZARD_CITY_OFFICE "AWB"
/* Overdue this many days or more: escalated from the department to the city office. */
#define CR_HAZARD_CITY_AFTER_DAYS 30

/* What the check needs to know about the hazard. Strings are borrowed; "" when unknown. */
struct cr_hazard_facts {
	enum cr_hazard_state state;
	bool major;                /* 重大隐患 */
	long long unit_id;         /* 0: not yet known (a public report) */
	const char *region, *dept; /* copied from the unit (a report: the district only) */
	const char *supervised_by; /* "" = not listed; a department code or "AWB" */
	bool has_deadline;
	long long rectified_by; /* user id of who reported the rectification, 0 = none */
};

/* Static names ("found" …) and Chinese labels; NULL when out of range. */
const char *cr_hazard_state_name(enum cr_hazard_state s);
const char *cr_hazard_state_cn(enum cr_hazard_state s);
int cr_hazard_state_parse(const char *s, enum cr_hazard_state *out);
/* Field name of one CR_HF_ bit ("comment", "funds_cny" …); NULL for anything else. */
const char *cr_hazard_field_name(unsigned bit);

bool cr_hazard_source_valid(const char *s); /* self_check inspection grid_patrol third_party
					     * public_report */
bool cr_hazard_grade_valid(const char *s);  /* general major */

/* Whether the pair is a rejection (one step back, comment required). */
bool cr_hazard_is_rejection(enum cr_hazard_state from, enum cr_hazard_state to);

/* Whether u may take the step `to` on h carrying `fields` (CR_HF_ bits); supervised_by is the
 * requested supervisor (NULL when absent). Returns 0 with *to_out set, or -1 with err:
 * 400 "invalid" field "to" for an unknown state; 409 "illegal_transition" when the pair is not
 * in the table; 403 "forbidden" (role or scope) or "separation_of_duties" (the rectifier
 * verifying); 400 "invalid" naming a field the step does not take or a bad supervisor;
 * 403 "forbidden" field "supervised_by" when a listed hazard would be listed elsewhere by
 * someone other than its supervising level; 400 "required" naming the first field the step
 * needs and lacks. */
int cr_hazard_transition_check(const struct cr_user *u, const struct cr_hazard_facts *h,
			       const char *to, unsigned fields, const char *supervised_by,
			       enum cr_hazard_state *to_out, struct cr_err *err);

/* The steps u may take on h now, as the table and the checks above decide (the same rules:
 * an action listed here passes cr_hazard_transition_check once its needs are given). */
struct cr_hazard_action {
	enum cr_hazard_state to;
	bool rejection;
	unsigned takes, needs; /* CR_HF_ bits */
};
size_t cr_hazard_actions(const struct cr_user *u, const struct cr_hazard_facts *h,
			 struct cr_hazard_action *out, size_t cap);

/* The next forward step of h and who takes it, by the table above: "unit" (its own unit, or a
 * regulator recording for it), "district" (a regulator in scope), "city" (the city office: a
 * 重大隐患 listed by AWB or not listed) or "dept" (the department in h->supervised_by). *by_role
 * is static. false when there is none (closed). */
bool cr_hazard_next_step(const struct cr_hazard_facts *h, enum cr_hazard_state *to,
			 const char **by_role);

/* Who may change or comment on an open hazard at all: its unit, or a regulator in scope. */
bool cr_hazard_user_may_edit(const struct cr_user *u, const struct cr_hazard_facts *h);
/* Who may read it: its unit, the roles that read its unit, and for a unit-less report the
 * regulators whose territory holds its district. */
bool cr_hazard_user_may_read(const struct cr_user *u, const struct cr_hazard_facts *h);
/* Whether h is listed for supervision (挂牌督办): supervised_by is set. */
bool cr_hazard_listed(const struct cr_hazard_facts *h);
/* The supervising level: of a listed hazard, its listing's (AWB: the city role; a department:
 * city_dept and district_dept users of it in scope), whatever its grade now; of an unlisted
 * 重大隐患 the city role; of an unlisted 一般隐患 any regulator in scope. */
bool cr_hazard_user_is_supervisor(const struct cr_user *u, const struct cr_hazard_facts *h);

/* Changes (PATCH) that bear on a listing, as bits. */
enum {
	CR_HC_GRADE = 1u << 0,    /* the grade changes (to 一般隐患 it de-lists the hazard) */
	CR_HC_UNIT = 1u << 1,     /* the unit changes */
	CR_HC_DEADLINE = 1u << 2, /* a new deadline is given (no bearing on the listing) */
};
/* Whether u, who may edit h, may make `changes` (CR_HC_ bits that really change a value): while
 * h is listed only its supervising level may change its grade or unit, so a listing cannot be
 * undone from below. Returns 0, or -1 with err 403 "forbidden" naming the field. */
int cr_hazard_change_check(const struct cr_user *u, const struct cr_hazard_facts *h,
			   unsigned changes, struct cr_err *err);

/* ===== Dates, deadlines and escalation ===== */

/* Today's date in China Standard Time (cr_date_today; the date helpers are domain/date.h). */
static inline void cr_hazard_today(time_t now, char out[11])
{
	cr_date_today(now, out);
}

/* The clock (overdue, due soon, days left) is domain/hazard_clock.h. */

/* Escalation levels: 0 the unit, 1 the department (overdue), 2 the city office (overdue by
 * CR_HAZARD_CITY_AFTER_DAYS or more). */
int cr_hazard_escalation_level(enum cr_hazard_state s, const char *deadline, const char *today);
const char *cr_hazard_escalation_name(int level); /* "unit" "department" "city" */

#endif

/* review_flow.h — the review chain of a unit's risk list (风险清单审核) as a pure state machine:
 * states, who acts next, who may submit, approve or return. No I/O, no clock. */
#ifndef CR_REVIEW_FLOW_H
#define CR_REVIEW_FLOW_H

#include <stdbool.h>

#include "core/err.h"
#include "domain/user.h"

/* The unit reports (企业填报), the street checks its basic data (街道核查, [B 附件3 (三)1]), the
 * district's department reviews (区级部门审核), the city department re-assesses the points that
 * may affect public safety (市级部门再评估, [B 附件3 (二)6]), and the list is published (发布).
 * Every level may return the list to the unit with a comment (退回); the unit resubmits; a
 * published list is reopened by the unit's next (change or periodic) report. */
enum cr_review_state {
	CR_RV_DRAFT,     /* 草稿: never submitted */
	CR_RV_SUBMITTED, /* 已提交: waiting on the street (a district-level unit: the district) */
	CR_RV_STREET_CHECKED, /* 街道已核查: waiting on the district department */
	CR_RV_DEPT_REVIEWED, /* 区级部门已审核: waiting on the city department's re-assessment */
	CR_RV_PUBLISHED,     /* 已发布 */
	CR_RV_RETURNED,      /* 已退回: waiting on the unit to resubmit */
	CR_RV_STATE_COUNT
};

/* Who acts next. */
enum cr_review_actor {
	CR_RA_NONE,     /* published: nobody */
	CR_RA_UNIT,     /* the unit itself (submit, resubmit) */
	CR_RA_STREET,   /* the street (街道/镇) whose territory holds the unit */
	CR_RA_DISTRICT, /* the district, for a unit registered without a town (6-digit region) */
	CR_RA_DISTRICT_DEPT, /* the district department of the unit's industry */
	CR_RA_CITY_DEPT,     /* the city department of the unit's industry */
	CR_RA_COUNT
};

/* What the rules need to know about one list under review. Strings are borrowed. */
struct cr_review_facts {
	enum cr_review_state state;
	long long unit_id;
	const char *region, *dept; /* the unit's */
	bool public_safety;        /* the list holds a point that may affect public safety */
};

/* Static names ("draft" …, "unit" …) and Chinese labels; NULL when out of range. */
const char *cr_review_state_name(enum cr_review_state s);
const char *cr_review_state_cn(enum cr_review_state s);
int cr_review_state_parse(const char *s, enum cr_review_state *out);
const char *cr_review_actor_name(enum cr_review_actor a);
const char *cr_review_actor_cn(enum cr_review_actor a);

/* 可能影响公共安全: a point may affect public safety when it is grade Ⅰ or Ⅱ (a 重大 or 较大
 * accident reaches beyond the unit) or is marked public_impact by whoever assessed it. Such a
 * point sends the unit's list to the city department for re-assessment [B 附件3 (二)6]. */
bool cr_review_point_public(int grade, bool public_impact);

/* Who acts next on a list in state f->state (CR_RA_NONE when published). */
enum cr_review_actor cr_review_waiting_on(const struct cr_review_facts *f);
/* Whether u is the actor the list waits on: role and territory (and department). */
bool cr_review_user_is_next(const struct cr_review_facts *f, const struct cr_user *u);

/* Whether u may submit the list now: only the unit's own account, from draft, returned or
 * published (a published list is reopened by the report). 403 "forbidden" (field unit_id,
 * rule review_actor) for anyone else; 409 "conflict" (field state) while the list is with a
 * reviewer. */
int cr_review_submit_check(const struct cr_review_facts *f, const struct cr_user *u,
			   struct cr_err *err);

/* The decision "approve" or "return" by u; comment may be NULL or "". Returns 0 with *to set:
 * approve moves submitted → street_checked → (public_safety ? dept_reviewed : published),
 * dept_reviewed → published; return moves any of them to returned. 400 "invalid" field
 * decision for anything else; 409 "conflict" field state when the list waits on nobody but the
 * unit; 403 "forbidden" (field decision, rule review_actor) when u is not the actor it waits
 * on; 400 "required" field comment for a return without one. */
int cr_review_decide_check(const struct cr_review_facts *f, const struct cr_user *u,
			   const char *decision, const char *comment, enum cr_review_state *to,
			   struct cr_err *err);

#endif

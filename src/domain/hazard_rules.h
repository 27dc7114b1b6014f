/* hazard_rules.h — the record rules of a hidden hazard (事故隐患) beside its state machine
 * (hazard_flow.h): which sources a user may record, what each step writes, what a change may
 * touch once the hazard is assessed, and its dates. Pure: no I/O, no clock. */
#ifndef CR_HAZARD_RULES_H
#define CR_HAZARD_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "domain/hazard_flow.h"
#include "domain/user.h"

/* Whether u may record a hazard of this source: a unit records self_check and third_party
 * (what it or its hired checker found); regulators any source but public_report, which comes
 * in through the public report. 0, or -1 with err: 400 "invalid" field "source" for an unknown
 * source or public_report, 403 "forbidden" field "source" for a unit's other sources. */
int cr_hazard_source_check(const struct cr_user *u, const char *source, struct cr_err *err);

/* What a step writes besides its state and the request's fields, as bits. */
enum {
	CR_HW_RECTIFIED = 1u << 0,       /* rectified_by, rectified_at := the user, now */
	CR_HW_VERIFIED = 1u << 1,        /* verified_by, verified_at := the user, now */
	CR_HW_CLOSED = 1u << 2,          /* closed_at := now */
	CR_HW_CLEAR_RECTIFIED = 1u << 3, /* rectified_by, rectified_at cleared */
	CR_HW_CLEAR_VERIFIED = 1u << 4,  /* verified_by, verified_at cleared */
	CR_HW_NEW_CLOCK = 1u << 5,       /* a new deadline: escalation re-computed, escalated_at
					  * cleared */
};
/* The writes of the step from → to carrying `fields` (CR_HF_ bits, already checked by
 * cr_hazard_transition_check). The fields themselves, except the comment (kept in the step's
 * event), are written as given: see cr_hazard_step_fields. */
unsigned cr_hazard_step_writes(enum cr_hazard_state from, enum cr_hazard_state to, unsigned fields);
/* The CR_HF_ bits of `fields` a step stores on the hazard (all but the comment). */
unsigned cr_hazard_step_fields(unsigned fields);

/* Whether u may change (PATCH) h with the request's top-level keys (besides "version"):
 * a closed hazard never changes (409 "conflict" field "state"); from assessed on only the
 * deadline (409 "conflict" naming the first other key), and only by the supervising level
 * (403 "forbidden" field "deadline", when `changes` holds CR_HC_DEADLINE); the listing rules of cr_hazard_change_check for
 * `changes` (CR_HC_ bits); the unit only while found and only by a regulator (409 "conflict"
 * field "unit_id"). 0, or -1 with err. */
int cr_hazard_patch_check(const struct cr_user *u, const struct cr_hazard_facts *h,
			  const char *const *keys, size_t nkeys, unsigned changes,
			  struct cr_err *err);

/* A deadline: a date "YYYY-MM-DD", today or later (today "YYYY-MM-DD"). 0, or -1 with err 400
 * "invalid" field "deadline". */
int cr_hazard_deadline_check(const char *deadline, const char *today, struct cr_err *err);
/* found_at: a date or an ISO 8601 time, from 2000 to today (a day's grace for time zones). 0,
 * or -1 with err 400 "invalid" field "found_at". */
int cr_hazard_found_at_check(const char *found_at, const char *today, struct cr_err *err);

#endif

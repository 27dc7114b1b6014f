/* hazard_loop.c — the closed loop of a hidden hazard: one step (or one step back) with what it
 * writes, its event and audit entry in one transaction. The rules are domain/hazard_flow.c and
 * domain/hazard_rules.c; no SQL here. */
#include "service/hazards.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/jsonx.h"
#include "domain/date.h"
#include "domain/hazard_rules.h"
#include "store/hazards.h"

json_t *cr_hazard_transition(struct cr_conn *c, const struct cr_user *u, long long id,
			     const json_t *body, struct cr_err *err)
{
	static const char *const fields[] = { "to",       "comment",       "deadline",
					      "measures", "responsible",   "funds_cny",
					      "evidence", "supervised_by", "version",
					      NULL };
	char today[11], now[32];
	cr_date_today(time(NULL), today);
	cr_now_iso(now);
	const char *to = NULL, *comment = NULL, *dl = NULL, *measures = NULL, *resp = NULL,
		   *evidence = NULL, *sup = NULL;
	double funds = 0;
	long long expect = 0;
	int h[7];
	if (cr_json_only(body, fields, err) ||
	    cr_json_int(body, "version", 1, 1LL << 50, &expect, err) < 0 ||
	    cr_json_str(body, "to", 20, &to, err) < 0 ||
	    (h[0] = cr_json_text(body, "comment", 500, &comment, err)) < 0 ||
	    (h[1] = cr_json_str(body, "deadline", 10, &dl, err)) < 0 ||
	    (h[2] = cr_json_text(body, "measures", 2000, &measures, err)) < 0 ||
	    (h[3] = cr_json_str(body, "responsible", 50, &resp, err)) < 0 ||
	    (h[4] = cr_json_num(body, "funds_cny", 0, 1e12, &funds, err)) < 0 ||
	    (h[5] = cr_json_text(body, "evidence", 2000, &evidence, err)) < 0 ||
	    (h[6] = cr_json_str(body, "supervised_by", 16, &sup, err)) < 0)
		return NULL;
	/* A blank text counts as missing: a step that needs a reason needs a real one. */
	const char *texts[7] = { comment, dl, measures, resp, NULL, evidence, sup };
	unsigned present = h[4] == 0 ? CR_HF_FUNDS : 0;
	for (int i = 0; i < 7; i++)
		if (h[i] == 0 && texts[i] && *texts[i])
			present |= 1u << i;
	if (cr_db_begin(c, err))
		return NULL;
	json_t *before = cr_hazard_load(c, u, id, false, today, err), *out = NULL;
	struct cr_hazard_facts f;
	enum cr_hazard_state next;
	struct cr_hazard_row r;
	if (!before)
		goto out;
	cr_hazard_facts_of(before, &f);
	if (cr_hazard_transition_check(u, &f, to, present, sup, &next, err) ||
	    ((present & CR_HF_DEADLINE) && cr_hazard_deadline_check(dl, today, err)))
		goto out;
	cr_store_hazard_row_from_json(before, &r);
	r.state = cr_hazard_state_name(next);
	bool back = cr_hazard_is_rejection(f.state, next);
	unsigned given = cr_hazard_step_fields(present);
	unsigned writes = cr_hazard_step_writes(f.state, next, present);
	if (given & CR_HF_DEADLINE)
		r.deadline = dl;
	if (given & CR_HF_SUPERVISED_BY)
		r.supervised_by = sup;
	if (given & CR_HF_MEASURES)
		r.measures = measures;
	if (given & CR_HF_RESPONSIBLE)
		r.responsible = resp;
	if (given & CR_HF_FUNDS) {
		r.funds_cny = funds;
		r.has_funds = true;
	}
	if (given & CR_HF_EVIDENCE)
		r.evidence = evidence;
	if (writes & CR_HW_NEW_CLOCK) {
		r.escalation = cr_hazard_escalation_level(next, dl, today);
		r.escalated_at = NULL;
	}
	if (writes & CR_HW_RECTIFIED) {
		r.rectified_by = u->id;
		r.rectified_at = now;
	}
	if (writes & CR_HW_VERIFIED) {
		r.verified_by = u->id;
		r.verified_at = now;
	}
	if (writes & CR_HW_CLOSED)
		r.closed_at = now;
	if (writes & CR_HW_CLEAR_VERIFIED) {
		r.verified_by = 0;
		r.verified_at = NULL;
	}
	if (writes & CR_HW_CLEAR_RECTIFIED) {
		r.rectified_by = 0;
		r.rectified_at = NULL;
	}
	char action[32];
	snprintf(action, sizeof action, "%s:%s", back ? "reject" : "state", r.state);
	if (cr_store_hazard_update(c, id, &r, expect, err) ||
	    cr_store_hazard_event_add(c, id, u, cr_hazard_state_name(f.state), r.state,
				      comment ? comment : "", err))
		goto out;
	out = cr_hazard_commit(c, u, id, action, before, today, err);
out:
	if (!out)
		cr_db_rollback(c);
	json_decref(before);
	return out;
}

/* capability.h — use cases for emergency capability assessments (应急能力评估): the checklist
 * from configuration (data/capability-checklist.json, loaded at start), scoring an assessment of
 * a unit, a department or a district (domain/capability.c) with its audit entry, and the
 * history. Each json_t function returns a new reference, or NULL with err. */
#ifndef CR_SERVICE_CAPABILITY_H
#define CR_SERVICE_CAPABILITY_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"
#include "domain/user.h"

/* Reads <datadir>/capability-checklist.json into the process's checklist (once, before
 * serving). 0, or -1 with err naming the offending item. */
int cr_capability_load(const char *datadir, struct cr_err *err);

/* The checklist as the UI draws it: {"version","levels":[…],"weak_below","items":[{"code",
 * "area","kind","text","weight","required","subjects","basis"}]}. */
json_t *cr_capability_checklist(struct cr_err *err);

/* POST /capability-assessments {"subject":"unit"|"dept"|"district","unit_id"?,"region"?,
 * "dept"?,"assessed_on"?,"assessor"?,"answers":{code: number}} → 201 the result with "score",
 * "level", "level_cn", "weak" ([{"code","area","text"}]), "areas" ([{"area","area_cn","score"}]:
 * each area's score over its items, as the whole). Who may: a unit's — whoever may edit
 * the unit; a district's — the city office or that district; a department's — the city office
 * or that department (its city or district account). */
json_t *cr_capability_assess(struct cr_conn *c, const struct cr_user *u, const json_t *body,
			     struct cr_err *err);

/* GET /capability-assessments?subject=&unit_id=&region=&dept=&limit=&after=: the history in the
 * caller's scope, newest first; with region (exact, for a district) or unit_id or dept one
 * subject's history. */
struct cr_capability_query {
	const char *subject, *unit_id, *region, *dept, *after, *limit;
};
json_t *cr_capability_history(struct cr_conn *c, const struct cr_user *u,
			      const struct cr_capability_query *q, struct cr_err *err);

/* For reports: {"total": assessments in u's scope under region, "items": the newest assessment
 * of each subject (unit, department or district), newest first, at most max (≤
 * CR_CAPABILITY_LATEST_MAX) of the 500 newest}. Rows as in the history, with "areas". */
#define CR_CAPABILITY_LATEST_MAX 50
json_t *cr_capability_latest(struct cr_conn *c, const struct cr_user *u, const char *region,
			     size_t max, struct cr_err *err);

#endif

/* risks.h — use cases for risk points (风险点): grade with the configured method and direct rules
 * (risk_grade.c), record, change and version them (risk_record.c), grade again when a linked
 * hazard or installation changes (risk_regrade.c), list them (risk_lists.c); each write keeps
 * the unit's four-colour rating current. A point as answered: service/risk_view.h. */
#ifndef CR_SERVICE_RISKS_H
#define CR_SERVICE_RISKS_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"
#include "domain/methods.h"
#include "domain/user.h"
#include "store/risks.h"         /* struct cr_risk_filter */
#include "service/unit_rating.h" /* cr_unit_rating_refresh, which cr_risk_create_tx's callers call */

/* Ownership: every function returning json_t * returns a new reference the caller releases
 * with json_decref, or NULL with err filled (a write then rolled back). Strings inside queries
 * are borrowed for the call only. */
json_t *cr_risk_create(struct cr_conn *c, const struct cr_user *u, long long unit_id,
		       const json_t *body, struct cr_err *err);
/* Creates a risk point inside the caller's open transaction: the same checks, grading, version
 * and audit entry (with `action`, e.g. "create", "from_catalogue", "copy") as cr_risk_create,
 * but neither the unit rating nor the commit — refresh each touched unit with
 * cr_unit_rating_refresh, then commit; on NULL roll back. New reference. */
json_t *cr_risk_create_tx(struct cr_conn *c, const struct cr_user *u, long long unit_id,
			  const json_t *body, const char *action, struct cr_err *err);
/* 0 when u may add risk points to the unit (in scope, editable, active), else -1 with the same
 * 403/404/409 as cr_risk_create. */
int cr_risk_unit_writable(struct cr_conn *c, const struct cr_user *u, long long unit_id,
			  struct cr_err *err);
/* Checks the assessment part of a record as cr_risk_create does — "method" with "inputs"
 * graded into *out, "accident_types" (GB 6441 codes) and "measures" (by kind) when present —
 * for templates such as catalogue entries. 0, or -1 with err naming the field. */
int cr_risk_check_template(const json_t *rec, struct cr_assessment *out, struct cr_err *err);
json_t *cr_risk_read(struct cr_conn *c, const struct cr_user *u, long long id, struct cr_err *err);
json_t *cr_risk_patch(struct cr_conn *c, const struct cr_user *u, long long id, const json_t *body,
		      struct cr_err *err);
json_t *cr_risk_archive(struct cr_conn *c, const struct cr_user *u, long long id,
			struct cr_err *err);
json_t *cr_risk_history(struct cr_conn *c, const struct cr_user *u, long long id,
			struct cr_err *err);

struct cr_risk_query {
	const char *region, *sector, *dept, *grade, *q, *flagged, *after, *limit;
	long long unit_id;
};
json_t *cr_risk_list(struct cr_conn *c, const struct cr_user *u, const struct cr_risk_query *q,
		     struct cr_err *err);
/* The list's checked filter for q within u's scope (the list and the exports share it); sc
 * holds the region text f points to. 0, or -1 with err (400 naming the argument, 403). */
int cr_risk_list_filter(const struct cr_user *u, const struct cr_risk_query *q,
			struct cr_risk_filter *f, struct cr_scope *sc, struct cr_err *err);
/* The risk points of the unit q->unit_id, after checking the user may read that unit (403/404
 * rather than an empty list). */
json_t *cr_risk_list_of_unit(struct cr_conn *c, const struct cr_user *u,
			     const struct cr_risk_query *q, struct cr_err *err);

/* Grades without storing: {"method","inputs"} → {"score","grade","color","explain"}. */
json_t *cr_assess_preview(const json_t *body, struct cr_err *err);

/* Re-grades a risk point after a linked major hazard opened or closed (open = count now open).
 * Versioned and audited as `who`; call inside the writing transaction. */
int cr_risk_set_open_major_hazards(struct cr_conn *c, const struct cr_user *who, long long risk_id,
				   int open, struct cr_err *err);

/* Re-grades every active risk point of a unit after its installations changed (their major
 * hazard source grade feeds direct determination), versioning and auditing as `who` with
 * `action` each point whose grading changed, then refreshes the unit's rating. Call inside the
 * writing transaction. */
int cr_risk_regrade_unit(struct cr_conn *c, const struct cr_user *who, long long unit_id,
			 const char *action, struct cr_err *err);

#endif

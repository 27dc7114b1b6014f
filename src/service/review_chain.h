/* review_chain.h — use cases of the review chain of units' risk lists (风险清单审核): submit,
 * decide (approve or return with a comment), a report with its steps, the queue waiting on a
 * user, and where a unit's list stands. Each write is one transaction with its audit entry. */
#ifndef CR_SERVICE_REVIEW_CHAIN_H
#define CR_SERVICE_REVIEW_CHAIN_H

#include <jansson.h>
#include "store/sql.h"
#include <stdbool.h>

#include "core/err.h"
#include "domain/user.h"

/* Ownership: every function returning json_t * returns a new reference, or NULL with err filled
 * (a write then rolled back). */

/* POST /api/v1/units/{id}/submit {"note"?}: the unit's own account submits (or resubmits) its
 * list; the report's kind (initial, periodic, change) follows domain/reporting_cycle.h. 201 with
 * the report. */
json_t *cr_review_submit(struct cr_conn *c, const struct cr_user *u, long long unit_id,
			 const json_t *body, struct cr_err *err);
/* POST /api/v1/reviews/{id}/decision {"decision":"approve|return","comment","version"?}. */
json_t *cr_review_decide(struct cr_conn *c, const struct cr_user *u, long long id,
			 const json_t *body, struct cr_err *err);
/* GET /api/v1/reviews/{id}: the report, its steps and who acts next. */
json_t *cr_review_read(struct cr_conn *c, const struct cr_user *u, long long id,
		       struct cr_err *err);
/* A stored review row with "state_cn" and "waiting_on_cn" beside the codes, in place (NULL stays
 * NULL); every review the service answers with goes through it. */
json_t *cr_review_view(json_t *row);

struct cr_review_query {
	bool mine;                                            /* only the reports waiting on u */
	const char *region, *state, *unit_id, *limit, *after; /* as received, NULL = absent */
};
/* GET /api/v1/reviews?mine=1&region=&state=&unit_id=&limit=&after=: a page of reports in u's
 * scope (each unit's latest), newest first. */
json_t *cr_review_list(struct cr_conn *c, const struct cr_user *u, const struct cr_review_query *q,
		       struct cr_err *err);
/* GET /api/v1/units/{id}/review: where the unit's list stands — state, who acts next, the
 * latest report and its steps, the reports owed — and what u may do now. */
json_t *cr_review_unit_status(struct cr_conn *c, const struct cr_user *u, long long unit_id,
			      struct cr_err *err);

#endif

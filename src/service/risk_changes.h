/* risk_changes.h — the quarterly dynamic-update view (动态更新, seed 003 四(四)): new risk points,
 * raised and lowered grades, and points overdue for review, within the caller's scope. */
#ifndef CR_SERVICE_RISK_CHANGES_H
#define CR_SERVICE_RISK_CHANGES_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"
#include "domain/quarter.h"
#include "domain/user.h"
#include "store/risk_changes.h"

/* Items per list in the answer (counts are complete). */
#define CR_CHANGES_LIST_MAX 200

struct cr_changes_query {
	const char *quarter; /* "2026Q4"; NULL or "" = the current quarter (China Standard Time) */
	const char *region, *dept;
	const char *list; /* "new" | "raised" | "lowered" | "overdue_review": only that list */
	const char *offset, *limit; /* paging each list: 0 … and 1–200 (default 0 and 200) */
};

/* {"quarter","since","until","review_days","review_cutoff","counts":{"new","raised","lowered",
 * "overdue_review"},"offset","limit","new":[…],"raised":[…],"lowered":[…],"overdue_review":[…]} — see
 * docs/METHODS.md "Quarterly dynamic update". Scoped like cr_risk_list. 400 field "quarter" for a
 * bad quarter, field "list", "offset" or "limit" for a bad page. New reference, or NULL with err. */
json_t *cr_risk_changes(struct cr_conn *c, const struct cr_user *u,
			const struct cr_changes_query *q, struct cr_err *err);

/* The store's filter for q as cr_risk_changes builds it (quarter, scope, review cut-off, page):
 * the quarter into *qt, the cut-off date into cutoff and the scope into *sc (f points into
 * both, so they must live as long as f). Shared by
 * the export so the checks and scope are the view's. 0, or -1 with err (the same 400/403). */
int cr_risk_changes_filter(const struct cr_user *u, const struct cr_changes_query *q,
			   struct cr_change_filter *f, struct cr_scope *sc, struct cr_quarter *qt,
			   char cutoff[11], struct cr_err *err);

#endif

/* risk_changes.h — SQL for the quarterly dynamic-update view (动态更新): risk points created,
 * raised or lowered within a time window, and points overdue for review. Reads only. */
#ifndef CR_STORE_RISK_CHANGES_H
#define CR_STORE_RISK_CHANGES_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"

struct cr_change_filter {
	const char *region_prefix, *dept;  /* "" or NULL = any */
	long long unit_id;                 /* 0 = any */
	const char *since_utc, *until_utc; /* [since, until) as stored timestamps (UTC ISO) */
	const char *review_cutoff;         /* overdue: reviewed_at earlier than this, or never */
	int limit;                         /* items per list */
	long long offset;                  /* items skipped in each list (paging) */
	const char *only;                  /* a list's name: only that list's items; NULL = all */
};

/* Active points only. {"counts":{"new","raised","lowered","overdue_review"},"new":[…],
 * "raised":[…],"lowered":[…],"overdue_review":[…]}, items {"id","name","unit_id","unit_name",
 * "region","old_grade","grade","at"} most severe first. raised/lowered compare the grade before
 * the window's first change with the grade after its last. Each list holds items offset …
 * offset+limit-1 of that order; with `only`, the other lists are left out (counts stay). New
 * reference. */
json_t *cr_store_risk_changes(struct cr_conn *c, const struct cr_change_filter *f,
			      struct cr_err *err);

#endif

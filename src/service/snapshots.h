/* snapshots.h — use cases for snapshots of the risk register: freeze it as of a date (the city
 * office), list them, and compare two — new, removed, raised and lowered risk points by district
 * and by sector, within the caller's scope. Each returns a new reference, or NULL with err. */
#ifndef CR_SERVICE_SNAPSHOTS_H
#define CR_SERVICE_SNAPSHOTS_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"
#include "domain/user.h"

/* POST /snapshots {"label","as_of"?}: as_of a date not after today (default today). 201 body
 * {"id","label","as_of","points","created_by","created_at"}. Only the city office (403
 * snapshot_create). Audited. */
json_t *cr_snapshot_take(struct cr_conn *c, const struct cr_user *u, const json_t *body,
			 struct cr_err *err);
/* {"items":[…]} newest first; every account but a unit's (403 snapshot_scope). */
json_t *cr_snapshot_list(struct cr_conn *c, const struct cr_user *u, struct cr_err *err);
/* Compares snapshot a (before) with b (after) within region (narrowed to the caller's scope;
 * department accounts to their department): {"a","b","region","totals","by_district",
 * "by_sector"}, each group {"code","name","a","b","a_major","b_major","new","removed",
 * "raised","lowered","same"}. */
json_t *cr_snapshot_compare(struct cr_conn *c, const struct cr_user *u, const char *a,
			    const char *b, const char *region, struct cr_err *err);

#endif

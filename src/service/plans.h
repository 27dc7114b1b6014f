/* plans.h — use cases for emergency plans (应急预案): a unit's plans, the risk points and major
 * hazard sources each covers, their review and drill clock, and the gap lists (major hazard
 * sources without a plan — 一对一 —, plans overdue for review or drill). A unit's plans follow
 * the unit: whoever reads the unit reads them, whoever edits it writes them. Each returns a new
 * reference, or NULL with err. */
#ifndef CR_SERVICE_PLANS_H
#define CR_SERVICE_PLANS_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"
#include "domain/user.h"

/* {"items":[plan + "type_cn","review_due","drill_due","review_overdue","drill_overdue"]}. */
json_t *cr_plan_list_of_unit(struct cr_conn *c, const struct cr_user *u, long long unit_id,
			     struct cr_err *err);
json_t *cr_plan_create(struct cr_conn *c, const struct cr_user *u, long long unit_id,
		       const json_t *body, struct cr_err *err);
json_t *cr_plan_read(struct cr_conn *c, const struct cr_user *u, long long id, struct cr_err *err);
json_t *cr_plan_patch(struct cr_conn *c, const struct cr_user *u, long long id, const json_t *body,
		      struct cr_err *err);
json_t *cr_plan_archive(struct cr_conn *c, const struct cr_user *u, long long id,
			struct cr_err *err);
/* GET /plans/gaps?region=&dept=&unit_id=: {"sources_without_plan":[…],"overdue":[plan…],
 * "today"} within the caller's scope. */
json_t *cr_plan_gaps(struct cr_conn *c, const struct cr_user *u, const char *region,
		     const char *dept, const char *unit_id, struct cr_err *err);

#endif

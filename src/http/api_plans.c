/* api_plans.c — /api/v1/units/{id}/plans, /api/v1/plans/{id} and /api/v1/plans/gaps: HTTP in
 * and out for service/plans.c. No rules here. */
#include "http/api.h"
#include "service/plans.h"

int cr_api_unit_plans_list(struct cr_req *r)
{
	return cr_reply_id(r, 200, cr_plan_list_of_unit);
}

int cr_api_unit_plans_create(struct cr_req *r)
{
	return cr_reply_id_body(r, 201, cr_plan_create);
}

int cr_api_plan_get(struct cr_req *r)
{
	return cr_reply_id(r, 200, cr_plan_read);
}

int cr_api_plan_patch(struct cr_req *r)
{
	return cr_reply_id_body(r, 200, cr_plan_patch);
}

int cr_api_plan_delete(struct cr_req *r)
{
	return cr_reply_id(r, 200, cr_plan_archive);
}

int cr_api_plans_gaps(struct cr_req *r)
{
	return cr_reply_or_err(r, 200,
			       cr_plan_gaps(r->db, &r->user, cr_arg(r, "region"), cr_arg(r, "dept"),
					    cr_arg(r, "unit_id"), &r->err));
}

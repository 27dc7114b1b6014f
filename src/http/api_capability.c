/* api_capability.c — /api/v1/capability-assessments: HTTP in and out for
 * service/capability.c (the checklist, an assessment, the history). No rules here. */
#include "http/api.h"
#include "service/capability.h"

int cr_api_capability_list(struct cr_req *r)
{
	struct cr_capability_query q = {
		.subject = cr_arg(r, "subject"),
		.unit_id = cr_arg(r, "unit_id"),
		.region = cr_arg(r, "region"),
		.dept = cr_arg(r, "dept"),
		.after = cr_arg(r, "after"),
		.limit = cr_arg(r, "limit"),
	};
	return cr_reply_or_err(r, 200, cr_capability_history(r->db, &r->user, &q, &r->err));
}

int cr_api_capability_create(struct cr_req *r)
{
	return cr_reply_body(r, 201, cr_capability_assess);
}

int cr_api_capability_checklist(struct cr_req *r)
{
	return cr_reply_or_err(r, 200, cr_capability_checklist(&r->err));
}

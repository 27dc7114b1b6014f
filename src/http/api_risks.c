/* api_risks.c — /api/v1/risks, /api/v1/units/{id}/risks, /api/v1/assess and the unit rating:
 * HTTP in and out for service/risks.c. */
#include <stdlib.h>

#include "http/api.h"
#include "service/export.h"
#include "service/risks.h"

static void read_query(struct cr_req *r, struct cr_risk_query *q)
{
	*q = (struct cr_risk_query){
		.region = cr_arg(r, "region"),
		.sector = cr_arg(r, "sector"),
		.dept = cr_arg(r, "dept"),
		.grade = cr_arg(r, "grade"),
		.q = cr_arg(r, "q"),
		.flagged = cr_arg(r, "flagged"),
		.after = cr_arg(r, "after"),
		.limit = cr_arg(r, "limit"),
	};
}

int cr_api_risks_list(struct cr_req *r)
{
	struct cr_risk_query q;
	read_query(r, &q);
	const char *unit = cr_arg(r, "unit_id");
	if (unit && *unit) {
		char *end;
		q.unit_id = strtoll(unit, &end, 10);
		if (*end || q.unit_id <= 0)
			return cr_err_set(&r->err, 400, "invalid", "unit_id",
					  "unit_id must be an id");
	}
	if (cr_api_export_asked(r))
		return cr_api_export(
			r, &(struct cr_export_query){ .kind = CR_EXPORT_RISKS, .risks = q });
	return cr_reply_or_err(r, 200, cr_risk_list(r->db, &r->user, &q, &r->err));
}

int cr_api_unit_risks_list(struct cr_req *r)
{
	struct cr_risk_query q;
	read_query(r, &q);
	if (cr_param_id(r, 0, &q.unit_id))
		return -1;
	return cr_reply_or_err(r, 200, cr_risk_list_of_unit(r->db, &r->user, &q, &r->err));
}

int cr_api_unit_risks_create(struct cr_req *r)
{
	return cr_reply_id_body(r, 201, cr_risk_create);
}

int cr_api_risk_get(struct cr_req *r)
{
	return cr_reply_id(r, 200, cr_risk_read);
}

int cr_api_risk_patch(struct cr_req *r)
{
	return cr_reply_id_body(r, 200, cr_risk_patch);
}

int cr_api_risk_delete(struct cr_req *r)
{
	return cr_reply_id(r, 200, cr_risk_archive);
}

int cr_api_risk_history(struct cr_req *r)
{
	return cr_reply_id(r, 200, cr_risk_history);
}

int cr_api_assess(struct cr_req *r)
{
	json_t *body = cr_body_json(r);
	if (!body)
		return -1;
	json_t *out = cr_assess_preview(body, &r->err);
	json_decref(body);
	return cr_reply_or_err(r, 200, out);
}

int cr_api_unit_rating(struct cr_req *r)
{
	return cr_reply_id(r, 200, cr_unit_rating);
}

/* api_risk_changes.c — GET /api/v1/risks/changes, the quarterly dynamic-update view: HTTP in and
 * out for service/risk_changes.c. No rules here. */
#include "http/api.h"
#include "service/export.h"
#include "service/risk_changes.h"

int cr_api_risk_changes(struct cr_req *r)
{
	struct cr_changes_query q = { .quarter = cr_arg(r, "quarter"),
				      .region = cr_arg(r, "region"),
				      .dept = cr_arg(r, "dept"),
				      .list = cr_arg(r, "list"),
				      .offset = cr_arg(r, "offset"),
				      .limit = cr_arg(r, "limit") };
	if (cr_api_export_asked(r))
		return cr_api_export(
			r, &(struct cr_export_query){ .kind = CR_EXPORT_CHANGES, .changes = q });
	return cr_reply_or_err(r, 200, cr_risk_changes(r->db, &r->user, &q, &r->err));
}

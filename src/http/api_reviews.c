/* api_reviews.c — /api/v1/units/{id}/submit, /api/v1/units/{id}/review, /api/v1/reviews and
 * /api/v1/reporting/owed: HTTP in and out for service/review_chain.c and service/reporting.c. */
#include <string.h>

#include "http/api.h"
#include "service/reporting.h"
#include "service/review_chain.h"

int cr_api_unit_submit(struct cr_req *r)
{
	return cr_reply_id_body(r, 201, cr_review_submit);
}

int cr_api_unit_review(struct cr_req *r)
{
	return cr_reply_id(r, 200, cr_review_unit_status);
}

int cr_api_reviews_list(struct cr_req *r)
{
	const char *mine = cr_arg(r, "mine");
	struct cr_review_query q = {
		.mine = mine && (strcmp(mine, "1") == 0 || strcmp(mine, "true") == 0),
		.region = cr_arg(r, "region"),
		.state = cr_arg(r, "state"),
		.unit_id = cr_arg(r, "unit_id"),
		.limit = cr_arg(r, "limit"),
		.after = cr_arg(r, "after"),
	};
	return cr_reply_or_err(r, 200, cr_review_list(r->db, &r->user, &q, &r->err));
}

int cr_api_review_get(struct cr_req *r)
{
	return cr_reply_id(r, 200, cr_review_read);
}

int cr_api_review_decision(struct cr_req *r)
{
	return cr_reply_id_body(r, 200, cr_review_decide);
}

int cr_api_reporting_owed(struct cr_req *r)
{
	struct cr_reporting_query q = {
		.region = cr_arg(r, "region"),
		.dept = cr_arg(r, "dept"),
		.kind = cr_arg(r, "kind"),
		.late = cr_arg(r, "late"),
		.as_of = cr_arg(r, "as_of"),
		.limit = cr_arg(r, "limit"),
	};
	return cr_reply_or_err(r, 200, cr_reporting_owed_list(r->db, &r->user, &q, &r->err));
}

/* api_cap.c — /api/v1/cap-alerts and the public CAP 1.2 feed /api/v1/alerts.cap: HTTP in and out
 * for service/cap.c. */
#include "http/api.h"
#include "service/cap.h"

int cr_api_cap_list(struct cr_req *r)
{
	return cr_reply_or_err(r, 200, cr_cap_list(r->db, &r->user, cr_arg(r, "state"), &r->err));
}

int cr_api_cap_create(struct cr_req *r)
{
	return cr_reply_body(r, 201, cr_cap_create);
}

int cr_api_cap_approve(struct cr_req *r)
{
	return cr_reply_id(r, 200, cr_cap_approve);
}

int cr_api_cap_feed(struct cr_req *r)
{
	size_t len = 0;
	char *xml = cr_cap_feed(r->db, &len, &r->err);
	return cr_reply_raw(r, 200, "application/atom+xml; charset=utf-8", xml, len);
}

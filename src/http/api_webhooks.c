/* api_webhooks.c — /api/v1/webhooks: HTTP in and out for the webhook use cases in
 * service/webhook.c. */
#include "http/api.h"
#include "service/webhook.h"

int cr_api_webhooks_list(struct cr_req *r)
{
	return cr_reply_or_err(r, 200, cr_webhook_list(r->db, &r->user, &r->err));
}

int cr_api_webhooks_create(struct cr_req *r)
{
	return cr_reply_body(r, 201, cr_webhook_create);
}

int cr_api_webhook_patch(struct cr_req *r)
{
	return cr_reply_id_body(r, 200, cr_webhook_patch);
}

int cr_api_webhook_deliveries(struct cr_req *r)
{
	long long id;
	if (cr_param_id(r, 0, &id))
		return -1;
	return cr_reply_or_err(r, 200,
			       cr_webhook_deliveries(r->db, &r->user, id, cr_arg(r, "state"),
						     cr_arg(r, "after"), cr_arg(r, "limit"),
						     &r->err));
}

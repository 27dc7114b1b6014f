/* api_signals.c — /api/v1/signals: HTTP in and out for the external signal use cases in
 * service/signal.c. */
#include "http/api.h"
#include "service/signal.h"

int cr_api_signals_list(struct cr_req *r)
{
	return cr_reply_or_err(r, 200, cr_signal_list(r->db, &r->user, &r->err));
}

int cr_api_signals_create(struct cr_req *r)
{
	return cr_reply_body(r, 201, cr_signal_post);
}

/* api_alerts.c — /api/v1/alerts and /api/v1/dynamic-reports: HTTP in and out for the early
 * warning use cases in service/alert.c and service/dynamic_report.c. */
#include "http/api.h"
#include "service/alert.h"
#include "service/dynamic_report.h"

int cr_api_dynamic_reports_list(struct cr_req *r)
{
	struct cr_dynamic_report_query q = {
		.region = cr_arg(r, "region"),
		.kind = cr_arg(r, "kind"),
		.unit_id = cr_arg(r, "unit_id"),
		.after = cr_arg(r, "after"),
		.limit = cr_arg(r, "limit"),
	};
	return cr_reply_or_err(r, 200, cr_dynamic_report_list(r->db, &r->user, &q, &r->err));
}

int cr_api_dynamic_reports_create(struct cr_req *r)
{
	return cr_reply_body(r, 201, cr_dynamic_report_create);
}

int cr_api_dynamic_report_get(struct cr_req *r)
{
	return cr_reply_id(r, 200, cr_dynamic_report_read);
}

int cr_api_alerts_list(struct cr_req *r)
{
	struct cr_alert_query q = {
		.region = cr_arg(r, "region"),
		.state = cr_arg(r, "state"),
		.rule = cr_arg(r, "rule"),
		.level = cr_arg(r, "level"),
		.after = cr_arg(r, "after"),
		.limit = cr_arg(r, "limit"),
		.subscribed = cr_arg(r, "subscribed"),
	};
	return cr_reply_or_err(r, 200, cr_alert_list(r->db, &r->user, &q, &r->err));
}

int cr_api_alert_get(struct cr_req *r)
{
	return cr_reply_id(r, 200, cr_alert_read);
}

int cr_api_alert_ack(struct cr_req *r)
{
	return cr_reply_id(r, 200, cr_alert_ack);
}

int cr_api_alert_close(struct cr_req *r)
{
	return cr_reply_id(r, 200, cr_alert_close);
}

int cr_api_alerts_evaluate(struct cr_req *r)
{
	return cr_reply_body(r, 200, cr_alert_evaluate);
}

int cr_api_alert_subscription_get(struct cr_req *r)
{
	return cr_reply_or_err(r, 200, cr_alert_subscription_read(r->db, &r->user, &r->err));
}

int cr_api_alert_subscription_put(struct cr_req *r)
{
	return cr_reply_body(r, 200, cr_alert_subscription_put);
}

int cr_api_alert_subscription_delete(struct cr_req *r)
{
	return cr_reply_or_err(r, 200, cr_alert_subscription_clear(r->db, &r->user, &r->err));
}

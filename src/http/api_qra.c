/* api_qra.c — POST /api/v1/qra/consequence and /api/v1/qra/risk: quantitative risk assessment
 * by service/qra.c. They compute from the body and store nothing. */
#include "http/api.h"
#include "service/qra.h"

int cr_api_qra_consequence(struct cr_req *r)
{
	json_t *body = cr_body_json(r);
	if (!body)
		return -1;
	json_t *out = cr_qra_consequence_json(body, &r->err);
	json_decref(body);
	return cr_reply_or_err(r, 200, out);
}

int cr_api_qra_risk(struct cr_req *r)
{
	json_t *body = cr_body_json(r);
	if (!body)
		return -1;
	json_t *out = cr_qra_risk_json(body, 0, NULL, &r->err);
	json_decref(body);
	return cr_reply_or_err(r, 200, out);
}

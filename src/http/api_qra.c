/* api_qra.c — POST /api/v1/qra/consequence, /qra/risk and /qra/grade: quantitative risk
 * assessment by service/qra.c, the registry's targets added by service/qra_targets.c when a
 * request asks for them. They compute from the body and store nothing. */
#include "http/api.h"
#include "service/config.h"
#include "service/qra.h"
#include "service/qra_targets.h"

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
	json_t *req = cr_qra_with_targets(r->db, &r->user, body, &r->err);
	json_t *out = req ? cr_qra_risk_json(req, 0, NULL, &r->err) : NULL;
	json_decref(req);
	json_decref(body);
	return cr_reply_or_err(r, 200, out);
}

int cr_api_qra_grade(struct cr_req *r)
{
	json_t *body = cr_body_json(r);
	if (!body)
		return -1;
	json_t *req = cr_qra_with_targets(r->db, &r->user, body, &r->err);
	json_t *out = req ? cr_qra_grade_json(req, &cr_config()->methods, &r->err) : NULL;
	json_decref(req);
	json_decref(body);
	return cr_reply_or_err(r, 200, out);
}

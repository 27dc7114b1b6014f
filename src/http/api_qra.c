/* api_qra.c — POST /api/v1/qra/consequence, /qra/risk and /qra/grade: quantitative risk
 * assessment by service/qra.c, the registry's targets added by service/qra_targets.c when a
 * request asks for them (they compute from the body and store nothing); and a major hazard
 * source's stored scenarios and their risk (/installations/{id}/qra-*, /qra-scenarios/{id}). */
#include "http/api.h"
#include "service/config.h"
#include "service/qra.h"
#include "service/qra_scenarios.h"
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

/* ---- a major hazard source's stored scenarios (service/qra_scenarios.c) ---- */

int cr_api_installation_qra_scenarios(struct cr_req *r)
{
	return cr_reply_id(r, 200, cr_qra_scenario_list);
}

int cr_api_installation_qra_scenario_add(struct cr_req *r)
{
	return cr_reply_id_body(r, 201, cr_qra_scenario_create);
}

int cr_api_qra_scenario_patch(struct cr_req *r)
{
	return cr_reply_id_body(r, 200, cr_qra_scenario_patch);
}

int cr_api_qra_scenario_delete(struct cr_req *r)
{
	return cr_reply_id(r, 200, cr_qra_scenario_archive);
}

int cr_api_installation_qra_risk(struct cr_req *r)
{
	long long id;
	if (cr_param_id(r, 0, &id))
		return -1;
	return cr_reply_or_err(
		r, 200,
		cr_qra_installation_risk(r->db, &r->user, id, cr_arg(r, "cell_m"), &r->err));
}

/* api_catalogue.c — /api/v1/catalogue, /api/v1/units/{id}/risks/from-catalogue and
 * /api/v1/risks/copy: HTTP in and out for service/catalogue.c. No rules here. */
#include "http/api.h"
#include "service/catalogue.h"

int cr_api_catalogue_list(struct cr_req *r)
{
	return cr_reply_or_err(r, 200, cr_catalogue_list(r->db, &r->user, cr_arg(r, "sector"),
							 cr_arg(r, "dept"), &r->err));
}

int cr_api_catalogue_get(struct cr_req *r)
{
	long long id;
	if (cr_param_id(r, 0, &id))
		return -1;
	return cr_reply_or_err(r, 200, cr_catalogue_read(r->db, &r->user, id, &r->err));
}

int cr_api_catalogue_create(struct cr_req *r)
{
	json_t *body = cr_body_json(r);
	if (!body)
		return -1;
	json_t *out = cr_catalogue_create(r->db, &r->user, body, &r->err);
	json_decref(body);
	return cr_reply_or_err(r, 201, out);
}

int cr_api_catalogue_patch(struct cr_req *r)
{
	long long id;
	if (cr_param_id(r, 0, &id))
		return -1;
	json_t *body = cr_body_json(r);
	if (!body)
		return -1;
	json_t *out = cr_catalogue_patch(r->db, &r->user, id, body, &r->err);
	json_decref(body);
	return cr_reply_or_err(r, 200, out);
}

int cr_api_catalogue_delete(struct cr_req *r)
{
	long long id;
	if (cr_param_id(r, 0, &id))
		return -1;
	return cr_reply_or_err(r, 200, cr_catalogue_archive(r->db, &r->user, id, &r->err));
}

int cr_api_unit_risks_from_catalogue(struct cr_req *r)
{
	long long unit_id;
	if (cr_param_id(r, 0, &unit_id))
		return -1;
	json_t *body = cr_body_json(r);
	if (!body)
		return -1;
	json_t *out = cr_risks_from_catalogue(r->db, &r->user, unit_id, body, &r->err);
	json_decref(body);
	return cr_reply_or_err(r, 201, out);
}

int cr_api_risks_copy(struct cr_req *r)
{
	json_t *body = cr_body_json(r);
	if (!body)
		return -1;
	json_t *out = cr_risks_copy(r->db, &r->user, body, &r->err);
	json_decref(body);
	return cr_reply_or_err(r, 201, out);
}

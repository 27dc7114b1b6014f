/* api_installations.c — /api/v1/chemicals, /api/v1/gb18218/assess, /api/v1/units/{id}/installations
 * /api/v1/installations/{id} and /api/v1/map/installations: HTTP in and out for service/installations.c. */
#include "http/api.h"
#include "service/installations.h"

int cr_api_chemicals(struct cr_req *r)
{
	return cr_reply_or_err(r, 200, cr_chemical_search(r->db, cr_arg(r, "q"), &r->err));
}

int cr_api_gb18218_assess(struct cr_req *r)
{
	json_t *body = cr_body_json(r);
	if (!body)
		return -1;
	json_t *out = cr_installation_assess(r->db, body, &r->err);
	json_decref(body);
	return cr_reply_or_err(r, 200, out);
}

int cr_api_unit_installations_list(struct cr_req *r)
{
	return cr_reply_id(r, 200, cr_installation_list_of_unit);
}

int cr_api_unit_installations_create(struct cr_req *r)
{
	return cr_reply_id_body(r, 201, cr_installation_create);
}

int cr_api_installation_get(struct cr_req *r)
{
	return cr_reply_id(r, 200, cr_installation_read);
}

int cr_api_installation_patch(struct cr_req *r)
{
	return cr_reply_id_body(r, 200, cr_installation_patch);
}

int cr_api_installation_delete(struct cr_req *r)
{
	return cr_reply_id(r, 200, cr_installation_archive);
}

int cr_api_map_installations(struct cr_req *r)
{
	return cr_reply_or_err(r, 200,
			       cr_installation_map(r->db, &r->user, cr_arg(r, "region"),
						   cr_arg(r, "dept"), &r->err));
}

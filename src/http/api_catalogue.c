/* api_catalogue.c — /api/v1/catalogue, /api/v1/units/{id}/risks/from-catalogue and
 * /api/v1/risks/copy: HTTP in and out for service/catalogue.c. No rules here. */
#include "http/api.h"
#include "service/catalogue.h"

int cr_api_catalogue_list(struct cr_req *r)
{
	return cr_reply_or_err(r, 200,
			       cr_catalogue_list(r->db, &r->user, cr_arg(r, "sector"),
						 cr_arg(r, "dept"), &r->err));
}

int cr_api_catalogue_get(struct cr_req *r)
{
	return cr_reply_id(r, 200, cr_catalogue_read);
}

int cr_api_catalogue_create(struct cr_req *r)
{
	return cr_reply_body(r, 201, cr_catalogue_create);
}

int cr_api_catalogue_patch(struct cr_req *r)
{
	return cr_reply_id_body(r, 200, cr_catalogue_patch);
}

int cr_api_catalogue_delete(struct cr_req *r)
{
	return cr_reply_id(r, 200, cr_catalogue_archive);
}

int cr_api_unit_risks_from_catalogue(struct cr_req *r)
{
	return cr_reply_id_body(r, 201, cr_risks_from_catalogue);
}

int cr_api_risks_copy(struct cr_req *r)
{
	return cr_reply_body(r, 201, cr_risks_copy);
}

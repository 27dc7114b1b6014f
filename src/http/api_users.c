/* api_users.c — /api/v1/users: account administration for the city office and districts. */
#include "http/api.h"
#include "service/users.h"

int cr_api_users_list(struct cr_req *r)
{
	return cr_reply_or_err(r, 200, cr_users_list(r->db, &r->user, &r->err));
}

int cr_api_users_create(struct cr_req *r)
{
	json_t *body = cr_body_json(r);
	if (!body)
		return -1;
	json_t *out = cr_users_create(r->db, &r->user, body, &r->err);
	json_decref(body);
	return cr_reply_or_err(r, 201, out);
}

int cr_api_user_patch(struct cr_req *r)
{
	long long id;
	if (cr_param_id(r, 0, &id))
		return -1;
	json_t *body = cr_body_json(r);
	if (!body)
		return -1;
	json_t *out = cr_users_patch(r->db, &r->user, id, body, &r->err);
	json_decref(body);
	return cr_reply_or_err(r, 200, out);
}
